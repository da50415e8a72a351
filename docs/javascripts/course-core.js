/* The course's browser code, in small classic scripts that every page loads in the order of
 * macros/browser.py: course-core (this one), storage, quiz, progress, certificate, init. No library, no
 * inline script, no ES module (a package opened from file:// cannot load one), and one global,
 * `window.Course`, which this script creates and the others fill in.
 * Here: the settings (course-config.js, written by the build as macros/contract.py declares them; the UI
 * strings come from content_src/ui.yml) and the small helpers every part shares. */
(function () {
  "use strict";
  var C = window.__COURSE__;
  if (!C) return; /* no settings (the course plugin is off): no Course, and every part stays idle */
  /* quiz-keys/ sits beside these scripts: their own address works under any sub-path, from file:// and in an LMS. */
  var SCRIPT = document.currentScript;

  function moduleOf(id) {
    for (var i = 0; i < C.modules.length; i++) if (C.modules[i].id === id) return C.modules[i];
    return null;
  }

  window.Course = {
    config: C,
    /* the folder of the course scripts, or null when the page cannot tell */
    base: SCRIPT ? SCRIPT.src.replace(/[^/]*$/, "") : null,
    /* a UI string with its {placeholders} filled in */
    fmt: function (text, values) {
      return text.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
    },
    el: function (tag, cls, text) {
      var e = document.createElement(tag);
      if (cls) e.className = cls;
      if (text != null) e.textContent = text;
      return e;
    },
    all: function (root, sel) { return Array.prototype.slice.call(root.querySelectorAll(sel)); },
    /* a module's entry in the settings, or null */
    moduleOf: moduleOf,
    /* the version of a quiz as the pages carry it (the final test's or a module's), or null */
    versionOf: function (id) {
      if (id === C.finalQuizId) return C.finalVersion;
      var m = moduleOf(id);
      return m ? m.version : null;
    }
  };
})();
