(function () {
  "use strict";
  var gd = document.getElementById(CHART_ID);
  try {
    var figure = FIGURE;
  } catch (problem) {
    // A packed figure that this browser cannot unpack (one without TextDecoder): the
    // chart's place says why, as it does when plotly.js came packed too (inflate.js).
    if (!window.Plotly && window.timelinePlotlyjs) {
      window.timelinePlotlyjs.then(function (why) {
        gd.textContent = why ? MISSING + " " + why : MISSING;
      });
    } else {
      gd.textContent = typeof TextDecoder === "function" ? "The chart could not be unpacked." :
        "This browser cannot unpack the chart: open the page in a current Chrome, Edge, " +
        "Firefox or Safari.";
    }
    return;
  }
  // A long WebGL chart comes with its markers' customdata in columns, each a list of parts
  // joined point by point; a part is a list of texts, or a table of texts that repeat and
  // each point's place in it (timeline/drawing/webgl.py, page_columns). The same lists go
  // back into the traces before plotly.js reads them, and the columns go.
  function partText(part, i) {
    return Array.isArray(part) ? part[i] : part.table[part.index[i]];
  }
  Object.keys(figure.columns || {}).forEach(function (key) {
    var columns = figure.columns[key], first = columns[0][0];
    var count = Array.isArray(first) ? first.length : first.index.length;
    var rows = new Array(count);
    for (var i = 0; i < count; i++) {
      var row = new Array(columns.length);
      for (var c = 0; c < columns.length; c++) {
        var parts = columns[c], text = partText(parts[0], i);
        for (var p = 1; p < parts.length; p++) { text += partText(parts[p], i); }
        row[c] = text;
      }
      rows[i] = row;
    }
    figure.data[Number(key)].customdata = rows;
  });
  delete figure.columns;
  // Labels are placed for a report column as the chart is drawn; on the reader's screen the
  // page checks them as drawn: a title that overlaps a marker or a label placed before it,
  // or leaves the plot, gives way to its event's number (which its type's trace of numbers
  // holds with no text), and a number with no room is hidden. Checked again after every
  // change of range. Labels are the text of scatter traces (named KEY_LABEL and
  // NUMBER_LABEL), whose meta gives each point's number and whether it is a key event.
  function labelTraces(data) {
    var found = [];
    data.forEach(function (trace, index) {
      if (trace.name === KEY_LABEL || trace.name === NUMBER_LABEL) { found.push(index); }
    });
    return found;
  }
  var initial = {};
  labelTraces(figure.data).forEach(function (index) {
    initial[index] = figure.data[index].text.slice();
  });
  var settling = false;
  function box(element) {
    return element.getBoundingClientRect();
  }
  function hit(a, b) {
    return a.left < b.right - 0.5 && b.left < a.right - 0.5 &&
      a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
  }
  // The boxes already taken on the chart, filed by the cells of a grid they cover, so that
  // a label is checked against its neighbours only, not against every marker of the chart
  // (a 1,000-event chart has thousands: checking each against each took about 50 ms of
  // the 120 ms the check took). The same boxes are found as by checking them all.
  var CELL = 64;
  function Taken() {
    this.cells = {};
  }
  Taken.prototype.span = function (rect, visit) {
    var left = Math.floor(rect.left / CELL), right = Math.floor(rect.right / CELL);
    var top = Math.floor(rect.top / CELL), bottom = Math.floor(rect.bottom / CELL);
    for (var col = left; col <= right; col++) {
      for (var row = top; row <= bottom; row++) {
        if (visit(col + "," + row) === true) { return true; }
      }
    }
    return false;
  };
  Taken.prototype.push = function (rect) {
    var cells = this.cells;
    this.span(rect, function (name) { (cells[name] = cells[name] || []).push(rect); });
  };
  Taken.prototype.hits = function (rect) {
    var cells = this.cells;
    return this.span(rect, function (name) {
      var list = cells[name];
      if (!list) { return false; }
      for (var i = 0; i < list.length; i++) {
        if (hit(rect, list[i])) { return true; }
      }
      return false;
    });
  };
  function settle() {
    var size = gd._fullLayout._size, own = box(gd);
    var area = {left: own.left + size.l - 0.5, top: own.top + size.t - 0.5,
      right: own.left + size.l + size.w + 0.5, bottom: own.top + size.t + size.h + 0.5};
    var taken = new Taken(), labels = [];
    var traces = labelTraces(gd.data);
    var isLabel = {};
    traces.forEach(function (index) { isLabel[index] = true; });
    // Markers, and bars that are not faint windows (labels read over those), are fixed.
    gd.querySelectorAll(".cartesianlayer .scatterlayer .trace, .cartesianlayer .barlayer .trace")
      .forEach(function (group) {
        var calc = group.__data__, trace = calc && calc[0] && calc[0].trace;
        if (!trace) { return; }
        if (isLabel[trace.index]) {
          group.querySelectorAll(".textpoint").forEach(function (point) {
            var i = point.__data__.i, meta = trace.meta || {};
            // Off the range (plotly.js hides it) or already given up: nothing to check.
            if (!gd.data[trace.index].text[i] || point.style.display === "none") { return; }
            labels.push({trace: trace.index, i: i, element: point,
              number: (meta.numbers || [])[i], key: (meta.key || [])[i] === true});
          });
          return;
        }
        var faint = parseFloat(getComputedStyle(group).opacity) < 0.5;
        if (faint) { return; }
        group.querySelectorAll(".point").forEach(function (mark) {
          var rect = box(mark);
          if (rect.width > 0 && rect.height > 0) { taken.push(rect); }
        });
      });
    gd.querySelectorAll("g.annotation").forEach(function (note) { taken.push(box(note)); });
    // Key events first, then in number order: where some must go, the later ones go.
    labels.sort(function (a, b) {
      return (a.key === b.key ? 0 : a.key ? -1 : 1) || a.number - b.number;
    });
    var numberAt = {};
    traces.forEach(function (index) {
      var trace = gd.data[index];
      if (trace.name !== NUMBER_LABEL) { return; }
      ((trace.meta || {}).numbers || []).forEach(function (number, i) {
        numberAt[number] = [index, i];
      });
    });
    var texts = {}, changed = false;
    function text(index) {
      if (!texts[index]) { texts[index] = gd.data[index].text.slice(); }
      return texts[index];
    }
    labels.forEach(function (label) {
      // The text's box with the air an annotation's background gave it.
      var drawn = box(label.element);
      var rect = {left: drawn.left - 2, right: drawn.right + 2, top: drawn.top - 2,
        bottom: drawn.bottom + 2};
      var inside = rect.left >= area.left && rect.right <= area.right &&
        rect.top >= area.top && rect.bottom <= area.bottom;
      if (inside && !taken.hits(rect)) {
        taken.push(rect);
        return;
      }
      text(label.trace)[label.i] = "";
      changed = true;
      var at = numberAt[label.number];
      if (gd.data[label.trace].name === KEY_LABEL && at && !gd.data[at[0]].text[at[1]]) {
        // The numbers' trace is bold: its texts are the numbers alone.
        text(at[0])[at[1]] = String(label.number);
      }
    });
    if (changed) {
      restyle(texts);
    } else {
      showKey();
      gd.setAttribute("data-ready", "true");
    }
  }
  function restyle(texts) {
    var indices = Object.keys(texts).map(Number);
    settling = true;
    Plotly.restyle(gd, {text: indices.map(function (index) { return texts[index]; })}, indices)
      .then(function () { settling = false; settle(); });
  }
  function showKey() {
    // The key lists the numbers the chart shows, and only those.
    var key = document.getElementById(CHART_ID + "-key");
    if (!key) { return; }
    var shown = {};
    labelTraces(gd.data).forEach(function (index) {
      var trace = gd.data[index];
      if (trace.name !== NUMBER_LABEL) { return; }
      trace.text.forEach(function (text) {
        if (text) { shown[text.replace(/<[^>]*>/g, "")] = true; }
      });
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
    gd.setAttribute("data-ready", "false");
    var texts = {};
    Object.keys(initial).forEach(function (index) { texts[index] = initial[index].slice(); });
    restyle(texts);
  }
  function draw() {
    if (gd.clientWidth < 480) {
      // On a phone, key labels one size smaller keep their full titles on screen, and six
      // date ticks instead of plotly.js's four keep a weekly scale over a month.
      figure.data.forEach(function (trace) {
        if (trace.name === KEY_LABEL) { trace.textfont.size = 11; }
      });
      figure.layout.xaxis.nticks = 6;
    }
    // WebGL traces are drawn at the screen's own resolution, not at plotly.js's default of
    // twice it: on a screen of one device pixel per CSS pixel that default drew four times
    // the pixels and shrank them again (the same chart, within a pixel's antialiasing), and
    // a browser without a GPU drew them in software, a second of a 100,000-event page's
    // opening. A sharper screen keeps plotly.js's two; downloaded images keep theirs.
    if (figure.config.plotGlPixelRatio === undefined) {
      figure.config.plotGlPixelRatio = Math.min(2, Math.max(1, window.devicePixelRatio || 1));
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
        if (Object.keys(change || {}).length) { restart(); }
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
