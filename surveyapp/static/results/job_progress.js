/* A background job's page: while the job runs (data-running="true" on #job), fetch the page
   again every two seconds, change the text of its status line (#job-status, role=status, so screen
   readers announce each step) and put the new #job in place; no page reload moves the reader
   (no meta refresh). Without this file the page has a link (#job-reload) to load it again. */
(function () {
  "use strict";
  function poll() {
    var job = document.getElementById("job");
    if (!job || job.getAttribute("data-running") !== "true") return;
    setTimeout(function () {
      fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
        .then(function (html) {
          var page = new DOMParser().parseFromString(html, "text/html"), fresh = page.getElementById("job");
          if (!fresh) return;
          var status = document.getElementById("job-status"), next = page.getElementById("job-status");
          if (status && next && status.textContent !== next.textContent) status.textContent = next.textContent;
          document.getElementById("job").replaceWith(document.importNode(fresh, true));
          hideReload();
          poll();
        })
        .catch(poll);
    }, 2000);
  }
  function hideReload() {
    var reload = document.getElementById("job-reload");
    if (reload) reload.hidden = true;
  }
  hideReload();
  poll();
})();
