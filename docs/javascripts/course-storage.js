/* The learner's record (course-core.js explains the parts). Corrupt or foreign data is ignored (and
 * reported), unavailable storage is survived. The record goes to a store: this browser's localStorage, or,
 * in the LMS editions, the one the launch page offers (macros/scorm/lms.js, which alone knows SCORM). A store
 * has read() → record, JSON text or null, write(record) → kept or not, clear(), savedText (said after
 * grading) and problem() → text or null. */
(function () {
  "use strict";
  if (!window.Course) return;
  var C = Course.config, UI = C.ui.interactive, KEY = C.storageKey;
  var memory = { v: 1, modules: {} }, storageOk = true;
  var STORE = (function () { try { return window.parent !== window && window.parent.courseStore || null; } catch (e) { return null; } })() || {
    savedText: UI.saved,
    read: function () { return window.localStorage.getItem(KEY); },
    write: function (state) { window.localStorage.setItem(KEY, JSON.stringify(state)); return true; },
    clear: function () { window.localStorage.removeItem(KEY); return true; },
    problem: function () { return null; }
  };

  function load() {
    var raw;
    try { raw = STORE.read(); } catch (e) { storageOk = false; return memory; }
    if (raw == null) return memory;
    try {
      memory = clean(typeof raw === "string" ? JSON.parse(raw) : raw);
    } catch (e) {
      console.warn("[course] 保存された学習記録を読み込めないため無視します:", e.message);
      memory = { v: 1, modules: {} };
    }
    return memory;
  }
  /* A stored record as these scripts expect it. What another version, a corrupt write or a hand edit left
   * is dropped part by part (and reported), so one broken entry never locks a learner out of a quiz. */
  function clean(data) {
    if (!data || typeof data !== "object" || Array.isArray(data) || data.v !== 1) throw new Error("unexpected shape");
    var out = { v: 1, modules: {} }, dropped = [];
    if (isNumber(data.seed)) out.seed = data.seed;
    var modules = isObject(data.modules) ? data.modules : (dropped.push("modules"), {});
    Object.keys(modules).forEach(function (id) {
      var r = modules[id];
      if (!isObject(r)) { dropped.push(id); return; }
      var keep = {};
      if (r.opened === true) keep.opened = true;
      if (isNumber(r.attempt)) keep.attempt = r.attempt;
      if (typeof r.version === "string" && isNumber(r.score) && isNumber(r.total) && r.total > 0 &&
          r.score >= 0 && r.score <= r.total && isNumber(r.percent) && typeof r.passed === "boolean") {
        ["version", "score", "total", "percent", "passed", "date"].forEach(function (k) { if (k in r) keep[k] = r[k]; });
        if (Array.isArray(r.drawn) && r.drawn.every(isString)) keep.drawn = r.drawn;
        if (isObject(r.answers) && Object.keys(r.answers).every(function (q) {
          return Array.isArray(r.answers[q]) && r.answers[q].every(isString);
        })) keep.answers = r.answers;
      } else if ("version" in r || "score" in r) dropped.push(id);
      out.modules[id] = keep;
    });
    if (dropped.length) console.warn("[course] 学習記録の一部が壊れているため無視します:", dropped.join(", "));
    return out;
  }
  function isObject(x) { return !!x && typeof x === "object" && !Array.isArray(x); }
  function isNumber(x) { return typeof x === "number" && isFinite(x); }
  function isString(x) { return typeof x === "string"; }
  function save(state) {
    memory = state;
    try { storageOk = STORE.write(state) !== false; } catch (e) {
      storageOk = false;
      console.warn("[course] 学習記録を保存できません:", e.message);
    }
    return storageOk;
  }

  Course.storage = {
    /* the record (an empty one when there is none or it cannot be read) */
    load: load,
    /* keep the record; false when the store did not take it */
    save: save,
    /* forget the record (progress reset); the empty record that replaces it */
    reset: function () {
      try { STORE.clear(); } catch (e) { /* storage unavailable: nothing kept anyway */ }
      memory = { v: 1, modules: {} };
      return memory;
    },
    /* where the last result went, or why it did not: { saved, text } for the live region */
    outcome: function () {
      return storageOk ? { saved: true, text: STORE.savedText } : { saved: false, text: STORE.problem() || UI.storage_unavailable };
    },
    /* the notices under root that say the record is not kept (or why the LMS refused it) */
    showNotice: function (root) {
      var problem = STORE.problem();
      Course.all(root, ".quiz-storage").forEach(function (p) {
        p.textContent = problem || UI.storage_unavailable;
        p.hidden = storageOk && !problem;
      });
    }
  };
})();
