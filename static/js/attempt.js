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
  var invalid = {};    // slot -> true when the server refused the answer as it stands

  // The server's word count (quizzes.scoring.word_count), mirrored for the live count only: each
  // Chinese character is one word, and so is each run of other letters or digits. The server's
  // count is the one that decides.
  var CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[\ud840-\ud87f][\udc00-\udfff]/g;
  var WORD = /[\p{L}\p{N}]+(?:['\u2019.\-][\p{L}\p{N}]+)*/gu;
  function wordCount(text) {
    text = text.normalize ? text.normalize("NFKC") : text;
    var characters = (text.match(CJK) || []).length;
    return characters + (text.replace(CJK, " ").match(WORD) || []).length;
  }

  function say(key) {
    if (statusEl) { statusEl.textContent = form.getAttribute("data-msg-" + key) || ""; }
  }

  function pendingCount() {
    return Object.keys(dirty).filter(function (slot) { return dirty[slot] || invalid[slot]; }).length;
  }

  function fieldsetOf(slot) {
    return form.querySelector('fieldset[data-slot="' + slot + '"]');
  }

  // The server's message about one answer, beside it (and the field marked), or none.
  function tell(slot, message) {
    var fieldset = fieldsetOf(slot);
    if (!fieldset) { return; }
    var box = fieldset.querySelector('[data-role="message"]');
    if (box) { box.textContent = message || ""; }
    fieldset.querySelectorAll("input[type=text], textarea").forEach(function (field) {
      if (message) { field.setAttribute("aria-invalid", "true"); } else { field.removeAttribute("aria-invalid"); }
    });
  }

  // After a save that attached or removed an essay file: show the file the server now holds.
  function showFiles(files) {
    Object.keys(files || {}).forEach(function (slot) {
      var fieldset = fieldsetOf(slot);
      var area = fieldset && fieldset.querySelector('[data-role="file"]');
      if (!area) { return; }
      var current = area.querySelector('[data-role="file-current"]');
      var link = area.querySelector('[data-role="file-link"]');
      var remove = area.querySelector('[data-role="remove-file"]');
      var file = files[slot];
      if (remove) { remove.checked = false; }
      if (file) {
        link.textContent = file.name;
        link.setAttribute("href", file.url);
        current.hidden = false;
      } else {
        current.hidden = true;
      }
    });
  }

  function refused(slot, response) {
    return response.json().then(function (body) { return body; }, function () { return {}; })
      .then(function (body) {
        invalid[slot] = true;
        tell(slot, body.message || form.getAttribute("data-msg-invalid"));
        say("invalid");
      });
  }

  function fieldsFor(slot) {
    var data = new FormData();
    data.append("csrfmiddlewaretoken", csrf);
    data.append("slots", slot);
    var fieldset = fieldsetOf(slot);
    fieldset.querySelectorAll("input, select, textarea").forEach(function (input) {
      if (!input.name || input.name === "slots" || input.type === "file") { return; }
      if ((input.type === "radio" || input.type === "checkbox") && !input.checked) { return; }
      data.append(input.name, input.value);
      // Asking to remove a file is sent once: a later save must not take away a newer file.
      if (input.getAttribute("data-role") === "remove-file") { input.checked = false; }
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
      if (response.status === 400) {
        // Refused as it stands (not a number, over the word limit): say why; retrying the same
        // answer would only be refused again, so the next change saves it.
        if (dirty[slot]) { save(slot); return; }
        return refused(slot, response);
      }
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      retryDelay = 2000;
      if (invalid[slot]) { invalid[slot] = false; tell(slot, ""); }
      if (dirty[slot]) { save(slot); return; }
      return response.json().then(function (body) {
        showFiles(body.files);
        if (!pendingCount()) { say("saved"); }
      }, function () { if (!pendingCount()) { say("saved"); } });
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

  // An essay file goes up as soon as it is chosen, with the answer's text; the server stores it
  // under a name of its own and says which file the answer now holds.
  function upload(slot, input) {
    if (finished || !input.files || !input.files.length) { return; }
    var data = fieldsFor(slot);
    data.append(input.name, input.files[0]);
    window.clearTimeout(typingTimers[slot]);
    typingTimers[slot] = null;
    inFlight[slot] = true;
    dirty[slot] = false;
    say("uploading");
    fetch(saveUrl, {
      method: "POST",
      body: data,
      headers: { "Accept": "application/json", "X-Requested-With": "fetch" },
      credentials: "same-origin"
    }).then(function (response) {
      inFlight[slot] = false;
      input.value = "";
      if (response.status === 409) { finished = true; say("finished"); window.location.reload(); return; }
      if (response.status === 400) { return refused(slot, response); }
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      invalid[slot] = false;
      tell(slot, "");
      return response.json().then(function (body) {
        showFiles(body.files);
        if (dirty[slot]) { save(slot); } else if (!pendingCount()) { say("saved"); }
      });
    }).catch(function () {
      // A file is not retried behind the learner's back: they choose it again when back online.
      inFlight[slot] = false;
      input.value = "";
      say("offline");
    });
  }

  function countWords(field) {
    var fieldset = field.closest("fieldset[data-slot]");
    var out = fieldset && fieldset.querySelector('[data-role="word-count"]');
    if (!out) { return; }
    var words = wordCount(field.value);
    out.textContent = String(words);
    var limit = parseInt(field.getAttribute("data-word-limit") || "0", 10);
    out.parentNode.classList.toggle("attempt-word-count--over", Boolean(limit && words > limit));
  }

  form.addEventListener("change", function (event) {
    var slot = slotOf(event.target);
    if (!slot) { return; }
    if (event.target.type === "file") { upload(slot, event.target); return; }
    dirty[slot] = true;
    save(slot);
  });
  form.addEventListener("input", function (event) {
    var typed = event.target.type === "text" || event.target.tagName === "TEXTAREA";
    if (!typed) { return; }
    var slot = slotOf(event.target);
    if (!slot) { return; }
    if (event.target.tagName === "TEXTAREA") { countWords(event.target); }
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
