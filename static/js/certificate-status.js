/* My certificates: a PDF still being prepared (a transcript, a new certificate) turns into its
   download link by itself. The status address is a GET that only reads; polling stops once every
   PDF is ready, after a bounded number of tries, or while the tab is hidden. */
(function () {
  "use strict";
  var pending = Array.prototype.slice.call(document.querySelectorAll(".pdf-pending[data-status-url]"));
  if (!pending.length) { return; }
  var INTERVAL_MS = 4000;
  var MAX_TRIES = 150;
  var tries = 0;

  function check(item) {
    return fetch(item.getAttribute("data-status-url"), {
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (data) {
      if (!data || !data.ready) { return false; }
      var link = document.createElement("a");
      link.href = data.url;
      link.textContent = data.label;
      item.replaceWith(link);
      return true;
    }).catch(function () { return false; });
  }

  function round() {
    tries += 1;
    if (document.visibilityState !== "visible") { return schedule(); }
    Promise.all(pending.map(check)).then(function (done) {
      pending = pending.filter(function (_, index) { return !done[index]; });
      schedule();
    });
  }

  function schedule() {
    if (pending.length && tries < MAX_TRIES) { window.setTimeout(round, INTERVAL_MS); }
  }

  schedule();
}());
