(function (module, exports, define, self) {
  // fflate (timeline/static/fflate/ORIGIN.md), run with a module, exports, define and self
  // of its own, so that it sets no global name and ignores any module loader on the page.
FFLATE
  // What the page packed (plotly.js, a large chart's figure) is UTF-8 text, gzip-compressed
  // and in base64. It is unpacked at once, before the browser reads on: the browser's own
  // DecompressionStream unpacks only asynchronously, and the browser laid out the tables of
  // a long page meanwhile, before the chart was drawn.
  window.timelineUnpack = function (packed) {
    var text = atob(packed), bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) { bytes[i] = text.charCodeAt(i); }
    return new TextDecoder().decode(self.fflate.gunzipSync(bytes));
  };
})(undefined, undefined, undefined, {});
