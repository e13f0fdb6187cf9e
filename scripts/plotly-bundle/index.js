'use strict';
// The traces timeline pages draw: scatter (always in plotly.js's core), bar (the plan band) and
// scattergl (the events of a large timeline, drawn with WebGL).
var Plotly = require('plotly.js/lib/core');

Plotly.register([require('plotly.js/lib/bar'), require('plotly.js/lib/scattergl')]);

module.exports = Plotly;
