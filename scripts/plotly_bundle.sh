#!/usr/bin/env bash
# Rebuilds timeline/static/plotlyjs/plotly-bar-scattergl.min.js, the plotly.js bundle of
# large (WebGL) timeline pages, from the plotly.js package on npm, with the versions pinned in
# scripts/plotly-bundle/package-lock.json, and its gzip-compressed copy (.gz), which pages
# carry; prints their sizes and sha256 for ORIGIN.md.
# Needs node and npm. CI never runs it: the built file is in the repository.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
out="$root/timeline/static/plotlyjs/plotly-bar-scattergl.min.js"
# No install scripts: esbuild finds its binary in its platform package without them.
npm ci --prefix "$here/plotly-bundle" --ignore-scripts --no-audit --no-fund --loglevel=error
node "$here/plotly-bundle/build.mjs" ./index.js "$out" bar-scattergl
# No name, no time: the same bundle gives the same bytes.
gzip -9 -n -k -f "$out"
wc -c "$out" "$out.gz"
sha256sum "$out" "$out.gz"
