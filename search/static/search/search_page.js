// /search/ on a phone: the results come first and the filters open behind a button (a
// disclosure). On wider screens the filters stay beside the results and the button is hidden.
(function () {
  "use strict";
  var layout = document.querySelector(".search-layout");
  var button = layout && layout.querySelector(".filters-toggle");
  var panel = button && document.getElementById(button.getAttribute("aria-controls"));
  if (!panel) return;
  layout.classList.add("js-filters");

  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    layout.classList.toggle("filters-open", open);
  }

  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true" && window.getComputedStyle(button).display !== "none") {
      setOpen(false);
      button.focus();
    }
  });
})();
