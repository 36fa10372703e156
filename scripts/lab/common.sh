# The lab's names, ports and places, and how it runs its daemons.
# Sourced by scripts/lab.sh (set -Eeuo pipefail there, with scripts/lib/on-error.sh); see docs/lab.md.
# shellcheck shell=bash

CACHE=${IMAGE_ACTIONS_CACHE:-$HOME/.cache/image-actions}
LAB=$CACHE/lab
TOOLS=$CACHE/tools
REGISTRY=127.0.0.1:5001
AUTH_REGISTRY=127.0.0.1:5002
REFERRERS_REGISTRY=127.0.0.1:5003
AUTH_USER=lab
BUILDER=image-actions-lab
BUILDKIT_SOCK=$LAB/buildkitd.sock
SBOM_GENERATOR=docker/buildkit-syft-scanner:stable-1
# The job registry of a pull request's check (check-shard.yml), built from Debian's docker-registry.
JOB_REGISTRY_IMAGE=lab/registry:2
mkdir -p "$LAB" "$TOOLS"

say() { printf 'lab: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

# ---------------------------------------------------------------- processes
pid_alive() { [ -f "$LAB/$1.pid" ] && kill -0 "$(cat "$LAB/$1.pid")" 2>/dev/null; }

start_daemon() { # name, command...
  local name=$1; shift
  if pid_alive "$name"; then return 0; fi
  say "starting $name"
  nohup "$@" >>"$LAB/$name.log" 2>&1 &
  echo $! >"$LAB/$name.pid"
}

wait_for() { # description, seconds, command...
  local what=$1 seconds=$2; shift 2
  local i
  for ((i = 0; i < seconds * 5; i++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  die "$what did not come up within ${seconds}s (logs in $LAB)"
}

stop_daemon() {
  local name=$1
  if pid_alive "$name"; then
    say "stopping $name"
    kill "$(cat "$LAB/$name.pid")" 2>/dev/null || true
    local i
    for ((i = 0; i < 50; i++)); do pid_alive "$name" || break; sleep 0.2; done
  fi
  rm -f "$LAB/$name.pid"
}
