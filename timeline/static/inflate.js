(function () {
  "use strict";
  // plotly.js, packed: unpacked and run as global code (indirect eval), as its own script
  // element would, with no request of any kind. When it cannot be, the chart's script
  // finds why in the promise left in window.timelinePlotlyjs.
  var packed = PACKED;
  try {
    (0, eval)(window.timelineUnpack(packed));
  } catch (problem) {
    window.timelinePlotlyjs = Promise.resolve(typeof TextDecoder === "function" ?
      "It could not be unpacked." :
      "This browser cannot unpack it: open the page in a current Chrome, Edge, Firefox or Safari.");
  }
})();
