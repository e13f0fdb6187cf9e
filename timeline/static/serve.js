(function () {
  "use strict";
  var self = document.currentScript;
  var version = Number(self.getAttribute("data-version"));
  var wanted = version;  // the latest build the server has told of
  var problemsNow = null;  // the latest problems it has told of
  var busy = false;
  var key = "timeline-serve-view:" + location.pathname;
  var gd = document.querySelector(".plotly-graph-div");
  // After a reload (the fallback below): the reader's zoom (the x range) and scroll.
  var saved = sessionStorage.getItem(key);
  sessionStorage.removeItem(key);
  function restore() {
    if (!saved) { return; }
    var view = JSON.parse(saved);
    saved = null;
    window.scrollTo(0, view.scroll || 0);
    if (view.range && gd && window.Plotly) {
      Plotly.relayout(gd, {"xaxis.range": view.range}).then(function () {
        gd.setAttribute("data-restored", "true");
      });
    }
  }
  if (gd && !gd.hasAttribute("data-ready")) {
    new MutationObserver(function (changes, observer) {
      if (gd.hasAttribute("data-ready")) { observer.disconnect(); restore(); }
    }).observe(gd, {attributes: true, attributeFilter: ["data-ready"]});
  } else {
    restore();
  }
  function range() {
    var axis = gd && gd.layout && gd.layout.xaxis;
    return axis && axis.range ? axis.range.slice(0, 2) : null;
  }
  function reload() {
    var view = {scroll: window.scrollY};
    var shown = range();
    if (shown) { view.range = shown; }
    sessionStorage.setItem(key, JSON.stringify(view));
    location.reload();
    return new Promise(function () {});  // nothing more: the page is going
  }
  function show(problems) {
    var banner = document.getElementById("timeline-live-banner");
    var list = document.getElementById("timeline-live-problems");
    list.textContent = "";
    problems.forEach(function (line) {
      var item = document.createElement("li");
      item.textContent = line;
      list.appendChild(item);
    });
    banner.hidden = problems.length === 0;
  }
  function ready() {
    // A chart still being drawn finishes first: its script's last steps work on it.
    return new Promise(function (resolve) {
      if (!gd || gd.getAttribute("data-ready") === "true") { resolve(); return; }
      var observer = new MutationObserver(function () {
        if (gd.getAttribute("data-ready") === "true") { done(); }
      });
      var timer = setTimeout(done, 10000);
      function done() { observer.disconnect(); clearTimeout(timer); resolve(); }
      observer.observe(gd, {attributes: true, attributeFilter: ["data-ready"]});
    });
  }
  function outline(doc) {
    // What an update in place cannot change: the head but its title (and the styles
    // plotly.js adds to it), and the scripts loaded from files (plotly.js: the basic or
    // the full bundle).
    var head = Array.prototype.filter.call(doc.head.children, function (node) {
      return node.tagName !== "TITLE" && node.id.indexOf("plotly.js") !== 0;
    }).map(function (node) { return node.outerHTML; });
    var files = Array.prototype.map.call(doc.querySelectorAll("script[src]"), function (node) {
      return node.getAttribute("src");
    });
    return JSON.stringify([head, files]);
  }
  // The page as served, before anything else (a browser extension, a test) adds to it.
  var served = outline(document);
  var newPlot = window.Plotly && Plotly.newPlot;
  // Form controls hold state and handlers of the page's scripts, which run again with each
  // update: they are always the new page's own, never kept.
  var CONTROLS = "select, input, textarea, button";
  function keys(nodes, chart) {
    // What pairs a node of the page shown with one of the new page: an element with an id by
    // its name and id (the chart's div by its role, its id being new with each build, as are
    // the ids made from it, such as its key's); any other node by the element with an id
    // before it and its place after that one.
    var found = [], last = "", count = 0;
    nodes.forEach(function (node) {
      var name = node.nodeType === Node.ELEMENT_NODE ? node.id : "";
      if (name && name === chart) {
        name = "\u0000chart";
      } else if (name && name.indexOf(chart + "-") === 0) {
        name = "\u0000chart" + name.slice(chart.length);
      }
      if (name) {
        last = node.nodeName + "#" + name;
        count = 0;
        found.push(last);
      } else {
        found.push(last + "|" + node.nodeName + "@" + count++);
      }
    });
    return found;
  }
  function steady(sources) {
    // The new places whose old places increase the longest way: those nodes stay put and
    // the others move around them (the longest increasing subsequence).
    var tails = [], before = [], keep = {};
    sources.forEach(function (source, i) {
      if (source < 0) { return; }
      var low = 0, high = tails.length;
      while (low < high) {
        var middle = (low + high) >> 1;
        if (sources[tails[middle]] < source) { low = middle + 1; } else { high = middle; }
      }
      before[i] = low > 0 ? tails[low - 1] : -1;
      tails[low] = i;
    });
    for (var i = tails.length ? tails[tails.length - 1] : -1; i >= 0; i = before[i]) {
      keep[i] = true;
    }
    return keep;
  }
  function names(node) {
    return Array.prototype.map.call(node.attributes, function (a) { return a.name; }).join(" ");
  }
  function attributes(into, from) {
    // ``into`` takes ``from``'s attributes, in its order (the markup is compared as text),
    // setting only those that differ.
    Array.prototype.slice.call(into.attributes).forEach(function (attribute) {
      if (!from.hasAttribute(attribute.name)) { into.removeAttribute(attribute.name); }
    });
    var kept = Array.prototype.filter.call(from.attributes, function (attribute) {
      return into.hasAttribute(attribute.name);
    }).map(function (attribute) { return attribute.name; }).join(" ");
    var wanted = names(from);
    var first = kept === "" || wanted === kept || wanted.indexOf(kept + " ") === 0;
    if (names(into) !== kept || !first) {
      // In another order: new ones are added last, so all are set again.
      Array.prototype.slice.call(into.attributes).forEach(function (attribute) {
        into.removeAttribute(attribute.name);
      });
    }
    Array.prototype.forEach.call(from.attributes, function (attribute) {
      if (into.getAttribute(attribute.name) !== attribute.value) {
        into.setAttribute(attribute.name, attribute.value);
      }
    });
  }
  function takeChart(next) {
    // The chart div takes the new one's attributes (its height, its label), and loses
    // data-ready until the new figure is drawn: the new figure is drawn into it from
    // nothing, as into the new page's. Until then it keeps what drawing sets on it again:
    // plotly.js's class, and the drawing's proportions for print (--chart-ratio, set by the
    // chart's script). Either taken off made the browser style every element of the old
    // drawing again (about 60 ms at 1,000 events) before drawing the new one.
    var drawn = gd.classList.contains("js-plotly-plot") && next.hasAttribute("class") &&
      !next.classList.contains("js-plotly-plot");
    if (drawn) { next.setAttribute("class", next.getAttribute("class") + " js-plotly-plot"); }
    var ratio = gd.style.getPropertyValue("--chart-ratio");
    if (ratio && next.style && !next.style.getPropertyValue("--chart-ratio")) {
      next.style.setProperty("--chart-ratio", ratio);
    }
    attributes(gd, next);
  }
  function morph(node, next, ids) {
    // ``node`` of the page made as ``next`` of the new one, changing only what differs: an
    // unchanged row is the same element, which the browser need not lay out again.
    if (node === gd) {
      takeChart(next);
      return gd;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) {
      if (node.nodeValue !== next.nodeValue) { node.nodeValue = next.nodeValue; }
      return node;
    }
    if (node.matches(CONTROLS) || node.nodeName === "SCRIPT") {
      return document.importNode(next, true);
    }
    if (!ids.holders.has(node) && node.isEqualNode(next)) { return node; }
    attributes(node, next);
    children(node, next, ids);
    return node;
  }
  function children(parent, next, ids) {
    var olds = Array.prototype.slice.call(parent.childNodes);
    var news = Array.prototype.slice.call(next.childNodes);
    var at = Object.create(null), used = {};
    keys(olds, ids.old).forEach(function (key, i) { if (!(key in at)) { at[key] = i; } });
    var sources = keys(news, ids.now).map(function (key) {
      var i = key in at ? at[key] : -1;
      if (i < 0 || used[i]) { return -1; }
      used[i] = true;
      return i;
    });
    olds.forEach(function (node, i) { if (!used[i]) { parent.removeChild(node); } });
    var keep = steady(sources), anchor = null;
    for (var i = news.length - 1; i >= 0; i--) {
      var node;
      if (sources[i] < 0) {
        node = document.importNode(news[i], true);
        parent.insertBefore(node, anchor);
      } else {
        var old = olds[sources[i]];
        node = morph(old, news[i], ids);
        if (node !== old) { parent.replaceChild(node, old); }
        if (!keep[i]) { parent.insertBefore(node, anchor); }
      }
      anchor = node;
    }
  }
  function same(node, next, chart) {
    // Whether the page shows what the new page holds, the chart's drawing aside.
    if (node === gd) {
      return names(gd) === names(next) &&
        Array.prototype.every.call(next.attributes, function (attribute) {
          return gd.getAttribute(attribute.name) === attribute.value;
        });
    }
    if (!next.contains(chart)) { return node.isEqualNode(next); }
    if (node.childNodes.length !== next.childNodes.length ||
        !node.cloneNode(false).isEqualNode(next.cloneNode(false))) {
      return false;
    }
    return Array.prototype.every.call(next.childNodes, function (child, i) {
      return same(node.childNodes[i], child, chart);
    });
  }
  function inPlace(main, next, chart) {
    // The reader's <main> made as the new page's, node by node; false when it could not be
    // (then nothing of it was kept).
    var holders = new Set();
    main.querySelectorAll(CONTROLS).forEach(function (control) {
      for (var node = control; node && node !== main; node = node.parentNode) {
        holders.add(node);
      }
    });
    for (var node = gd; node && node !== main; node = node.parentNode) { holders.add(node); }
    holders.add(main);
    var ids = {old: gd.id, now: chart.id, holders: holders};
    attributes(main, next);
    children(main, next, ids);
    // The chart's div must be where the new page has its own (its drawing is kept in it).
    return main.contains(gd) && same(main, next, chart);
  }
  function apply(doc) {
    // The new page in place of the old, with the chart div kept: its script draws the new
    // figure into it from nothing at the reader's range, and the rest (tables, key,
    // banner) is the new page's own. Anything else is a reload. Returns whether updated.
    var live = doc.getElementById("timeline-live");
    var charts = doc.querySelectorAll(".plotly-graph-div");
    if (!live || !gd || charts.length !== 1 || !charts[0].id || !window.Plotly ||
        document.querySelectorAll(".plotly-graph-div").length !== 1 ||
        outline(doc) !== served) {
      reload();
      return false;
    }
    var scroll = window.scrollY;
    var shown = range();
    var id = charts[0].id;  // of the page's content: a new one each build
    // The page's <main> is updated node by node when both pages have the chart in it and
    // no script (scripts run when put in a page, not when updated): what did not change
    // stays, and only what did is laid out again. Otherwise it is replaced whole.
    var main = document.body.querySelector(":scope > main");
    var nextMain = doc.body.querySelector(":scope > main");
    var updatable = main && nextMain && main.contains(gd) && nextMain.contains(charts[0]) &&
      !nextMain.querySelector("script") && !main.querySelector("script");
    var nodes = [], scripts = [];
    Array.prototype.forEach.call(doc.body.childNodes, function (node) {
      if (updatable && node === nextMain) {
        nodes.push(main);
      } else if (node.nodeName === "SCRIPT" && node.id === "timeline-live") {
        nodes.push(self);
      } else if (node.nodeName === "SCRIPT" && node.hasAttribute("src")) {
        var src = CSS.escape(node.getAttribute("src"));
        nodes.push(document.querySelector('script[src="' + src + '"]'));
      } else if (node.nodeName === "SCRIPT") {
        var place = document.createComment("script");
        scripts.push([place, node]);
        nodes.push(place);
      } else {
        nodes.push(document.importNode(node, true));
      }
    });
    if (updatable && !inPlace(main, nextMain, charts[0])) {
      // Not as the new page has it (which the update should never leave): the new <main>
      // whole, as below.
      var whole = document.importNode(nextMain, true);
      nodes[nodes.indexOf(main)] = whole;
      main = whole;
      updatable = false;
    }
    if (!updatable) {
      nodes.forEach(function (node) {
        if (node.nodeType !== Node.ELEMENT_NODE) { return; }
        var empty = node.id === id ? node : node.querySelector("#" + CSS.escape(id));
        if (!empty) { return; }
        takeChart(empty);
        if (empty === node) { nodes[nodes.indexOf(node)] = gd; } else { empty.replaceWith(gd); }
      });
    }
    newPlot = newPlot || Plotly.newPlot;
    Plotly.newPlot = function (target, data, layout, config) {
      if (target !== gd && target !== id) { return newPlot.apply(Plotly, arguments); }
      Plotly.newPlot = newPlot;
      if (shown && layout) {
        layout.xaxis = layout.xaxis || {};
        layout.xaxis.range = shown;
        layout.xaxis.autorange = false;
        // Axes that follow the time axis (the one the labels sit on) take its range too,
        // as a zoom in the page gives them.
        Object.keys(layout).forEach(function (name) {
          var other = layout[name];
          if (/^xaxis[0-9]+$/.test(name) && other && other.matches === "x") {
            other.range = shown.slice(0, 2);
          }
        });
      }
      // The page's scripts add their handlers again as they draw.
      if (gd.removeAllListeners) { gd.removeAllListeners(); }
      return newPlot.call(Plotly, gd, data, layout, config);
    };
    document.title = doc.title;
    self.setAttribute("data-version", live.getAttribute("data-version"));
    self.setAttribute("data-updated", updatable ? "in-place" : "whole");
    served = outline(doc);
    if (updatable) {
      // The nodes around <main> change; <main> itself stays where it is.
      Array.prototype.slice.call(document.body.childNodes).forEach(function (node) {
        if (node !== main) { node.remove(); }
      });
      var at = nodes.indexOf(main);
      main.before.apply(main, nodes.slice(0, at));
      main.after.apply(main, nodes.slice(at + 1));
    } else {
      document.body.replaceChildren.apply(document.body, nodes);
    }
    window.scrollTo(0, scroll);
    scripts.forEach(function (pair) {
      var script = document.createElement("script");
      Array.prototype.forEach.call(pair[1].attributes, function (attribute) {
        script.setAttribute(attribute.name, attribute.value);
      });
      script.text = pair[1].text;
      pair[0].replaceWith(script);  // runs it
    });
    version = Number(live.getAttribute("data-version"));
    if (version > wanted) { wanted = version; }
    if (problemsNow) { show(problemsNow); }
    return true;
  }
  function update() {
    if (busy || wanted === version) { return; }
    busy = true;
    ready().then(function () {
      return fetch(location.pathname, {cache: "no-store"});
    }).then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.text();
    }).then(function (text) {
      if (apply(new DOMParser().parseFromString(text, "text/html"))) {
        busy = false;
        update();
      }
    }, function () {
      // The server stopped or failed: the version it sends when back tries again.
      busy = false;
    }).catch(reload);  // an update that failed half-way: a reload shows the page whole
  }
  var stream = new EventSource("/events");
  stream.addEventListener("version", function (event) {
    wanted = Number(event.data);
    update();
  });
  stream.addEventListener("problems", function (event) {
    problemsNow = JSON.parse(event.data);
    show(problemsNow);
  });
})();
