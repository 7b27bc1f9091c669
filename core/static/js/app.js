/* Small progressive enhancements for the staff pages. Every page works without this file:
   forms post, filters are plain GET forms, menus are <details>. No inline scripts (CSP). */
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  /* Vietnamese-insensitive matching: "bac ninh" finds "Bắc Ninh", "dong" finds "Đồng". */
  function fold(text) {
    return (text || "")
      .toLowerCase()
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d");
  }

  /* The navigation collapses behind a button on small screens. */
  function setUpNavToggle() {
    var button = document.querySelector(".nav-toggle");
    var nav = document.getElementById("site-nav");
    if (!button || !nav) return;
    button.addEventListener("click", function () {
      var open = nav.classList.toggle("is-open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  /* A search box above each <select data-filter>: typing hides the options that do not match. */
  function setUpSelectFilters() {
    var selects = document.querySelectorAll("select[data-filter]");
    Array.prototype.forEach.call(selects, function (select, index) {
      var input = document.createElement("input");
      input.type = "search";
      input.className = "select-filter";
      input.id = (select.id || "select-" + index) + "-filter";
      input.placeholder = "Gõ để lọc danh sách…";
      input.setAttribute("aria-label", "Lọc danh sách: " + (select.labels && select.labels[0] ? select.labels[0].textContent.trim() : ""));
      input.setAttribute("aria-controls", select.id);
      input.autocomplete = "off";
      select.parentNode.insertBefore(input, select);

      var counter = null;
      if (select.multiple) {
        counter = document.createElement("span");
        counter.className = "select-count";
        counter.setAttribute("aria-live", "polite");
        select.parentNode.insertBefore(counter, select.nextSibling);
      }
      function updateCount() {
        if (!counter) return;
        var chosen = Array.prototype.filter.call(select.options, function (o) { return o.selected; });
        counter.textContent = chosen.length ? "Đã chọn " + chosen.length + ": " +
          chosen.map(function (o) { return o.textContent.trim(); }).join("; ") : "Chưa chọn mục nào.";
      }
      input.addEventListener("input", function () {
        var needle = fold(input.value.trim());
        Array.prototype.forEach.call(select.options, function (option) {
          var match = !needle || option.selected || fold(option.textContent).indexOf(needle) !== -1;
          option.hidden = !match;
        });
      });
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter") event.preventDefault();  // do not submit the form while filtering
      });
      select.addEventListener("change", updateCount);
      updateCount();
    });
  }

  /* A search box above each <select data-lookup> (core.widgets.LookupSelect): the page renders only the chosen
     option; typing asks the JSON endpoint (debounced) and fills the select with what it answers, keeping
     the empty choice and the chosen one. Arrow down moves to the list, Enter picks the first suggestion. */
  function setUpLookups() {
    var selects = document.querySelectorAll("select[data-lookup]");
    Array.prototype.forEach.call(selects, function (select, index) {
      var url = select.getAttribute("data-lookup");
      var label = select.labels && select.labels[0] ? select.labels[0].textContent.trim() : "";
      var input = document.createElement("input");
      input.type = "search";
      input.className = "select-filter";
      input.id = (select.id || "lookup-" + index) + "-search";
      input.placeholder = select.getAttribute("data-placeholder") || "Gõ để tìm…";
      input.setAttribute("aria-label", "Tìm: " + label);
      input.setAttribute("aria-controls", select.id);
      input.autocomplete = "off";
      select.parentNode.insertBefore(input, select);
      var status = document.createElement("span");
      status.className = "select-count";
      status.setAttribute("aria-live", "polite");
      select.parentNode.insertBefore(status, select.nextSibling);

      var timer = null;
      var asked = 0;
      function fill(results) {
        var kept = Array.prototype.filter.call(select.options, function (o) { return o.value === "" || o.selected; });
        var keptValues = kept.map(function (o) { return o.value; });
        while (select.options.length) select.remove(0);
        kept.forEach(function (o) { select.add(o); });
        results.forEach(function (row) {
          if (keptValues.indexOf(String(row.id)) !== -1) return;
          select.add(new Option(row.label, String(row.id)));
        });
        status.textContent = results.length ? "Tìm thấy " + results.length + " mục: chọn trong danh sách." : "Không tìm thấy mục nào.";
      }
      function ask() {
        var number = ++asked;
        var query = url + (url.indexOf("?") === -1 ? "?" : "&") + "q=" + encodeURIComponent(input.value.trim());
        status.textContent = "Đang tìm…";
        fetch(query, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) {
            if (!response.ok) throw new Error(response.status);
            return response.json();
          })
          .then(function (data) { if (number === asked) fill(data.results || []); })
          .catch(function () { if (number === asked) status.textContent = "Không tìm được, hãy thử lại."; });
      }
      input.addEventListener("input", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(ask, 250);
      });
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter") {
          event.preventDefault();  // do not submit the form while searching: pick the first suggestion
          var first = Array.prototype.filter.call(select.options, function (o) { return o.value !== "" && !o.selected; })[0];
          if (first) {
            first.selected = true;
            select.dispatchEvent(new Event("change", { bubbles: true }));
          }
        } else if (event.key === "ArrowDown") {
          event.preventDefault();
          select.focus();
        }
      });
    });
  }

  /* Forms that change something ask once before a destructive action, and never post twice. */
  function setUpForms() {
    document.addEventListener("submit", function (event) {
      var form = event.target;
      var submitter = event.submitter;
      var question = (submitter && submitter.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
      if (question && !window.confirm(question)) {
        event.preventDefault();
        return;
      }
      if ((form.method || "").toLowerCase() === "post") {
        window.setTimeout(function () {
          Array.prototype.forEach.call(form.querySelectorAll("button[type=submit], button:not([type])"), function (b) {
            b.disabled = true;
          });
        }, 0);
      }
    });
    Array.prototype.forEach.call(document.querySelectorAll("select[data-autosubmit]"), function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
    /* "Chọn tất cả": a checkbox ticking or clearing every checkbox named by its data-select-all (the carry-over
       page's tasks); without JavaScript each is ticked by hand. */
    Array.prototype.forEach.call(document.querySelectorAll("input[data-select-all]"), function (all) {
      all.hidden = false;
      var wrapper = all.closest("[data-select-all-wrapper]");
      if (wrapper) wrapper.hidden = false;
      all.addEventListener("change", function () {
        var boxes = document.querySelectorAll('input[type=checkbox][name="' + all.getAttribute("data-select-all") + '"]');
        Array.prototype.forEach.call(boxes, function (box) { box.checked = all.checked; });
      });
    });
  }

  /* After a failed submission, put the cursor on the first field in error (the box confirming a tenfold change
     first, when the form asks for it); the summary's links do the same for the field they name. */
  function reveal(element) {
    var details = element.closest("details");
    if (details) details.open = true;
    element.scrollIntoView({ block: "center" });
  }

  function focusFirstError() {
    var field = document.querySelector(".scale-confirm input[type=checkbox]") ||
      document.querySelector('[aria-invalid="true"]:not([type=hidden])');
    if (field) {
      reveal(field);
      field.focus({ preventScroll: true });
      return;
    }
    var summary = document.querySelector(".field-error, .form-errors");
    if (summary) reveal(summary);
  }

  function setUpErrorLinks() {
    document.addEventListener("click", function (event) {
      var link = event.target.closest(".error-summary a[href^='#']");
      if (!link) return;
      var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (!target) return;
      event.preventDefault();
      reveal(target);
      target.focus({ preventScroll: true });
    });
  }

  /* A table wider than the screen scrolls inside its box (.table-wrap): that box takes the keyboard focus, so the
     arrow keys scroll it, and is announced as a region named after its table (caption, or the section's heading). */
  function labelOf(wrap) {
    var caption = wrap.querySelector("caption");
    if (caption) return caption.textContent.trim();
    var section = wrap.closest("section, form, .card");
    var heading = section && section.querySelector("h1, h2, h3");
    if (heading) return heading.textContent.trim();
    var label = section && section.getAttribute("aria-label");
    return label || document.title.split(" — ")[0];
  }

  function setUpScrollRegions() {
    Array.prototype.forEach.call(document.querySelectorAll(".table-wrap"), function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        if (!wrap.hasAttribute("tabindex")) {
          wrap.setAttribute("tabindex", "0");
          wrap.setAttribute("role", "region");
          wrap.setAttribute("aria-label", "Bảng cuộn ngang: " + labelOf(wrap));
          wrap.setAttribute("data-scroll-region", "");
        }
      } else if (wrap.hasAttribute("data-scroll-region")) {
        ["tabindex", "role", "aria-label", "data-scroll-region"].forEach(function (name) { wrap.removeAttribute(name); });
      }
    });
  }

  /* On a phone the filters of a list fold away (details.filter-panel) so the list comes first; open when any
     filter is set, so what narrows the list stays in view. */
  function setUpFilterPanels() {
    if (!window.matchMedia("(max-width: 720px)").matches) return;
    Array.prototype.forEach.call(document.querySelectorAll("details.filter-panel[data-active='0']"), function (panel) {
      panel.open = false;
    });
  }

  function ready() {
    setUpNavToggle();
    setUpFilterPanels();
    setUpScrollRegions();
    window.addEventListener("resize", setUpScrollRegions);
    setUpSelectFilters();
    setUpLookups();
    setUpForms();
    setUpErrorLinks();
    focusFirstError();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
