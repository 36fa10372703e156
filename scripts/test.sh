#!/usr/bin/env bash
# The whole test suite, from a fresh clone on a fresh machine:
#   npm dependencies -> the lab (docker, buildx, registries, trivy, cosign...) ->
#   lint, type check, dist freshness -> unit, action-level and e2e tests.
cd "$(dirname "$0")/.."
# shellcheck source=lib/on-error.sh
source scripts/lib/on-error.sh
set -Eeuo pipefail
scripts/bootstrap.sh
# npm puts node_modules/.bin first, so every tool below runs on the Node 24 from the `node` package.
export PATH="$PWD/node_modules/.bin:$PATH"
echo "test: node $(node --version)"
scripts/lab.sh up
npm run -s lint
npm run -s typecheck
npm run -s check-dist
vitest run --project unit --project action --project e2e "$@"
