/* Progress (course-core.js explains the parts): which results count, the ✓ beside passed modules in the
 * navigation, the progress page with its reset, and a module page marked as opened. */
(function () {
  "use strict";
  if (!window.Course) return;
  var C = Course.config, UI = C.ui.interactive, P = C.ui.progress;
  var fmt = Course.fmt, el = Course.el, all = Course.all, storage = Course.storage;
  /* A link to a module's page: <modulePages>/<id>/, <modulePages>/<id>/index.html or <modulePages>/<id>.html. */
  var MODULE_LINK = new RegExp(C.modulePages.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") +
    "\\/([a-z0-9-]+)(?:\\/(?:index\\.html)?|\\.html)?$");

  /* A stored result counts only if it was made on the same version of the quiz. */
  function result(state, id, version) {
    var r = state.modules[id];
    return r && r.version === version && typeof r.percent === "number" ? r : null;
  }
  function passed(state, id) { var r = result(state, id, Course.versionOf(id)); return !!(r && r.passed); }
  function missingRequired(state) {
    return C.required.filter(function (id) { return !passed(state, id); });
  }
  function hasQuiz(id) {
    var m = Course.moduleOf(id);
    return !!m && m.questions > 0;
  }

  function markNav(state) {
    all(document, ".md-nav__link[href]").forEach(function (a) {
      var m = MODULE_LINK.exec(a.pathname);
      var old = a.querySelector(".course-nav-passed");
      if (old) old.remove();
      /* not the page's table of contents (#…), not a collapsed module group (a link to its first module) */
      var module = m && !a.hash && !a.closest(".md-nav__item--pruned");
      if (module && passed(state, m[1])) {
        var badge = el("span", "course-nav-passed", "✓ " + UI.nav_passed);
        (a.querySelector(".md-ellipsis") || a).appendChild(badge);
      }
    });
  }
  /* A module's page (its summary is on it) counts as opened once the learner has been there. */
  function markOpened(state) {
    var page = document.querySelector("[data-module]");
    if (!page || !page.classList.contains("course-summary")) return;
    var id = page.getAttribute("data-module");
    state.modules[id] = state.modules[id] || {};
    if (!state.modules[id].opened) { state.modules[id].opened = true; storage.save(state); }
  }
  function initProgress(root, state) {
    offerReset(root);
    all(document, "[data-cell]").forEach(function (cell) {
      var id = cell.getAttribute("data-module"), kind = cell.getAttribute("data-cell");
      var rec = state.modules[id] || {}, r = result(state, id, Course.versionOf(id));
      if (kind === "opened") cell.textContent = rec.opened ? "✓ " + P.opened_yes : P.opened_no;
      else if (id !== C.finalQuizId && !hasQuiz(id)) cell.textContent = P.no_quiz;
      else if (!r) cell.textContent = P.not_taken;
      else cell.textContent = r.passed ? "✓ " + fmt(P.passed, { percent: r.percent }) : fmt(P.not_passed, { percent: r.percent });
    });
    var done = C.required.length - missingRequired(state).length;
    var percent = C.required.length ? Math.round((done / C.required.length) * 100) : 100;
    root.querySelector("[data-progress-overall]").textContent = fmt(P.overall, { done: done, total: C.required.length, percent: percent });
    var cert = document.querySelector("[data-progress-certificate]");
    if (cert) cert.hidden = done < C.required.length;
  }
  /* Shown before anything else on the page is filled in: a learner with a broken record can always start over. */
  function offerReset(root) {
    var reset = document.querySelector(".progress-reset");
    if (!reset) return;
    reset.hidden = false;
    reset.onclick = function () {
      if (!window.confirm(P.reset_confirm)) return;
      var empty = storage.reset();
      initProgress(root, empty);
      markNav(empty);
      root.querySelector("[data-progress-overall]").textContent += " " + P.reset_done;
    };
    storage.showNotice(document);
  }

  Course.progress = {
    /* the stored result of a quiz if it was made on this version of it, or null */
    result: result,
    /* the required modules (and final test) not passed yet, in course order */
    missing: missingRequired,
    markNav: markNav,
    markOpened: markOpened,
    /* fill in the progress page's table ([data-course-progress]) */
    init: initProgress
  };
})();
