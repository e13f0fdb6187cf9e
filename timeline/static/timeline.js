(function () {
  "use strict";
  var gd = document.getElementById(CHART_ID);
  var figure = FIGURE;
  // Labels are placed for a report column as the chart is drawn; on the reader's screen the
  // page checks them as drawn: a title that overlaps a marker or a label placed before it,
  // or leaves the plot, gives way to its event's number (which follows it in the figure,
  // hidden), and a number with no room is hidden. Checked again after every change of range.
  var initial = (figure.layout.annotations || []).map(function (note) {
    return note.visible !== false;
  });
  var settling = false;
  function box(element) {
    return element.getBoundingClientRect();
  }
  function hit(a, b) {
    return a.left < b.right - 0.5 && b.left < a.right - 0.5 &&
      a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
  }
  function settle() {
    var notes = gd.layout.annotations || [];
    var size = gd._fullLayout._size, own = box(gd);
    var area = {left: own.left + size.l - 0.5, top: own.top + size.t - 0.5,
      right: own.left + size.l + size.w + 0.5, bottom: own.top + size.t + size.h + 0.5};
    var taken = [];
    // Markers, and bars that are not faint windows (labels read over those), are fixed.
    gd.querySelectorAll(".scatterlayer .point, .barlayer .point").forEach(function (mark) {
      var trace = mark.closest(".trace");
      var faint = trace && parseFloat(getComputedStyle(trace).opacity) < 0.5;
      var rect = box(mark);
      if (!faint && rect.width > 0 && rect.height > 0) { taken.push(rect); }
    });
    var labels = [];
    notes.forEach(function (note, index) {
      var shown = gd.querySelector('g.annotation[data-index="' + index + '"]');
      if (!shown || note.visible === false) { return; }
      if (note.name === KEY_LABEL || note.name === NUMBER_LABEL) {
        labels.push([note, index, shown]);
      } else {
        taken.push(box(shown));
      }
    });
    var update = {};
    labels.forEach(function (entry) {
      var note = entry[0], index = entry[1], rect = box(entry[2]);
      var inside = rect.left >= area.left && rect.right <= area.right &&
        rect.top >= area.top && rect.bottom <= area.bottom;
      if (inside && !taken.some(function (other) { return hit(rect, other); })) {
        taken.push(rect);
        return;
      }
      update["annotations[" + index + "].visible"] = false;
      var next = notes[index + 1];
      if (note.name === KEY_LABEL && next && next.name === NUMBER_LABEL && next.visible === false) {
        update["annotations[" + (index + 1) + "].visible"] = true;
      }
    });
    if (Object.keys(update).length) {
      settling = true;
      Plotly.relayout(gd, update).then(function () { settling = false; settle(); });
    } else {
      showKey(notes);
      gd.setAttribute("data-ready", "true");
    }
  }
  function showKey(notes) {
    // The key lists the numbers the chart shows, and only those.
    var key = document.getElementById(CHART_ID + "-key");
    if (!key) { return; }
    var shown = {};
    notes.forEach(function (note) {
      if (note.name === NUMBER_LABEL && note.visible !== false) {
        shown[note.text.replace(/<[^>]*>/g, "")] = true;
      }
    });
    var any = false;
    key.querySelectorAll("li[data-number]").forEach(function (item) {
      var on = shown[item.getAttribute("data-number")] === true;
      item.hidden = !on;
      any = any || on;
    });
    key.hidden = !any;
  }
  function restart() {
    // A new range or size: every label as drawn at first, then checked again.
    var update = {};
    (gd.layout.annotations || []).forEach(function (note, index) {
      var first = initial[index];
      if ((note.visible !== false) !== first) { update["annotations[" + index + "].visible"] = first; }
    });
    settling = true;
    gd.setAttribute("data-ready", "false");
    Plotly.relayout(gd, update).then(function () { settling = false; settle(); });
  }
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
      gd.on("plotly_relayout", function (change) {
        if (settling) { return; }
        var moved = Object.keys(change || {}).some(function (key) {
          return key.indexOf("annotations") !== 0;
        });
        if (moved) { restart(); }
      });
      settle();
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
    } else if (window.timelinePlotlyjs) {
      // plotly.js came packed in the page (inflate.js): draw once it has been unpacked and run.
      window.timelinePlotlyjs.then(function (problem) {
        if (window.Plotly) {
          draw();
        } else {
          gd.textContent = problem ? MISSING + " " + problem : MISSING;
        }
      });
    } else if (waited > 10000) {
      gd.textContent = MISSING;
    } else {
      if (document.readyState === "complete") { waited += 100; }
      setTimeout(start, 100);
    }
  })();
})();
