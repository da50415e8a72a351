/* Last of the course scripts (course-core.js explains the parts): runs them on every page. Through
 * Material's document$ when there is one, so it also runs after each instant navigation (web edition);
 * otherwise once the page is parsed (the editions opened from files, where instant navigation is off). */
(function () {
  "use strict";
  if (!window.Course) return;
  var UI = Course.config.ui.interactive, all = Course.all;

  function init() {
    /* Material's search dialog has no accessible name (axe: aria-dialog-name). */
    var search = document.querySelector(".md-search[role=dialog]");
    if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", UI.search_dialog);
    var state = Course.storage.load();
    Course.progress.markOpened(state);
    all(document, "section.quiz[data-quiz]").forEach(function (s) { Course.quiz.init(s, state); });
    var progress = document.querySelector("[data-course-progress]");
    if (progress) Course.progress.init(progress, state);
    var certificate = document.querySelector("[data-course-certificate]");
    if (certificate) Course.certificate.init(certificate, state);
    Course.progress.markNav(state);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
