/* The certificate page (course-core.js explains the parts): what is still missing, or a form for the
 * learner's name and a printable certificate with every result. */
(function () {
  "use strict";
  if (!window.Course) return;
  var C = Course.config, UI = C.ui.interactive, P = C.ui.progress, CERT = C.ui.certificate;
  var fmt = Course.fmt, el = Course.el;

  function titleOf(id) {
    var m = Course.moduleOf(id);
    return m ? m.title : P.final_test;
  }
  function initCertificate(root, state) {
    var missing = Course.progress.missing(state);
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
        var r = Course.progress.result(state, m.id, m.version);
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

  Course.certificate = {
    /* fill in the certificate page ([data-course-certificate]) */
    init: initCertificate
  };
})();
