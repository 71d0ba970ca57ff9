// A search box above a long list of check boxes (fields of study): typing hides the fields whose
// label lacks a word typed; ticked fields stay visible. The label comes from the inputs'
// data-filter-label (Django puts the widget's attributes on each input).
(function () {
  "use strict";
  document.querySelectorAll("div.field-choices[id]").forEach(function (list) {
    var rows = Array.prototype.slice.call(list.children);
    var first = list.querySelector("input[data-filter-label]");
    if (rows.length < 8 || !first) { return; }
    var box = document.createElement("input");
    box.type = "search";
    box.className = "field-filter";
    box.id = list.id + "-filter";
    box.setAttribute("aria-controls", list.id);
    box.setAttribute("autocomplete", "off");
    var label = document.createElement("label");
    label.htmlFor = box.id;
    label.className = "field-filter-label";
    label.textContent = first.getAttribute("data-filter-label");
    list.parentNode.insertBefore(label, list);
    list.parentNode.insertBefore(box, list);
    box.addEventListener("input", function () {
      var words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
      rows.forEach(function (row) {
        var text = row.textContent.toLowerCase();
        var input = row.querySelector("input");
        row.hidden = !((input && input.checked) || words.every(function (word) {
          return text.indexOf(word) !== -1;
        }));
      });
    });
  });
})();
