/* Draws the workforce dashboards' charts with Chart.js (served from our own static files).
   The data comes from <script type="application/json"> blocks (Django's json_script): no inline
   scripts, so the site's CSP (script-src 'self') holds. */
(function () {
  "use strict";
  var COLOURS = ["#1f5fa8", "#e0822b", "#2e8b57", "#b03a48", "#6a4c93", "#5b6770"];

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart-source"));
    if (!source) { return; }
    var spec = JSON.parse(source.textContent);
    var datasets = spec.datasets.map(function (dataset, index) {
      var colour = COLOURS[index % COLOURS.length];
      return {
        label: dataset.label,
        data: dataset.data,
        backgroundColor: colour,
        borderColor: colour,
        borderWidth: spec.type === "line" ? 2 : 0,
        spanGaps: true,
        tension: 0.2
      };
    });
    new window.Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: {
          legend: { position: "bottom" },
          tooltip: { callbacks: { label: function (ctx) {
            var value = ctx.parsed.y === null ? "–" : ctx.parsed.y.toLocaleString(document.documentElement.lang);
            return ctx.dataset.label + ": " + value + (spec.unit === "%" ? "%" : "");
          } } }
        },
        scales: { y: { beginAtZero: true, title: { display: !!spec.unit, text: spec.unit } } }
      }
    });
    canvas.setAttribute("data-chart-drawn", "true");
  }

  function init() {
    if (!window.Chart) { return; }
    window.Chart.defaults.font.family = "Sarabun, sans-serif";
    window.Chart.defaults.font.size = 14;
    var canvases = document.querySelectorAll("canvas[data-chart-source]");
    Array.prototype.forEach.call(canvases, draw);
  }

  if (document.fonts && document.fonts.ready) {
    document.fonts.ready.then(init);
  } else {
    init();
  }
})();
