// Builds a partial plotly.js bundle the way plotly.js builds its own partial bundles
// (its esbuild-config.js and tasks/util/bundle_wrapper.mjs, release 4.1.1): the same esbuild
// options and plugins, attribute descriptions stripped as its compress_attributes transform
// does, its licence header and its UMD wrapper, which sets window.Plotly.
//
//   node build.mjs ENTRY OUTFILE NAME
//
// The same package-lock.json gives the same bytes.
import { build } from 'esbuild';
import { environmentPlugin } from 'esbuild-plugin-environment';
import { glsl } from 'esbuild-plugin-glsl';
import InlineCSSPlugin from 'esbuild-plugin-inline-css';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const [entry, outfile, name] = process.argv.slice(2);
if (!entry || !outfile || !name) {
  console.error('usage: node build.mjs ENTRY OUTFILE NAME');
  process.exit(2);
}
const version = JSON.parse(
  fs.readFileSync(path.join(here, 'node_modules/plotly.js/package.json'), 'utf8'),
).version;

// Attribute meta plotly.js's own bundles leave out: descriptions (one string, or an array
// of strings joined), requiredOpts, otherOpts and hrName.
const space = '\\s*';
const comma = ',?';
const meta = [
  new RegExp(space + "description: '.*'" + comma, 'g'),
  new RegExp(space + 'description: \\[[\\s\\S]*?\\]\\.join\\([\\s\\S]*?\\)' + comma, 'g'),
  new RegExp(space + 'requiredOpts: \\[[\\s\\S]*?\\]' + comma, 'g'),
  new RegExp(space + 'otherOpts: \\[[\\s\\S]*?\\]' + comma, 'g'),
  new RegExp(space + "hrName: '.*'" + comma, 'g'),
];
const compressAttributes = {
  name: 'compress-attributes',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]plotly\.js[\\/]src[\\/].*\.js$/ }, async (args) => {
      let text = await fs.promises.readFile(args.path, 'utf8');
      for (const pattern of meta) text = text.replace(pattern, '');
      return { contents: text, loader: 'js' };
    });
  },
};

const result = await build({
  entryPoints: [entry],
  absWorkingDir: here,
  format: 'iife',
  globalName: 'Plotly',
  bundle: true,
  minify: true,
  sourcemap: false,
  write: false,
  outfile: 'plotly.js',
  plugins: [
    InlineCSSPlugin(),
    glsl({ minify: true }),
    environmentPlugin({ NODE_DEBUG: false }),
    compressAttributes,
  ],
  alias: { regl: '@plotly/regl', stream: 'stream-browserify' },
  define: { global: 'window', 'define.amd': 'false' },
  target: 'es2016',
  logLevel: 'warning',
});
const code = result.outputFiles.find((file) => file.path.endsWith('.js')).text;
const header = [
  '/**',
  `* plotly.js (${name} - minified) v${version}`,
  '* Copyright 2012-2026, Plotly, Inc.',
  '* All rights reserved.',
  '* Licensed under the MIT license',
  '*/',
  '',
].join('\n');
const opening = [
  '(',
  ' function(root, factory) {',
  '  if (typeof module === "object" && module.exports) {',
  '   module.exports = factory();',
  '  } else {',
  '   root.moduleName = factory();',
  '  }',
  '} (typeof self !== "undefined" ? self : this, () => {',
  '',
].join('\n');
const closing = ['', 'window.Plotly = Plotly;', 'return Plotly;', '}));'].join('\n');
fs.writeFileSync(outfile, header + opening + code + closing);
