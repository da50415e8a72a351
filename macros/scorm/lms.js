/* The LMS adapter of the SCORM editions, run by the launch page (the one SCO). It holds one LMS session
 * while the learner moves between course pages in the iframe, and offers those pages `window.courseStore`,
 * the same small store course-storage.js uses for localStorage:
 *   read()        → the learner's record (or null)         write(record) → true when the LMS took it
 *   clear()       → forget the record (progress reset)      savedText / problem() → what to tell the learner
 * Everything SCORM is here and nowhere else: finding the API, the 1.2 and 2004 dialects, the size limit
 * and the compact record, how quiz results combine into a status and a score (never backwards), the
 * lesson mode and credit, when to commit, and what the learner is told when the LMS does not take a value.
 * A classic script without a library: the package also opens from file://, where modules do not load.
 * `data-scorm` on the script tag says which version the manifest declared ("1.2" or "2004"). */
(function () {
  "use strict";
  var C = window.__COURSE__, T = C.ui.interactive;
  var SCRIPT = document.currentScript;
  var VERSION = SCRIPT && SCRIPT.getAttribute("data-scorm") === "2004" ? "2004" : "1.2";

  /* ---- the two run-time dialects ---- */
  function pad(n, width) { n = String(n); while (n.length < width) n = "0" + n; return n; }
  var DIALECTS = {
    "1.2": {
      global: "API", initialize: "LMSInitialize", terminate: "LMSFinish", get: "LMSGetValue", set: "LMSSetValue",
      commit: "LMSCommit", lastError: "LMSGetLastError", errorString: "LMSGetErrorString",
      limit: 4096, /* cmi.suspend_data is CMIString4096 (SCORM 1.2 RTE 3.4.4) */
      mode: "cmi.core.lesson_mode", credit: "cmi.core.credit", data: "cmi.suspend_data",
      exit: "cmi.core.exit", time: "cmi.core.session_time",
      /* CMITimespan HHHH:MM:SS.SS */
      duration: function (ms) {
        var cs = Math.round(ms / 10), h = Math.floor(cs / 360000), m = Math.floor(cs / 6000) % 60;
        return pad(Math.min(h, 9999), 4) + ":" + pad(m, 2) + ":" + pad(((cs % 6000) / 100).toFixed(2), 5);
      },
      /* what the LMS holds from earlier sessions */
      previous: function (get) {
        var status = get("cmi.core.lesson_status"), raw = parseFloat(get("cmi.core.score.raw"));
        return { passed: status === "passed" ? true : status === "failed" ? false : null,
                 complete: status === "passed" || status === "completed", score: isFinite(raw) ? raw : null,
                 started: status !== "" && status !== "not attempted" };
      },
      /* the values that report a result; `credit` false: no score and no pass/fail */
      report: function (r, credit) {
        var status = credit && r.passed === true ? "passed" : credit && r.passed === false ? "failed"
          : r.complete ? "completed" : "incomplete";
        var out = [["cmi.core.lesson_status", status]];
        if (credit && r.score !== null) out.push(["cmi.core.score.min", "0"], ["cmi.core.score.max", "100"],
          ["cmi.core.score.raw", String(r.score)]);
        return out;
      }
    },
    "2004": {
      global: "API_1484_11", initialize: "Initialize", terminate: "Terminate", get: "GetValue", set: "SetValue",
      commit: "Commit", lastError: "GetLastError", errorString: "GetErrorString",
      limit: 64000, /* cmi.suspend_data is characterstring SPM 64000 in the 3rd and 4th editions */
      mode: "cmi.mode", credit: "cmi.credit", data: "cmi.suspend_data", exit: "cmi.exit", time: "cmi.session_time",
      /* ISO 8601 duration, seconds to two decimals (timeinterval (second,10,2)) */
      duration: function (ms) {
        var cs = Math.round(ms / 10), h = Math.floor(cs / 360000), m = Math.floor(cs / 6000) % 60;
        return "PT" + (h ? h + "H" : "") + (m ? m + "M" : "") + ((cs % 6000) / 100).toFixed(2).replace(/\.?0+$/, "") + "S";
      },
      previous: function (get) {
        var success = get("cmi.success_status"), completion = get("cmi.completion_status");
        var raw = parseFloat(get("cmi.score.raw"));
        return { passed: success === "passed" ? true : success === "failed" ? false : null,
                 complete: completion === "completed", score: isFinite(raw) ? raw : null,
                 started: completion !== "" && completion !== "not attempted" && completion !== "unknown" };
      },
      /* completion and success are kept apart; score.scaled is the 0–1 form of the 0–100 score */
      report: function (r, credit) {
        var out = [["cmi.completion_status", r.complete ? "completed" : "incomplete"]];
        if (!credit) return out;
        out.push(["cmi.success_status", r.passed === true ? "passed" : r.passed === false ? "failed" : "unknown"]);
        if (r.score !== null) out.push(["cmi.score.min", "0"], ["cmi.score.max", "100"],
          ["cmi.score.raw", String(r.score)], ["cmi.score.scaled", String(r.score / 100)]);
        return out;
      }
    }
  };
  var D = DIALECTS[VERSION];

  /* ---- finding the API: the pipwerks order — this window and its parents, then the opener of the top
   * window (a popup the LMS opened, maybe holding a frameset) and its parents, then the opener's opener.
   * At most 500 steps as pipwerks does; a frame of another origin is passed over, not an error. ---- */
  function at(win, name) { try { return win && win[name] ? win[name] : null; } catch (e) { return null; } }
  function up(win) { try { return win.parent && win.parent !== win ? win.parent : null; } catch (e) { return null; } }
  function topOf(win) { try { return win.top; } catch (e) { return null; } }
  function openerOf(win) { try { return win && win.opener || null; } catch (e) { return null; } }
  function findAPI(start) {
    var steps = 0, seen = [];
    for (var win = start; win && steps < 500; ) {
      for (var w = win; w && steps < 500; w = up(w), steps++) {
        if (seen.indexOf(w) >= 0) return null;
        seen.push(w);
        var api = at(w, D.global);
        if (api) return api;
      }
      win = openerOf(topOf(win)); /* the popup's opener, then that window's own opener */
    }
    return null;
  }
  var api = findAPI(window);

  /* ---- calls, and what went wrong in words ---- */
  var problem = null, banner = null, finished = false;
  function tell(text) {
    problem = text;
    show();
    console.warn("[course] " + text);
  }
  /* the launch page's banner; before its body is parsed, shown once it is */
  function show() {
    banner = banner || document.getElementById("lms-status");
    if (banner) { banner.textContent = problem || ""; banner.hidden = !problem; }
  }
  document.addEventListener("DOMContentLoaded", show);
  function errorOf() {
    var code = String(api[D.lastError]()), words = "";
    try { words = String(api[D.errorString](code)); } catch (e) { /* an LMS without error strings */ }
    return { code: code, words: words };
  }
  function refused(what) {
    var e = errorOf();
    tell(fmt(T.lms_refused, { what: what, code: e.code + (e.words ? " " + e.words : "") }));
  }
  function fmt(text, values) {
    return text.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }
  /* An element never set answers "" (SCORM 2004 adds error 403, not initialised): that is "nothing yet". */
  function get(element) { return String(api[D.get](element)); }
  function set(element, value) {
    if (finished) return false;
    if (String(api[D.set](element, value)) === "true") return true;
    refused(element);
    return false;
  }
  function commit() {
    if (finished) return false;
    if (String(api[D.commit]("")) === "true") return true;
    refused(D.commit);
    return false;
  }

  /* ---- how the course's quiz results become a status and a score ---- */
  function versionOf(id) {
    if (id === "final") return C.finalVersion;
    for (var i = 0; i < C.modules.length; i++) if (C.modules[i].id === id) return C.modules[i].version;
    return null;
  }
  function resultOf(record, id) {
    var r = record.modules && record.modules[id];
    return r && r.version === versionOf(id) && typeof r.percent === "number" ? r : null;
  }
  /* complete: every required quiz taken (or, with none required, every module opened); passed: true when
   * every required quiz is passed, false when all were taken and one is not, null before; score: the mean
   * percent over the required quizzes. */
  function summary(record) {
    var results = C.required.map(function (id) { return resultOf(record, id); });
    var taken = results.filter(Boolean);
    if (!C.required.length) {
      var opened = C.modules.every(function (m) { return ((record.modules || {})[m.id] || {}).opened; });
      return { complete: opened, passed: null, score: null };
    }
    var all = taken.length === results.length;
    return { complete: all, passed: all ? taken.every(function (r) { return r.passed; }) : null,
             score: taken.length ? Math.round(taken.reduce(function (s, r) { return s + r.percent; }, 0) / results.length) : null };
  }
  /* Never backwards: a pass stays a pass and the best score stays, whatever a reset or a failed retake says. */
  function best(before, now) {
    return { complete: before.complete || now.complete,
             passed: before.passed === true || now.passed === true ? true : now.passed === null ? before.passed : now.passed,
             score: before.score === null ? now.score : now.score === null ? before.score : Math.max(before.score, now.score) };
  }

  /* ---- the compact record: what fits in cmi.suspend_data ----
   * {"v":2,"s":seed,"m":{"<module>":[opened, attempt, version(6), score, total, passed, drawn, answers]}}
   * Results, attempts and drawn questions always; answers (only used to show the last attempt again) for
   * the most recent quizzes while the text stays within the limit. percent is recomputed as course-quiz.js does. */
  var SHORT = 6;
  function encode(record) {
    var modules = record.modules || {}, ids = Object.keys(modules), m = {};
    ids.forEach(function (id) {
      var r = modules[id], row = [r.opened ? 1 : 0, r.attempt || 0];
      if (typeof r.version === "string") row.push(r.version.slice(0, SHORT), r.score, r.total, r.passed ? 1 : 0,
        r.drawn && r.drawn.length ? r.drawn : 0);
      m[id] = row;
    });
    var out = { v: 2, s: record.seed, m: m }, text = JSON.stringify(out);
    var newest = ids.filter(function (id) { return modules[id].answers && typeof modules[id].version === "string"; })
      .sort(function (a, b) { return String(modules[b].date || "").localeCompare(String(modules[a].date || "")); });
    for (var i = 0; i < newest.length; i++) {
      var row = m[newest[i]];
      row.push(modules[newest[i]].answers);
      var longer = JSON.stringify(out);
      if (longer.length > D.limit) { row.pop(); continue; }
      text = longer;
    }
    return text;
  }
  function decode(text) {
    var data;
    try { data = JSON.parse(text); } catch (e) { return text; } /* course-storage.js reports what it cannot read */
    if (!data || data.v !== 2 || !data.m || typeof data.m !== "object") return data; /* an older record */
    var record = { v: 1, modules: {} };
    if (typeof data.s === "number") record.seed = data.s;
    Object.keys(data.m).forEach(function (id) {
      var row = data.m[id];
      if (!Array.isArray(row)) return;
      var r = {};
      if (row[0]) r.opened = true;
      if (typeof row[1] === "number") r.attempt = row[1];
      if (row.length >= 7 && row[4] > 0) {
        var current = versionOf(id);
        r.version = current && current.slice(0, SHORT) === row[2] ? current : String(row[2]);
        r.score = row[3]; r.total = row[4]; r.percent = Math.round((row[3] / row[4]) * 100); r.passed = row[5] === 1;
        if (Array.isArray(row[6])) r.drawn = row[6];
        if (row[7] && typeof row[7] === "object") r.answers = row[7];
      }
      record.modules[id] = r;
    });
    return record;
  }

  /* ---- the store the course pages use ---- */
  if (!api) {
    /* Never a silent fallback to this browser: nothing is kept, and the learner is told why. */
    tell(T.lms_missing);
    window.courseStore = { savedText: T.saved_lms, read: function () { return null; },
      write: function () { return false; }, clear: function () { return false; },
      problem: function () { return problem; } };
    return;
  }

  var started = Date.now();
  if (String(api[D.initialize]("")) !== "true") refused(D.initialize);
  var mode = get(D.mode), credit = get(D.credit) !== "no-credit";
  var recording = mode !== "review" && mode !== "browse";
  var reported = D.previous(get), sent = {};
  if (!recording) tell(T.lms_review);
  else if (!credit) tell(T.lms_no_credit);
  if (recording && !reported.started) {
    D.report({ complete: false, passed: null, score: null }, credit).slice(0, 1).forEach(function (pair) {
      if (set(pair[0], pair[1])) sent[pair[0]] = pair[1];
    });
    commit();
  }

  function write(record) {
    if (!recording) return true; /* review or browse: the LMS keeps nothing, as the learner was told */
    var ok = true, text = encode(record);
    if (text.length > D.limit) { tell(fmt(T.lms_too_long, { limit: D.limit })); ok = false; }
    else ok = set(D.data, text) && ok;
    reported = best(reported, summary(record));
    D.report(reported, credit).forEach(function (pair) {
      if (sent[pair[0]] === pair[1]) return;
      if (set(pair[0], pair[1])) sent[pair[0]] = pair[1]; else ok = false;
    });
    ok = commit() && ok;
    if (ok && problem && recording && credit) { problem = null; show(); }
    return ok;
  }

  window.courseStore = {
    savedText: recording ? T.saved_lms : T.lms_review,
    read: function () {
      var text = get(D.data);
      return text ? decode(text) : null;
    },
    write: write,
    clear: function () { return write({ v: 1, modules: {} }); },
    problem: function () { return problem; }
  };

  /* ---- leaving: the time and exit=suspend are set and committed while the page is still whole (on
   * hiding), because a commit during unload can fail (a synchronous request is refused there). ---- */
  function suspend() {
    if (finished || !recording) return;
    set(D.time, D.duration(Date.now() - started));
    set(D.exit, "suspend");
    commit();
  }
  function finish() {
    if (finished) return;
    suspend();
    finished = true;
    api[D.terminate]("");
  }
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") suspend(); });
  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);

  /* ---- links out of the package open beside the course, never in its frame ---- */
  var frame = document.getElementById("course") || null;
  var base = location.href.replace(/[^/]*([?#].*)?$/, "");
  function outward(event) {
    var a = event.target && event.target.closest ? event.target.closest("a[href]") : null;
    if (!a || a.href.indexOf(base) === 0 || !/^https?:|^mailto:/.test(a.href)) return;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
  }
  function watch() {
    frame = frame || document.getElementById("course");
    if (!frame) return;
    frame.addEventListener("load", function () {
      try { frame.contentDocument.addEventListener("click", outward, true); } catch (e) { /* not ours */ }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch); else watch();
})();
