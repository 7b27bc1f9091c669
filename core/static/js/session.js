/* The session warning and the refill of a kept form (templates/includes/session_warning.html).
   A few minutes before the idle timeout ends the session, a dialog says so and offers "Tiếp tục làm việc",
   which POSTs to the session status endpoint and restarts the clock. The page asks the endpoint again before
   warning (another tab may have kept the session going). After a login that followed an expired session's
   POST, the values typed then are put back into the form. No inline script (CSP), no framework. */
(function () {
  "use strict";

  function minutesAndSeconds(seconds) {
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return (m ? m + " phút " : "") + s + " giây";
  }

  function setUpWarning() {
    var box = document.getElementById("session-warning");
    if (!box || !window.fetch) return;
    var url = box.getAttribute("data-status-url");
    var csrf = box.getAttribute("data-csrf");
    var warnBefore = parseInt(box.getAttribute("data-warn-before"), 10) || 300;
    var countdown = box.querySelector("[data-countdown]");
    var soon = box.querySelector("[data-soon]");
    var expiredText = box.querySelector("[data-expired]");
    var continueButton = box.querySelector("[data-session-continue]");
    var dismissButton = box.querySelector("[data-session-dismiss]");
    var timer = null, ticker = null, endsAt = 0, dismissed = false;

    function stop() {
      clearTimeout(timer);
      clearInterval(ticker);
    }
    function schedule(expiresIn) {
      stop();
      endsAt = Date.now() + expiresIn * 1000;
      timer = setTimeout(check, Math.max(0, expiresIn - warnBefore) * 1000);
    }
    function hide() {
      box.hidden = true;
      dismissed = false;
    }
    function typing() {
      var active = document.activeElement;
      return active && /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName);
    }
    function show(expiresIn) {
      stop();
      endsAt = Date.now() + expiresIn * 1000;
      soon.hidden = false;
      expiredText.hidden = true;
      continueButton.hidden = false;
      function tick() {
        var left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
        countdown.textContent = minutesAndSeconds(left);
        if (left <= 0) check();
      }
      tick();
      ticker = setInterval(tick, 1000);
      if (!dismissed) {
        var wasHidden = box.hidden;
        box.hidden = false;
        // Focus the button, unless the user is typing: the dialog is announced (alertdialog) either way.
        if (wasHidden && !typing()) continueButton.focus();
      }
    }
    function expired() {
      stop();
      soon.hidden = true;
      expiredText.hidden = false;
      continueButton.hidden = true;
      box.hidden = false;
    }
    function answer(data) {
      if (!data.authenticated || data.expires_in <= 0) expired();
      else if (data.expires_in > warnBefore) { hide(); schedule(data.expires_in); }
      else show(data.expires_in);
    }
    function check() {
      stop();
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); })
        .then(answer)
        .catch(function () { timer = setTimeout(check, 30000); });
    }
    continueButton.addEventListener("click", function () {
      continueButton.disabled = true;
      fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": csrf },
      })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          continueButton.disabled = false;
          answer(data);
        })
        .catch(function () { continueButton.disabled = false; });
    });
    dismissButton.addEventListener("click", function () {
      box.hidden = true;
      dismissed = true;
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Escape") dismissButton.click();
    });
    schedule(parseInt(box.getAttribute("data-expires-in"), 10) || 0);
  }

  /* Put the kept values back into the form that posted them (by its action, else the form holding most of the
     names). Files and passwords are never kept; hidden fields but the version keep the fresh page's values. */
  function restoreKeptForm() {
    var data = document.getElementById("kept-form");
    if (!data) return;
    var kept = JSON.parse(data.textContent);
    var names = Object.keys(kept.fields);
    var forms = Array.prototype.filter.call(document.forms, function (f) {
      return (f.getAttribute("method") || "").toLowerCase() === "post";
    });
    function score(form) {
      return names.filter(function (name) { return form.elements.namedItem(name); }).length;
    }
    var form = forms.filter(function (f) { return new URL(f.action, location.href).pathname === kept.action; })
      .sort(function (a, b) { return score(b) - score(a); })[0];
    if (!form || !score(form)) form = forms.sort(function (a, b) { return score(b) - score(a); })[0];
    if (!form || !score(form)) return;
    names.forEach(function (name) {
      var values = kept.fields[name];
      var found = form.elements.namedItem(name);
      if (!found) return;
      var elements = found.length !== undefined && !found.options ? Array.prototype.slice.call(found) : [found];
      elements.forEach(function (el, index) {
        var type = (el.type || "").toLowerCase();
        if (type === "file" || type === "password" || type === "submit" || type === "button") return;
        // Hidden fields keep the fresh page's values, but for the version the user edited: a record someone
        // changed meanwhile is then refused with who changed it (409), not overwritten.
        if (type === "hidden" && !/(^|[-_])version$/.test(name)) return;
        if (type === "checkbox" || type === "radio") {
          el.checked = values.indexOf(el.value) !== -1;
        } else if (el.tagName === "SELECT") {
          Array.prototype.forEach.call(el.options, function (o) { o.selected = values.indexOf(o.value) !== -1; });
        } else if (values[index] !== undefined) {
          el.value = values[index];
        }
        el.dispatchEvent(new Event("change", { bubbles: true }));
      });
    });
    // A form folded inside <details> is opened, so the refilled values are in sight.
    for (var parent = form.parentElement; parent; parent = parent.parentElement) {
      if (parent.tagName === "DETAILS") parent.open = true;
    }
    var note = document.querySelector(".kept-form-note");
    if (note) {
      note.hidden = false;
      form.insertBefore(note, form.firstChild);
    }
    form.scrollIntoView({ block: "start" });
    // The token is spent: the address loses it, so a reload or a bookmark is the plain page.
    if (window.history && history.replaceState) {
      var url = new URL(location.href);
      url.searchParams.delete("kept");
      history.replaceState(history.state, "", url.pathname + url.search + url.hash);
    }
  }

  function start() {
    restoreKeptForm();
    setUpWarning();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
