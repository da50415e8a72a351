/* SCORM 1.2 runtime for the launch page. It keeps one LMS session open while the learner moves between
 * the course pages in the iframe, and offers those pages `window.courseLMS` (read / write), which
 * quiz.js uses instead of localStorage. No inline script, no library. */
(function () {
  "use strict";

  /* The LMS puts `API` on a parent frame or on the window that opened this one (SCORM 1.2 RTE 3.3.6.1). */
  function findAPI(win) {
    for (var hops = 0; win && hops < 10; hops++) {
      try { if (win.API) return win.API; } catch (e) { /* a frame of another origin: keep climbing */ }
      if (win.parent === win) break;
      win = win.parent;
    }
    return null;
  }
  var api = findAPI(window.parent !== window ? window.parent : null) ||
    (window.opener ? findAPI(window.opener) : null);
  if (!api) {
    console.warn("[course] SCORM API が見つかりません。学習記録は LMS に送られません。");
    return;
  }

  var started = Date.now(), finished = false, lastStatus = null;
  function call(name, args) {
    var ok = api[name].apply(api, args);
    if (String(ok) !== "true" && name !== "LMSGetValue") {
      var code = api.LMSGetLastError();
      console.warn("[course] " + name + " failed: " + code + " " + api.LMSGetErrorString(code));
    }
    return ok;
  }
  call("LMSInitialize", [""]);
  lastStatus = api.LMSGetValue("cmi.core.lesson_status");
  if (lastStatus === "not attempted" || lastStatus === "") {
    call("LMSSetValue", ["cmi.core.lesson_status", "incomplete"]);
    lastStatus = "incomplete";
  }

  /* CMITimespan: HHHH:MM:SS.SS */
  function timespan(ms) {
    var cs = Math.round(ms / 10), h = Math.floor(cs / 360000), m = Math.floor(cs / 6000) % 60, s = (cs % 6000) / 100;
    function pad(n, w) { n = String(n); while (n.length < w) n = "0" + n; return n; }
    return pad(h, 4) + ":" + pad(m, 2) + ":" + pad(s.toFixed(2), 5);
  }

  window.courseLMS = {
    read: function () { return api.LMSGetValue("cmi.suspend_data") || null; },
    write: function (text, summary) {
      call("LMSSetValue", ["cmi.suspend_data", text]);
      if (summary.score !== null) {
        call("LMSSetValue", ["cmi.core.score.min", "0"]);
        call("LMSSetValue", ["cmi.core.score.max", "100"]);
        call("LMSSetValue", ["cmi.core.score.raw", String(summary.score)]);
      }
      if (summary.status !== lastStatus) call("LMSSetValue", ["cmi.core.lesson_status", summary.status]);
      lastStatus = summary.status;
      call("LMSCommit", [""]);
    }
  };

  function finish() {
    if (finished) return;
    finished = true;
    call("LMSSetValue", ["cmi.core.session_time", timespan(Date.now() - started)]);
    call("LMSSetValue", ["cmi.core.exit", lastStatus === "passed" || lastStatus === "completed" ? "" : "suspend"]);
    call("LMSCommit", [""]);
    call("LMSFinish", [""]);
  }
  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);
})();
