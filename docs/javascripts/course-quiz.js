/* Quizzes (course-core.js explains the parts): grading, feedback and the learner's own option order.
 * A quiz page carries no answer key: the key and the explanations of quiz <id> are in quiz-keys/<id>.js,
 * loaded when the learner asks for grading (deterrence against peeking at the page source, not security).
 * Options are shown in an order of the learner's own, kept across reloads and changed on every retry. */
(function () {
  "use strict";
  if (!window.Course) return;
  var C = Course.config, UI = C.ui.interactive;
  var fmt = Course.fmt, el = Course.el, all = Course.all, storage = Course.storage;
  var KEYS_BASE = Course.base ? Course.base + "quiz-keys/" : null;

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
    if (typeof state.seed !== "number" || !isFinite(state.seed)) {
      state.seed = Math.floor(Math.random() * 4294967296);
      storage.save(state);
    }
    return state.seed;
  }

  /* ---- grading and feedback ---- */
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

  /* ---- one quiz ---- */
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
      if (announce) {
        var kept = storage.outcome();
        resultBox.appendChild(el("p", kept.saved ? "quiz-saved" : "quiz-not-saved", kept.text));
      }
      storage.showNotice(section);
    }

    arrangeAll();
    var stored = Course.progress.result(state, id, version);
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
    storage.showNotice(section);

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
        var s = storage.load(); s.seed = seed; s.modules[id] = r; state = s; storage.save(s);
        setLocked(true);
        showResult(r, true);
        resultBox.focus();
        Course.progress.markNav(s);
      });
    });
    retryBtn.addEventListener("click", function () {
      var s = storage.load(), r = s.modules[id] || {};
      r.attempt = attempt() + 1;
      s.seed = seed; s.modules[id] = r; state = s; storage.save(s);
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

  Course.quiz = {
    /* make a quiz section (section.quiz[data-quiz]) interactive, from the learner's record */
    init: initQuiz
  };
})();
