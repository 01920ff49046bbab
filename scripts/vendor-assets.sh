#!/usr/bin/env bash
# Re-vendor the browser libraries Rung serves itself (no CDN at run time).
# The copied files are committed; run this only to upgrade, then commit the result.
set -euo pipefail
versions=(htmx.org@2.0.11 vega@6.4.0 vega-lite@6.4.3 vega-embed@7.3.0)
dest="$(cd "$(dirname "$0")/.." && pwd)/src/rung/web/static/rung/vendor"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp" && npm init -y >/dev/null && npm install --silent "${versions[@]}"
cp node_modules/htmx.org/dist/htmx.min.js node_modules/vega/build/vega.min.js \
   node_modules/vega-lite/build/vega-lite.min.js node_modules/vega-embed/build/vega-embed.min.js "$dest/"
printf '%s\n' "${versions[@]}" > "$dest/VERSIONS"
