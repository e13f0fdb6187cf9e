(function () {
  "use strict";
  // plotly.js comes gzip-compressed, in base64: a third of its size. The browser unpacks it
  // (DecompressionStream) and runs it as global code (indirect eval), as its own script
  // element would, with no request of any kind; the chart's script waits for the promise
  // left in window.timelinePlotlyjs, which never fails: it gives "" once plotly.js has run,
  // or why it could not.
  var packed = PACKED;
  function run(text) {
    (0, eval)(text);
    return "";
  }
  if (typeof DecompressionStream !== "function") {
    window.timelinePlotlyjs = Promise.resolve(
      "This browser cannot unpack it: open the page in a current Chrome, Edge, Firefox or Safari.");
    return;
  }
  var text = atob(packed), bytes = new Uint8Array(text.length);
  for (var i = 0; i < text.length; i++) { bytes[i] = text.charCodeAt(i); }
  var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  window.timelinePlotlyjs = new Response(stream).text().then(run).catch(function () {
    return "It could not be unpacked.";
  });
})();
