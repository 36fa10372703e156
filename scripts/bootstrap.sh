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
echo "bootstrap: installing npm dependencies from package-lock.json"
# Not `npm ci`: npm 11.19 writes lock files without the other platforms'
# optional packages (biome's per-platform binaries) and then refuses them in
# `npm ci`. `install --no-save` installs exactly the locked versions and
# leaves package.json and the lock file untouched.
npm install --no-save --no-audit --no-fund
echo "$want" > "$stamp"
