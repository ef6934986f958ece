/* Attempt page: autosave every answer as it is given, and count down the server's remaining time.
   Progressive enhancement: without this script the form still saves and submits with plain posts. */
(function () {
  "use strict";
  var form = document.getElementById("attempt-form");
  if (!form) { return; }
  var statusEl = document.getElementById("attempt-status");
  var saveUrl = form.getAttribute("data-save-url");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var dirty = {};      // slot -> true when changed since the last successful save
  var inFlight = {};   // slot -> true while a save request is running
  var retryDelay = 2000;
  var retryTimer = null;
  var finished = false;
  var typingTimers = {};

  function say(key) {
    if (statusEl) { statusEl.textContent = form.getAttribute("data-msg-" + key) || ""; }
  }

  function pendingCount() {
    return Object.keys(dirty).filter(function (slot) { return dirty[slot]; }).length;
  }

  function fieldsFor(slot) {
    var data = new FormData();
    data.append("csrfmiddlewaretoken", csrf);
    data.append("slots", slot);
    var fieldset = form.querySelector('fieldset[data-slot="' + slot + '"]');
    fieldset.querySelectorAll("input, select").forEach(function (input) {
      if (!input.name || input.name === "slots") { return; }
      if ((input.type === "radio" || input.type === "checkbox") && !input.checked) { return; }
      data.append(input.name, input.value);
    });
    return data;
  }

  function scheduleRetry() {
    if (retryTimer || finished) { return; }
    retryTimer = window.setTimeout(function () {
      retryTimer = null;
      flush();
    }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 30000);
  }

  function save(slot) {
    if (finished || inFlight[slot]) { return; }
    inFlight[slot] = true;
    dirty[slot] = false;
    say("saving");
    fetch(saveUrl, {
      method: "POST",
      body: fieldsFor(slot),
      headers: { "Accept": "application/json", "X-Requested-With": "fetch" },
      credentials: "same-origin"
    }).then(function (response) {
      inFlight[slot] = false;
      if (response.status === 409) {
        finished = true;
        say("finished");
        window.location.reload();
        return;
      }
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      retryDelay = 2000;
      if (dirty[slot]) { save(slot); return; }
      if (!pendingCount()) { say("saved"); }
    }).catch(function () {
      inFlight[slot] = false;
      dirty[slot] = true;
      say("offline");
      scheduleRetry();
    });
  }

  function flush() {
    Object.keys(dirty).forEach(function (slot) { if (dirty[slot]) { save(slot); } });
  }

  function slotOf(element) {
    var fieldset = element.closest("fieldset[data-slot]");
    return fieldset ? fieldset.getAttribute("data-slot") : null;
  }

  form.addEventListener("change", function (event) {
    var slot = slotOf(event.target);
    if (slot) { dirty[slot] = true; save(slot); }
  });
  form.addEventListener("input", function (event) {
    if (event.target.type !== "text") { return; }
    var slot = slotOf(event.target);
    if (!slot) { return; }
    dirty[slot] = true;
    say("saving");  // never show "saved" while typed text is still waiting to be sent
    window.clearTimeout(typingTimers[slot]);
    typingTimers[slot] = window.setTimeout(function () { typingTimers[slot] = null; save(slot); }, 600);
  });
  window.addEventListener("online", flush);
  // Leaving or reloading within the typing pause: hand the unsent text to the browser, which
  // delivers it after the page is gone (`via=beacon`: the server answers it as an autosave).
  window.addEventListener("pagehide", function () {
    if (finished || !navigator.sendBeacon) { return; }
    Object.keys(typingTimers).forEach(function (slot) {
      if (typingTimers[slot] && dirty[slot] && !inFlight[slot]) {
        window.clearTimeout(typingTimers[slot]);
        typingTimers[slot] = null;
        var data = fieldsFor(slot);
        data.append("via", "beacon");
        if (navigator.sendBeacon(saveUrl, data)) { dirty[slot] = false; }
      }
    });
  });
  window.addEventListener("beforeunload", function (event) {
    if (pendingCount() && !finished) { event.preventDefault(); event.returnValue = ""; }
  });

  var submitting = false;
  form.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    if (submitter && submitter.getAttribute("data-role") === "submit" && !submitting) {
      if (!window.confirm(form.getAttribute("data-msg-confirm"))) { event.preventDefault(); return; }
    }
    submitting = true;
    finished = true;  // the post carries every answer; stop autosaving
  });

  // Countdown: the server said how many seconds were left; we only count them down with a
  // monotonic clock, so a wrong clock on this device changes nothing.
  var timer = document.getElementById("attempt-timer");
  if (timer) {
    var remaining = parseInt(timer.getAttribute("data-remaining-seconds"), 10);
    var valueEl = timer.querySelector(".attempt-timer__value");
    var started = performance.now();
    var format = function (seconds) {
      var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
      var mm = (h && m < 10 ? "0" : "") + m, ss = (s < 10 ? "0" : "") + s;
      return (h ? h + ":" : "") + mm + ":" + ss;
    };
    var tick = function () {
      var left = Math.max(0, remaining - Math.floor((performance.now() - started) / 1000));
      valueEl.textContent = format(left);
      if (left <= 60) { timer.classList.add("attempt-timer--ending"); }
      if (left <= 1 && !submitting) {
        submitting = true;
        finished = true;
        say("finished");
        form.submit();  // plain submit: no confirmation; answers saved in time are scored
        return;
      }
      window.setTimeout(tick, 1000 - ((performance.now() - started) % 1000));
    };
    tick();
  }
})();
