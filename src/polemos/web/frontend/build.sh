#!/usr/bin/env bash
# Install the dashboard's front-end libraries from npm and copy the files it serves into ../static/vendor.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
vendor="$here/../static/vendor"
cd "$here"
npm install --no-audit --no-fund --loglevel=error
rm -rf "$vendor" && mkdir -p "$vendor/leaflet"
cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css node_modules/leaflet/dist/images \
  "$vendor/leaflet/"
cp node_modules/cytoscape/dist/cytoscape.min.js "$vendor/"
cp node_modules/topojson-client/dist/topojson-client.min.js "$vendor/"
cp node_modules/world-atlas/countries-50m.json "$vendor/"
mkdir -p "$vendor/swagger-ui"  # the API docs page (/docs), served locally too
cp node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui.css "$vendor/swagger-ui/"
echo "dashboard assets in $vendor"
