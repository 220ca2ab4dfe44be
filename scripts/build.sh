#!/bin/sh
# `npm run build`: bundle the main and post steps into dist/ with ncc, then write each bundle's
# licence file from the modules ncc actually bundled (its webpack stats, every chunk included).
set -eu
cd "$(dirname "$0")/.."
stats=node_modules/.cache/ecs-run-task
mkdir -p "$stats"
rm -rf dist
ncc build src/index.ts -o dist --minify --stats-out "$stats/main-stats.json"
ncc build src/post.ts -o dist/cleanup --minify --stats-out "$stats/post-stats.json"
node scripts/licenses.mjs "$stats/main-stats.json" dist/licenses.txt
node scripts/licenses.mjs "$stats/post-stats.json" dist/cleanup/licenses.txt
