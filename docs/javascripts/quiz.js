/* Quizzes, progress and certificate. No library and no inline script: the settings are in
 * course-config.js, the UI strings in content_src/ui.yml. A quiz page carries no answer key: the key and
 * the explanations of quiz <id> are in quiz-keys/<id>.js, loaded when the learner asks for grading
 * (deterrence against peeking at the page source, not security). Options are shown in an order of the
 * learner's own, kept across reloads and changed on every retry.
 * Runs on every page through Material's document$, so it also works with instant navigation. */
(function () {
  "use strict";
  var C = window.__COURSE__;
  if (!C) return;
  /* quiz-keys/ sits beside this script: its own address works under any sub-path, from file:// and in an LMS. */
  var SCRIPT = document.currentScript, KEYS_BASE = SCRIPT ? SCRIPT.src.replace(/[^/]*$/, "") + "quiz-keys/" : null;
  var UI = C.ui.interactive, P = C.ui.progress, CERT = C.ui.certificate;
  var KEY = C.storageKey;
  /* A link to a module's page: <modulePages>/<id>/, <modulePages>/<id>/index.html or <modulePages>/<id>.html. */
  var MODULE_LINK = new RegExp(C.modulePages.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") +
    "\\/([a-z0-9-]+)(?:\\/(?:index\\.html)?|\\.html)?$");

  function fmt(text, values) {
    return text.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function all(root, sel) { return Array.prototype.slice.call(root.querySelectorAll(sel)); }

  /* ---- storage: corrupt or foreign data is ignored (and reported), unavailable storage is survived.
   * The record goes to a store: this browser's localStorage, or, in the LMS editions, the one the launch
   * page offers (scorm/lms.js, which alone knows SCORM). A store has read() → record, JSON text or null,
   * write(record) → kept or not, clear(), savedText (said after grading) and problem() → text or null. ---- */
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
      return clean(typeof raw === "string" ? JSON.parse(raw) : raw);
    } catch (e) {
      console.warn("[course] 保存された学習記録を読み込めないため無視します:", e.message);
      return { v: 1, modules: {} };
    }
  }
  /* A stored record as this script expects it. What another version, a corrupt write or a hand edit left
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
  /* A stored result counts only if it was made on the same version of the quiz. */
  function result(state, id, version) {
    var r = state.modules[id];
    return r && r.version === version && typeof r.percent === "number" ? r : null;
  }
  function versionOf(id) {
    if (id === C.finalQuizId) return C.finalVersion;
    for (var i = 0; i < C.modules.length; i++) if (C.modules[i].id === id) return C.modules[i].version;
    return null;
  }
  function showStorageNotice(root) {
    var problem = STORE.problem();
    all(root, ".quiz-storage").forEach(function (p) {
      p.textContent = problem || UI.storage_unavailable;
      p.hidden = storageOk && !problem;
    });
  }

  /* ---- answer keys: loaded at grading time, one script per quiz ---- */
  var keys = {};
  function withKey(id, version, done) {
    if (keys[id]) return done(keys[id]);
    var found = function () {
      var raw = (window.__COURSE_KEYS__ || {})[id], data;
      try {
        var bytes = Uint8Array.from(atob(raw), function (c) { return c.charCodeAt(0); });
        data = JSON.parse(new TextDecoder().decode(bytes));
      } catch (e) { data = null; }
      if (data && data.v === version) keys[id] = data;
      else console.warn("[course] 採点データがこのページの版と合いません:", id);
      done(keys[id] || null);
    };
    if ((window.__COURSE_KEYS__ || {})[id]) return found();
    if (!KEYS_BASE) return done(null);
    var tag = document.createElement("script");
    tag.src = KEYS_BASE + encodeURIComponent(id) + ".js?v=" + encodeURIComponent(version);
    tag.onload = found;
    tag.onerror = function () { console.warn("[course] 採点データを読み込めません:", tag.src); done(null); };
    document.head.appendChild(tag);
  }

  /* ---- the learner's own option order: from a seed kept with the record, new on each attempt ---- */
  function hash(text) { /* FNV-1a, 32 bits */
    var h = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
    return h;
  }
  function random(seed) { /* mulberry32: a small generator we can seed, unlike Math.random */
    return function () {
      seed = (seed + 0x6d2b79f5) >>> 0;
      var t = Math.imul(seed ^ (seed >>> 15), seed | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  function shuffle(list, next) {
    next = next || Math.random;
    for (var i = list.length - 1; i > 0; i--) {
      var j = Math.floor(next() * (i + 1)), t = list[i]; list[i] = list[j]; list[j] = t;
    }
    return list;
  }
  /* Options in the order of (learner seed, quiz, attempt, question); pinned options keep their place. */
  function arrange(q, seed) {
    if (q.hasAttribute("data-fixed-order")) return; /* the type keeps its answers in place (questiontypes.py) */
    var box = q.querySelector(".quiz-options"), options = all(box, ".quiz-option");
    /* always from the page's own order, so an order depends on the attempt only, not on the ones before */
    options.forEach(function (o, i) { if (!o.hasAttribute("data-pos")) o.setAttribute("data-pos", i); });
    options.sort(function (a, b) { return a.getAttribute("data-pos") - b.getAttribute("data-pos"); });
    var free = shuffle(options.filter(function (o) { return !o.hasAttribute("data-pin"); }),
      random(hash(seed + ":" + q.getAttribute("data-question"))));
    var n = 0;
    options.forEach(function (o) { box.appendChild(o.hasAttribute("data-pin") ? o : free[n++]); });
  }
  function learnerSeed(state) {
    if (!isNumber(state.seed)) { state.seed = Math.floor(Math.random() * 4294967296); save(state); }
    return state.seed;
  }

  /* ---- one quiz ---- */
  /* Grading rules by the name the page gives each question (data-grading, from its type's registry entry in
   * macros/questiontypes.py): the browser never asks which type a question is. */
  var GRADING = {
    exact: function (right, chosen) {
      return right.length === chosen.length && right.every(function (k) { return chosen.indexOf(k) >= 0; });
    }
  };
  function chosenKeys(q) {
    return all(q, "input:checked").map(function (i) { return i.value; });
  }
  function clearFeedback(q) {
    all(q, ".quiz-feedback, .quiz-verdict").forEach(function (n) { n.remove(); });
    q.classList.remove("is-right", "is-wrong");
  }
  function explanation(html) {
    var t = document.createElement("template");
    t.innerHTML = html; /* rendered and sanitised at build time (macros/render.py) */
    return t.content;
  }
  function giveFeedback(q, key) {
    var entry = key.q[q.getAttribute("data-question")] || { k: [], e: {} };
    var right = entry.k, chosen = chosenKeys(q), judgement = q.getAttribute("data-feedback") === "judgement";
    var grade = GRADING[q.getAttribute("data-grading")];
    if (!grade) console.warn("[course] 採点の方法が不明です:", q.getAttribute("data-grading"));
    var ok = !!grade && grade(right, chosen);
    clearFeedback(q);
    q.classList.add(ok ? "is-right" : "is-wrong");
    var verdict = el("p", "quiz-verdict", (ok ? "✓ " : "✗ ") + (ok ? UI.question_correct : UI.question_incorrect));
    q.querySelector(".quiz-options").before(verdict);
    all(q, ".quiz-option").forEach(function (opt) {
      var k = opt.getAttribute("data-option"), isRight = right.indexOf(k) >= 0;
      var box = el("div", "quiz-feedback " + (isRight ? "is-correct" : "is-incorrect"));
      var label = (isRight ? "○ " : "× ") + (judgement ? (isRight ? UI.best_option : UI.weaker_option)
        : (isRight ? UI.correct_option : UI.incorrect_option));
      if (chosen.indexOf(k) >= 0) label += "（" + UI.your_choice + "）";
      box.appendChild(el("strong", null, label));
      box.appendChild(explanation(entry.e[k] || ""));
      box.id = opt.querySelector("input").id + "-feedback";
      opt.querySelector("input").setAttribute("aria-describedby", box.id);
      opt.appendChild(box);
    });
    return ok;
  }
  function initQuiz(section, state) {
    var id = section.getAttribute("data-quiz"), version = section.getAttribute("data-quiz-version");
    var form = section.querySelector("form"), resultBox = section.querySelector(".quiz-result");
    var checkBtn = section.querySelector(".quiz-check"), retryBtn = section.querySelector(".quiz-retry");
    var draw = parseInt(section.getAttribute("data-quiz-draw") || "0", 10);
    var questions = all(section, ".quiz-question"), seed = learnerSeed(state);
    section.classList.add("is-interactive");
    section.querySelector(".quiz-controls").hidden = false;

    function record() { return state.modules[id] || {}; }
    function attempt() { return record().attempt || 0; }
    function active() { return questions.filter(function (q) { return !q.hidden; }); }
    function arrangeAll() {
      questions.forEach(function (q) { arrange(q, seed + ":" + id + ":" + attempt()); });
    }
    function drawQuestions(ids) {
      if (!draw) return [];
      var known = questions.map(function (q) { return q.getAttribute("data-question"); });
      var valid = ids && ids.length === Math.min(draw, known.length) && ids.every(function (x) { return known.indexOf(x) >= 0; });
      var chosen = valid ? ids : shuffle(known.slice()).slice(0, draw);
      questions.forEach(function (q) { q.hidden = chosen.indexOf(q.getAttribute("data-question")) < 0; });
      active().forEach(function (q, i) { q.querySelector(".quiz-number").textContent = fmt(C.ui.quiz.question_number, { n: i + 1 }); });
      var note = section.querySelector(".quiz-draw");
      note.textContent = fmt(UI.final_drawn, { pool: questions.length, n: active().length });
      note.hidden = false;
      return chosen;
    }
    function setLocked(locked) {
      all(section, "input").forEach(function (i) { i.disabled = locked; });
      checkBtn.hidden = locked;
      retryBtn.hidden = !locked;
    }
    function showResult(r, announce) {
      resultBox.textContent = "";
      resultBox.appendChild(el("p", "quiz-score", fmt(UI.score, { score: r.score, total: r.total, percent: r.percent })));
      resultBox.appendChild(el("p", "quiz-verdict-total " + (r.passed ? "is-passed" : "is-failed"),
        (r.passed ? "✓ " + fmt(UI.passed, { pass: C.passMark }) : fmt(UI.not_passed, { pass: C.passMark }))));
      /* where the result went, or why it did not: in the live region, so it is announced */
      if (announce) resultBox.appendChild(el("p", storageOk ? "quiz-saved" : "quiz-not-saved",
        storageOk ? STORE.savedText : STORE.problem() || UI.storage_unavailable));
      showStorageNotice(section);
    }

    arrangeAll();
    var stored = result(state, id, version);
    var drawn = drawQuestions(stored && stored.drawn);
    if (stored && stored.answers) {
      active().forEach(function (q) {
        var chosen = stored.answers[q.getAttribute("data-question")] || [];
        all(q, "input").forEach(function (i) { i.checked = chosen.indexOf(i.value) >= 0; });
      });
      setLocked(true);
      showResult(stored, false);
      withKey(id, version, function (key) { if (key) active().forEach(function (q) { giveFeedback(q, key); }); });
    }
    showStorageNotice(section);

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var open = active(), missing = open.filter(function (q) { return !chosenKeys(q).length; });
      if (missing.length) {
        resultBox.textContent = fmt(UI.unanswered, { n: missing.length });
        missing[0].querySelector("input").focus();
        return;
      }
      checkBtn.disabled = true;
      withKey(id, version, function (key) {
        checkBtn.disabled = false;
        if (!key) { resultBox.textContent = UI.key_unavailable; resultBox.focus(); return; }
        var score = 0, answers = {};
        open.forEach(function (q) {
          if (giveFeedback(q, key)) score++;
          answers[q.getAttribute("data-question")] = chosenKeys(q);
        });
        var percent = Math.round((score / open.length) * 100);
        var r = { version: version, score: score, total: open.length, percent: percent, passed: percent >= C.passMark,
                  answers: answers, drawn: drawn, opened: true, attempt: attempt(), date: new Date().toISOString() };
        var s = load(); s.seed = seed; s.modules[id] = r; state = s; save(s);
        setLocked(true);
        showResult(r, true);
        resultBox.focus();
        markNav(s);
      });
    });
    retryBtn.addEventListener("click", function () {
      var s = load(), r = s.modules[id] || {};
      r.attempt = attempt() + 1;
      s.seed = seed; s.modules[id] = r; state = s; save(s);
      if (draw) drawn = drawQuestions(null);
      arrangeAll();
      active().forEach(function (q) {
        clearFeedback(q);
        all(q, "input").forEach(function (i) { i.checked = false; i.setAttribute("aria-describedby", q.id + "-hint"); });
      });
      resultBox.textContent = "";
      setLocked(false);
      active()[0].querySelector("input").focus();
    });
  }

  /* ---- navigation markers, progress page, certificate ---- */
  function passed(state, id) { var r = result(state, id, versionOf(id)); return !!(r && r.passed); }
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
  function missingRequired(state) {
    return C.required.filter(function (id) { return !passed(state, id); });
  }
  function titleOf(id) {
    for (var i = 0; i < C.modules.length; i++) if (C.modules[i].id === id) return C.modules[i].title;
    return P.final_test;
  }
  function initProgress(root, state) {
    offerReset(root);
    all(document, "[data-cell]").forEach(function (cell) {
      var id = cell.getAttribute("data-module"), kind = cell.getAttribute("data-cell");
      var rec = state.modules[id] || {}, r = result(state, id, versionOf(id));
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
      try { STORE.clear(); } catch (e) { /* storage unavailable: nothing kept anyway */ }
      memory = { v: 1, modules: {} };
      initProgress(root, memory);
      markNav(memory);
      root.querySelector("[data-progress-overall]").textContent += " " + P.reset_done;
    };
    showStorageNotice(document);
  }
  function hasQuiz(id) {
    for (var i = 0; i < C.modules.length; i++) if (C.modules[i].id === id) return C.modules[i].questions > 0;
    return false;
  }
  function initCertificate(root, state) {
    var missing = missingRequired(state);
    var locked = root.querySelector(".certificate-locked"), form = root.querySelector(".certificate-form");
    var cert = root.querySelector(".certificate");
    locked.hidden = !missing.length;
    form.hidden = !!missing.length;
    var list = locked.querySelector("ul");
    list.textContent = "";
    missing.forEach(function (id) { list.appendChild(el("li", null, titleOf(id))); });
    form.onsubmit = function (event) {
      event.preventDefault();
      var name = form.querySelector("input").value.trim(), error = form.querySelector(".certificate-error");
      error.textContent = name ? "" : CERT.name_required;
      if (!name) { form.querySelector("input").focus(); return; }
      cert.querySelector(".certificate-statement").textContent = fmt(CERT.statement, { name: name });
      cert.querySelector(".certificate-date").textContent = new Date().toLocaleDateString("ja-JP", { year: "numeric", month: "long", day: "numeric" });
      var body = cert.querySelector("tbody");
      body.textContent = "";
      C.modules.forEach(function (m) {
        var r = result(state, m.id, m.version);
        if (!r) return;
        var row = el("tr");
        row.appendChild(el("td", null, m.title));
        row.appendChild(el("td", null, fmt(UI.score, { score: r.score, total: r.total, percent: r.percent })));
        body.appendChild(row);
      });
      cert.hidden = false;
      cert.querySelector("h2").setAttribute("tabindex", "-1");
      cert.querySelector("h2").focus();
    };
    cert.querySelector(".certificate-print").onclick = function () { window.print(); };
  }

  function init() {
    /* Material's search dialog has no accessible name (axe: aria-dialog-name). */
    var search = document.querySelector(".md-search[role=dialog]");
    if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", UI.search_dialog);
    var state = load();
    memory = state;
    var page = document.querySelector("[data-module]");
    if (page && page.classList.contains("course-summary")) {
      var id = page.getAttribute("data-module");
      state.modules[id] = state.modules[id] || {};
      if (!state.modules[id].opened) { state.modules[id].opened = true; save(state); }
    }
    all(document, "section.quiz[data-quiz]").forEach(function (s) { initQuiz(s, state); });
    var progress = document.querySelector("[data-course-progress]");
    if (progress) initProgress(progress, state);
    var certificate = document.querySelector("[data-course-certificate]");
    if (certificate) initCertificate(certificate, state);
    markNav(state);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
