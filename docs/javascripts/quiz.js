/* Quizzes, progress and certificate. No library and no inline script: the answer key is in the page's
 * markup (data attributes), the settings in course-config.js, the UI strings in content_src/ui.yml.
 * Runs on every page through Material's document$, so it also works with instant navigation. */
(function () {
  "use strict";
  var C = window.__COURSE__;
  if (!C) return;
  var UI = C.ui.interactive, P = C.ui.progress, CERT = C.ui.certificate;
  var KEY = "course:" + C.courseId;

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
   * Inside the SCORM edition the launch page offers `courseLMS`, and the LMS keeps the record instead. ---- */
  var memory = { v: 1, modules: {} }, storageOk = true;
  var LMS = (function () { try { return window.parent !== window && window.parent.courseLMS || null; } catch (e) { return null; } })();
  var LMS_LIMIT = 4096; /* SCORM 1.2: cmi.suspend_data is at most 4,096 characters */
  function readRaw() { return LMS ? LMS.read() || null : window.localStorage.getItem(KEY); }
  function writeRaw(state) {
    if (!LMS) return window.localStorage.setItem(KEY, JSON.stringify(state));
    LMS.write(compact(state), summary(state));
  }
  /* Keep the record within the LMS limit: answers are dropped first (the results stay). */
  function compact(state) {
    var text = JSON.stringify(state);
    if (text.length <= LMS_LIMIT) return text;
    var slim = { v: 1, modules: {} };
    Object.keys(state.modules).forEach(function (id) {
      var r = state.modules[id], keep = {};
      ["version", "score", "total", "percent", "passed", "opened"].forEach(function (k) { if (k in r) keep[k] = r[k]; });
      slim.modules[id] = keep;
    });
    return JSON.stringify(slim);
  }
  /* What the LMS reports: passed when every required quiz is passed, failed when all were taken but not
   * all passed, otherwise incomplete; with no required quiz, completed once every module was opened. */
  function summary(state) {
    var results = C.required.map(function (id) { return result(state, id, versionOf(id)); });
    var taken = results.filter(Boolean), status;
    if (!C.required.length) status = C.modules.every(function (m) { return (state.modules[m.id] || {}).opened; }) ? "completed" : "incomplete";
    else if (taken.length === results.length) status = taken.every(function (r) { return r.passed; }) ? "passed" : "failed";
    else status = "incomplete";
    var score = taken.length ? Math.round(taken.reduce(function (sum, r) { return sum + r.percent; }, 0) / results.length) : null;
    return { status: status, score: score };
  }
  function load() {
    var raw;
    try { raw = readRaw(); } catch (e) { storageOk = false; return memory; }
    if (raw == null) return memory;
    try {
      var data = JSON.parse(raw);
      if (!data || data.v !== 1 || typeof data.modules !== "object" || Array.isArray(data.modules)) throw new Error("unexpected shape");
      return data;
    } catch (e) {
      console.warn("[course] 保存された学習記録を読み込めないため無視します:", e.message);
      return { v: 1, modules: {} };
    }
  }
  function save(state) {
    memory = state;
    try { writeRaw(state); storageOk = true; } catch (e) {
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
    if (id === "final") return C.finalVersion;
    for (var i = 0; i < C.modules.length; i++) if (C.modules[i].id === id) return C.modules[i].version;
    return null;
  }
  function showStorageNotice(root) {
    all(root, ".quiz-storage").forEach(function (p) { p.textContent = UI.storage_unavailable; p.hidden = storageOk; });
  }

  /* ---- one quiz ---- */
  function shuffle(list) {
    for (var i = list.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1)), t = list[i]; list[i] = list[j]; list[j] = t;
    }
    return list;
  }
  function correctKeys(q) {
    return all(q, ".quiz-explanations li.is-correct").map(function (li) { return li.getAttribute("data-option"); });
  }
  function chosenKeys(q) {
    return all(q, "input:checked").map(function (i) { return i.value; });
  }
  function clearFeedback(q) {
    all(q, ".quiz-feedback, .quiz-verdict").forEach(function (n) { n.remove(); });
    q.classList.remove("is-right", "is-wrong");
  }
  function giveFeedback(q) {
    var right = correctKeys(q), chosen = chosenKeys(q), scenario = q.getAttribute("data-type") === "scenario";
    var ok = right.length === chosen.length && right.every(function (k) { return chosen.indexOf(k) >= 0; });
    clearFeedback(q);
    q.classList.add(ok ? "is-right" : "is-wrong");
    var verdict = el("p", "quiz-verdict", (ok ? "✓ " : "✗ ") + (ok ? UI.question_correct : UI.question_incorrect));
    q.querySelector(".quiz-options").before(verdict);
    all(q, ".quiz-option").forEach(function (opt) {
      var key = opt.getAttribute("data-option"), isRight = right.indexOf(key) >= 0;
      var source = q.querySelector('.quiz-explanations li[data-option="' + key + '"]');
      var box = el("div", "quiz-feedback " + (isRight ? "is-correct" : "is-incorrect"));
      var label = (isRight ? "○ " : "× ") + (scenario ? (isRight ? UI.best_option : UI.weaker_option)
        : (isRight ? UI.correct_option : UI.incorrect_option));
      if (chosen.indexOf(key) >= 0) label += "（" + UI.your_choice + "）";
      box.appendChild(el("strong", null, label));
      all(source, ":scope > :not(strong)").forEach(function (n) { box.appendChild(n.cloneNode(true)); });
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
    var questions = all(section, ".quiz-question");
    section.classList.add("is-interactive");
    section.querySelector(".quiz-controls").hidden = false;
    all(section, ".quiz-answer").forEach(function (d) { d.hidden = true; });

    function active() { return questions.filter(function (q) { return !q.hidden; }); }
    function drawQuestions(ids) {
      if (!draw) return [];
      var chosen = ids && ids.length ? ids : shuffle(questions.map(function (q) { return q.getAttribute("data-question"); })).slice(0, draw);
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
      if (announce && storageOk) resultBox.appendChild(el("p", null, UI.saved));
      showStorageNotice(section);
    }

    var stored = result(state, id, version);
    var drawn = drawQuestions(stored && stored.drawn);
    if (stored && stored.answers) {
      active().forEach(function (q) {
        var keys = stored.answers[q.getAttribute("data-question")] || [];
        all(q, "input").forEach(function (i) { i.checked = keys.indexOf(i.value) >= 0; });
        giveFeedback(q);
      });
      setLocked(true);
      showResult(stored, false);
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
      var score = 0, answers = {};
      open.forEach(function (q) {
        if (giveFeedback(q)) score++;
        answers[q.getAttribute("data-question")] = chosenKeys(q);
      });
      var percent = Math.round((score / open.length) * 100);
      var r = { version: version, score: score, total: open.length, percent: percent, passed: percent >= C.passMark,
                answers: answers, drawn: drawn, opened: true, date: new Date().toISOString() };
      var s = load(); s.modules[id] = r; save(s);
      setLocked(true);
      showResult(r, true);
      resultBox.focus();
      markNav(s);
    });
    retryBtn.addEventListener("click", function () {
      if (draw) drawn = drawQuestions(null);
      active().forEach(function (q) {
        clearFeedback(q);
        var box = q.querySelector(".quiz-options");
        shuffle(all(box, ".quiz-option")).forEach(function (o) { box.appendChild(o); });
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
      var m = /modules\/([a-z0-9-]+)(?:\/(?:index\.html)?|\.html)?$/.exec(a.pathname);
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
    all(document, "[data-cell]").forEach(function (cell) {
      var id = cell.getAttribute("data-module"), kind = cell.getAttribute("data-cell");
      var rec = state.modules[id] || {}, r = result(state, id, versionOf(id));
      if (kind === "opened") cell.textContent = rec.opened ? "✓ " + P.opened_yes : P.opened_no;
      else if (id !== "final" && !hasQuiz(id)) cell.textContent = P.no_quiz;
      else if (!r) cell.textContent = P.not_taken;
      else cell.textContent = r.passed ? "✓ " + fmt(P.passed, { percent: r.percent }) : fmt(P.not_passed, { percent: r.percent });
    });
    var done = C.required.length - missingRequired(state).length;
    var percent = C.required.length ? Math.round((done / C.required.length) * 100) : 100;
    root.querySelector("[data-progress-overall]").textContent = fmt(P.overall, { done: done, total: C.required.length, percent: percent });
    var cert = document.querySelector("[data-progress-certificate]");
    if (cert) cert.hidden = done < C.required.length;
    var reset = document.querySelector(".progress-reset");
    reset.hidden = false;
    reset.onclick = function () {
      if (!window.confirm(P.reset_confirm)) return;
      if (LMS) save({ v: 1, modules: {} });
      else try { window.localStorage.removeItem(KEY); } catch (e) { /* storage unavailable: nothing kept anyway */ }
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
