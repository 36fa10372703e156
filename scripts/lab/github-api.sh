# The GitHub REST API stand-in on loopback (test/harness/github-api.ts): issues,
# comments, workflow dispatches and package versions, as GitHub documents
# them, for `scripts/nightly.sh --rescan` and anything else in the lab that
# opens issues. Sourced by scripts/lab.sh (set -euo pipefail there).
# shellcheck shell=bash

GITHUB_API=127.0.0.1:5020

# A Node that strips TypeScript types by itself (24 or newer): the repository's
# own (scripts/bootstrap.sh installs it), else the one on PATH.
lab_node() {
  local candidate major
  for candidate in "$repo/node_modules/.bin/node" "$(command -v node 2>/dev/null || true)"; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    major=$("$candidate" -p 'process.versions.node.split(".")[0]' 2>/dev/null) || continue
    if [ "$major" -ge 24 ]; then readlink -f "$candidate"; return 0; fi
  done
  return 1
}

ensure_github_api() {
  local node server want
  if ! node=$(lab_node); then
    say "no Node 24 for the GitHub API stand-in: run scripts/bootstrap.sh, then scripts/lab.sh up"
    return 1
  fi
  server=$repo/test/harness/github-api.ts
  want=$(sha256sum "$server" | cut -d' ' -f1)
  # A running stand-in of other code is replaced; its state (issues, runs) is kept in a file.
  if pid_alive github-api && [ "$(cat "$LAB/github-api.sha256" 2>/dev/null)" != "$want" ]; then stop_daemon github-api; fi
  if ! pid_alive github-api; then
    # The daemon runs a copy: the checkout it came from may change or go away.
    cp "$server" "$LAB/github-api.ts"
    echo "$want" >"$LAB/github-api.sha256"
    start_daemon github-api "$node" "$LAB/github-api.ts" --port "${GITHUB_API#*:}" --state "$LAB/github-api-state.json"
  fi
  wait_for "GitHub API stand-in on $GITHUB_API" 20 curl -fsS "http://$GITHUB_API/_stand-in/health"
}
