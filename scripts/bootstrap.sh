#!/usr/bin/env bash
# Installs the npm dependencies (Node 24 included, as the `node` package) when
# package-lock.json changed since the last install; otherwise does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.image-actions-lock-sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x node_modules/.bin/node ]; then
  exit 0
fi
echo "bootstrap: installing npm dependencies (npm ci)"
npm ci --no-audit --no-fund
echo "$want" > "$stamp"
