#!/usr/bin/env bash
# Installs the npm dependencies (Node 24 included, as the `node` package) when
# package-lock.json changed since the last install; otherwise does nothing.
cd "$(dirname "$0")/.."
# shellcheck source=lib/on-error.sh
source scripts/lib/on-error.sh
set -Eeuo pipefail
stamp=node_modules/.image-actions-lock-sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x node_modules/.bin/node ]; then
  exit 0
fi
echo "bootstrap: installing npm dependencies from package-lock.json"
# The lock file is generated from scratch (`npm install --package-lock-only`
# with no node_modules), so it lists every platform's optional packages
# (biome's per-platform binaries) and `npm ci` installs exactly what it locks.
if ! npm ci --no-audit --no-fund; then
  echo "bootstrap: 'npm ci' failed (output above). If it says the lock file is out of sync, regenerate it from scratch:" >&2
  echo "bootstrap:   rm -rf node_modules && npm install --package-lock-only" >&2
  exit 1
fi
echo "$want" > "$stamp"
