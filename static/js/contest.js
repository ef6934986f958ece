/* Contest pages: the entry countdown (the server decided the entry time; we only count down the
   seconds it gave us, with a monotonic clock) and the live ranking, polled and updated in place.
   No inline scripts: the site's CSP forbids them. */
(function () {
  "use strict";

  document.querySelectorAll("[data-countdown]").forEach(function (el) {
    var total = parseInt(el.getAttribute("data-countdown"), 10);
    var started = performance.now();
    var template = el.textContent.replace(String(total), "{n}");
    var tick = function () {
      var left = Math.max(0, total - Math.floor((performance.now() - started) / 1000));
      el.textContent = template.replace("{n}", String(left));
      if (left <= 0) {
        if (el.getAttribute("data-reload")) { window.location.reload(); }
        return;
      }
      window.setTimeout(tick, 1000 - ((performance.now() - started) % 1000));
    };
    tick();
  });

  var board = document.getElementById("contest-board");
  if (!board || board.getAttribute("data-final") === "1") { return; }
  var url = board.getAttribute("data-ranking-url");
  var rowsEl = document.getElementById("contest-rows");
  var deptEl = document.getElementById("contest-departments");
  var mineEl = document.getElementById("contest-mine");
  var delay = 5000;

  function cell(tr, text) {
    var td = document.createElement("td");
    td.textContent = text;
    tr.appendChild(td);
  }

  function render(data) {
    var rows = document.createDocumentFragment();
    data.rows.forEach(function (row) {
      var tr = document.createElement("tr");
      if (row.mine) { tr.className = "contest-board__me"; }
      [row.rank, row.name, row.unit, row.score, row.time_seconds].forEach(function (v) { cell(tr, v); });
      rows.appendChild(tr);
    });
    rowsEl.replaceChildren(rows);
    var depts = document.createDocumentFragment();
    data.departments.forEach(function (d) {
      var tr = document.createElement("tr");
      [d.rank, d.unit, d.participation + "% (" + d.participants + "/" + d.headcount + ")", d.mean_percent]
        .forEach(function (v) { cell(tr, v); });
      depts.appendChild(tr);
    });
    deptEl.replaceChildren(depts);
    if (data.mine) {
      mineEl.hidden = false;
      mineEl.querySelector('[data-field="rank"]').textContent = data.mine.rank;
      mineEl.querySelector('[data-field="score"]').textContent = data.mine.score;
      mineEl.querySelector('[data-field="time_seconds"]').textContent = data.mine.time_seconds;
    }
    board.setAttribute("data-total", data.total);
  }

  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (data) {
        render(data);
        delay = 5000;
        if (!data.final) { window.setTimeout(poll, delay); }
      })
      .catch(function () {
        delay = Math.min(delay * 2, 60000);
        window.setTimeout(poll, delay);
      });
  }
  window.setTimeout(poll, delay);
})();
