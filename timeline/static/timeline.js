(function () {
  "use strict";
  var gd = document.getElementById(CHART_ID);
  var figure = FIGURE;
  function draw() {
    if (gd.clientWidth < 480) {
      // On a phone, key labels one size smaller keep their full titles on screen, and six
      // date ticks instead of plotly.js's four keep a weekly scale over a month.
      (figure.layout.annotations || []).forEach(function (note) {
        if (note.name === KEY_LABEL) { note.font.size = 11; }
      });
      figure.layout.xaxis.nticks = 6;
    }
    Plotly.newPlot(gd, figure.data, figure.layout, figure.config).then(function () {
      gd.on("plotly_click", function (event) {
        var point = event && event.points && event.points[0];
        var data = point && point.customdata;
        var url = Array.isArray(data) ? data[0] : "";
        if (typeof url === "string" && /^https?:\/\//i.test(url)) {
          window.open(url, "_blank", "noopener,noreferrer");
        }
      });
      // Print: each layer of the chart gets a viewBox of its drawn size, so the print
      // stylesheet can scale the chart to the paper's width (plotly.js draws in pixels).
      gd.on("plotly_afterplot", printable);
      printable();
      gd.setAttribute("data-ready", "true");
    });
  }
  function printable() {
    var layers = gd.querySelectorAll(".main-svg");
    var width = layers.length && layers[0].getAttribute("width");
    var height = layers.length && layers[0].getAttribute("height");
    if (!width || !height) { return; }
    for (var i = 0; i < layers.length; i++) {
      layers[i].setAttribute("viewBox", "0 0 " + width + " " + height);
    }
    gd.style.setProperty("--chart-ratio", width + " / " + height);
  }
  var waited = PATIENCE;
  (function start() {
    if (window.Plotly) {
      draw();
    } else if (waited > 10000) {
      gd.textContent = MISSING;
    } else {
      if (document.readyState === "complete") { waited += 100; }
      setTimeout(start, 100);
    }
  })();
})();
