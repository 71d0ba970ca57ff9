// Search suggestions as the user types, for every input[role=combobox][data-autocomplete-url]
// (the header box and the /search/ page's box). WAI-ARIA 1.2 combobox with a listbox popup:
// focus stays in the input, aria-activedescendant points at the highlighted option; Down/Up
// move, Enter opens the highlighted suggestion (or submits the form), Escape closes the list and
// a second Escape clears the box. No inline script or style: it runs under the site's CSP.
// Also closes the header's "Browse all" menu on a click elsewhere or Escape.
(function () {
  "use strict";

  var MIN_CHARS = 2;
  var DELAY_MS = 150;

  function setup(input) {
    var list = document.getElementById(input.getAttribute("aria-controls"));
    var status = document.getElementById(input.id + "-status");
    if (!list) return;
    var endpoint = input.getAttribute("data-autocomplete-url");
    var statusTemplate = input.getAttribute("data-status-template") || "{count}";
    var termLabel = input.getAttribute("data-term-label") || "";
    var items = [];
    var active = -1;
    var timer = null;
    var controller = null;
    var lastQuery = null;

    function optionId(i) { return input.id + "-option-" + i; }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(i) {
      var options = list.querySelectorAll("[role=option]");
      for (var k = 0; k < options.length; k++) {
        options[k].setAttribute("aria-selected", k === i ? "true" : "false");
      }
      active = i;
      if (i >= 0 && options[i]) {
        input.setAttribute("aria-activedescendant", options[i].id);
        options[i].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function open() {
      if (!items.length) return;
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function addText(parent, className, text) {
      var span = document.createElement("span");
      span.className = className;
      span.textContent = text;
      parent.appendChild(span);
    }

    function render(data) {
      items = [];
      (data.terms || []).forEach(function (t) {
        items.push({ title: t.term, extra: (t.alternatives || []).join(" · "), label: termLabel, url: t.url, kind: "term" });
      });
      (data.results || []).forEach(function (r) {
        items.push({ title: r.title, extra: "", label: r.type_label, url: r.url, kind: "resource" });
      });
      list.textContent = "";
      items.forEach(function (item, i) {
        var li = document.createElement("li");
        li.id = optionId(i);
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.className = "ac-option ac-" + item.kind;
        addText(li, "ac-title", item.title);
        if (item.extra) addText(li, "ac-alt", item.extra);
        if (item.label) addText(li, "ac-type", item.label);
        li.addEventListener("mousedown", function (event) { event.preventDefault(); });
        li.addEventListener("click", function () { go(i); });
        list.appendChild(li);
      });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (items.length) {
        open();
      } else {
        close();
      }
      if (status) status.textContent = items.length ? statusTemplate.replace("{count}", items.length) : "";
    }

    function go(i) {
      var item = items[i];
      if (!item) return;
      close();
      window.location.assign(item.url);
    }

    function fetchSuggestions() {
      var q = input.value;
      if (q.trim().length < MIN_CHARS) {
        items = [];
        list.textContent = "";
        close();
        return;
      }
      if (q === lastQuery) { open(); return; }
      if (controller) controller.abort();
      controller = new AbortController();
      var url = new URL(endpoint, window.location.href);
      url.searchParams.set("q", q);
      fetch(url.toString(), { signal: controller.signal, credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { results: [], terms: [] }; })
        .then(function (data) {
          lastQuery = q;
          if (input.value === q) render(data);
        })
        .catch(function () {});
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      var expanded = !list.hidden;
      switch (event.key) {
        case "ArrowDown":
          event.preventDefault();
          if (!expanded) { open(); if (!event.altKey && items.length) highlight(0); return; }
          highlight(active + 1 >= items.length ? 0 : active + 1);
          break;
        case "ArrowUp":
          event.preventDefault();
          if (!expanded) { open(); if (items.length) highlight(items.length - 1); return; }
          highlight(active <= 0 ? items.length - 1 : active - 1);
          break;
        case "Enter":
          if (expanded && active >= 0) { event.preventDefault(); go(active); }
          break;
        case "Escape":
          if (expanded) { event.preventDefault(); close(); }
          else if (input.value) { event.preventDefault(); input.value = ""; items = []; lastQuery = null; list.textContent = ""; }
          break;
        case "Tab":
          close();
          break;
        default:
          break;
      }
    });

    input.addEventListener("blur", function () { close(); });
  }

  // The header's "Browse all" menu (a <details>): closes on a click elsewhere or on Escape.
  function setupMenus() {
    var menus = document.querySelectorAll("details.browse-menu");
    Array.prototype.forEach.call(menus, function (menu) {
      document.addEventListener("click", function (event) {
        if (menu.open && !menu.contains(event.target)) menu.open = false;
      });
      menu.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && menu.open) {
          menu.open = false;
          menu.querySelector("summary").focus();
        }
      });
    });
  }

  function init() {
    var inputs = document.querySelectorAll("input[role=combobox][data-autocomplete-url]");
    for (var i = 0; i < inputs.length; i++) setup(inputs[i]);
    setupMenus();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
