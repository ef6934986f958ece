/* Lesson heartbeat. The browser only says "still here"; the server decides how much time that is
   worth (courses.services.lesson_heartbeat), so nothing here can speed a learner up. */
(function () {
  "use strict";
  var box = document.querySelector(".lesson-progress[data-heartbeat-url]");
  if (!box) { return; }
  var url = box.getAttribute("data-heartbeat-url");
  var status = box.querySelector(".lesson-progress__status");
  var bar = box.querySelector(".lesson-progress__bar");
  var token = box.querySelector("input[name=csrfmiddlewaretoken]").value;
  var INTERVAL_MS = 15000;
  var done = false;

  function show(data) {
    if (data.completed) {
      done = true;
      status.textContent = box.getAttribute("data-template-done");
      if (bar) { bar.value = bar.max; }
    } else if (typeof data.seconds_spent === "number") {
      status.textContent = box.getAttribute("data-template-counting")
        .replace("%(spent)s", data.seconds_spent).replace("%(needed)s", data.min_seconds);
      if (bar) { bar.max = data.min_seconds || 1; bar.value = Math.min(data.seconds_spent, bar.max); }
    }
  }

  function beat(resume) {
    var body = new URLSearchParams();
    if (resume) { body.set("resume", "1"); }
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": token, "Accept": "application/json" },
      body: body
    }).then(function (response) { return response.json(); }).then(show).catch(function () {});
  }
  window.govlearnLessonBeat = beat;

  // Opening the lesson starts the server's clock. A GET of the page writes nothing, so the page,
  // once shown, says so here with a POST (courses.views.heartbeat with resume). The promise is
  // kept so a browser test can wait for the start before it beats.
  window.govlearnLessonStart = beat(true);

  setInterval(function () {
    if (!done && document.visibilityState === "visible") { beat(false); }
  }, INTERVAL_MS);
  // Time with the page hidden is not study time: restart the server's clock on return.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && !done) { beat(true); }
  });
}());
