#!/usr/bin/env bash
# Builds the lab's pinned tools from the Go module proxy and writes where they
# are to $CACHE/lab/tools.json (name -> absolute path).
#
#   scripts/lab/tools.sh            build what is missing, then write tools.json
#   scripts/lab/tools.sh --check    exit 1, naming them, when pinned tools are missing
#
# Pins (module, version, h1: sum, package) live in scripts/lab/pins.sh, the one
# list shared with scripts/lab.sh. A tool lands in
# $CACHE/tools/<name>/<version>/<name>: a binary already there is the pinned
# one, so a warm run builds nothing and takes well under a second. Changing a
# pin changes the directory, which is what triggers the rebuild.
#
# The checksum pin: `go mod download -json` reports the h1: sum of the module it
# fetched (the go command also checks it against the checksum database); the
# build is refused when it differs from the sum in pins.sh.
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/on-error.sh
ON_ERROR_NAME="lab tools"
source "$here/../lib/on-error.sh"
set -Eeuo pipefail
# shellcheck source=pins.sh
source "$here/pins.sh"

CACHE=${IMAGE_ACTIONS_CACHE:-$HOME/.cache/image-actions}
TOOLS=$CACHE/tools
LAB=$CACHE/lab

say() { printf 'lab tools: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

pinned_path() { # name version -> where the pinned binary lives
  echo "$TOOLS/$1/$2/$1"
}

# Runs a command, saying every 30 s that it is still running: a Go build of
# trivy is silent for many minutes on 2 cores.
with_heartbeat() { # what, command...
  local what=$1
  shift
  "$@" &
  local pid=$! started=$SECONDS next=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$SECONDS" -ge "$next" ]; then
      say "  ... still $what ($((SECONDS - started))s so far)"
      next=$((SECONDS + 30))
    fi
    sleep 1
  done
  wait "$pid"
}

# Downloads the module, checks its sum against the pin, then builds the package.
build_tool() { # step, name module version sum package version-variable
  local step=$1 name=$2 module=$3 version=$4 sum=$5 pkg=$6 var=$7
  local target
  target=$(pinned_path "$name" "$version")
  [ -x "$target" ] && return 0

  say "[$step] building $name $version from the Go module proxy (first time only)"
  local started=$SECONDS info dir got
  info=$(go mod download -json "$module@$version") || die "cannot download $module@$version"
  dir=$(jq -r '.Dir // empty' <<<"$info")
  got=$(jq -r '.Sum // empty' <<<"$info")
  [ -n "$dir" ] || die "go mod download gave no directory for $module@$version: $info"
  [ "$got" = "$sum" ] || die "$module@$version has sum '$got' but the pin is '$sum': refusing to build it"

  local ldflags="-s -w"
  [ "$var" != "-" ] && ldflags="$ldflags -X $var=$version"
  # trivy's own release build sets this experiment; without it some of its
  # JSON handling differs from the published binaries.
  local experiment=""
  [ "$name" = trivy ] && experiment=jsonv2

  mkdir -p "$(dirname "$target")"
  # -mod=readonly: the module's own go.sum decides every dependency.
  with_heartbeat "building $name" bash -c 'cd "$1" && GOEXPERIMENT=$2 GOFLAGS=-mod=readonly go build -trimpath -ldflags "$3" -o "$4" "$5"' \
    build "$dir" "$experiment" "$ldflags" "$target.tmp" "$pkg" || die "building $name $version failed (go build's output is above)"
  # Rename last, so an interrupted build never leaves a binary that counts as installed.
  mv "$target.tmp" "$target"
  say "[$step] built $name $version in $((SECONDS - started))s"
}

write_tools_json() {
  local json='{}' line name module version
  for line in "${LAB_TOOLS[@]}"; do
    read -r name module version _ <<<"$line"
    json=$(jq --arg name "$name" --arg path "$(pinned_path "$name" "$version")" '. + {($name): $path}' <<<"$json")
  done
  mkdir -p "$LAB"
  printf '%s\n' "$json" >"$LAB/tools.json.tmp"
  mv "$LAB/tools.json.tmp" "$LAB/tools.json"
}

# Stable names for the pinned binaries, for PATH.
link_tools() {
  mkdir -p "$LAB/bin"
  local line name module version
  for line in "${LAB_TOOLS[@]}"; do
    read -r name module version _ <<<"$line"
    ln -sfn "$(pinned_path "$name" "$version")" "$LAB/bin/$name"
  done
}

check_tools() {
  local missing=() line name module version
  for line in "${LAB_TOOLS[@]}"; do
    read -r name module version _ <<<"$line"
    [ -x "$(pinned_path "$name" "$version")" ] || missing+=("$name@$version")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "missing: ${missing[*]}; run 'scripts/lab/tools.sh'"
    return 1
  fi
}

main() {
  if [ "${1:-}" = --check ]; then check_tools; return; fi
  command -v jq >/dev/null || die "jq is needed (apt-get install jq)"
  local line name module version sum pkg var missing=()
  for line in "${LAB_TOOLS[@]}"; do
    read -r name module version sum pkg var <<<"$line"
    [ -x "$(pinned_path "$name" "$version")" ] || missing+=("$name")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    command -v go >/dev/null || die "Go is needed to build the lab's tools (${missing[*]})"
    # Measured on 2 cores: all ten take about 17 minutes, trivy the longest; once per machine.
    say "building ${#missing[@]} of ${#LAB_TOOLS[@]} pinned tools (${missing[*]}): about 17 minutes on 2 cores for all of them, once per machine"
  fi
  local done=0 started=$SECONDS
  for line in "${LAB_TOOLS[@]}"; do
    read -r name module version sum pkg var <<<"$line"
    [ -x "$(pinned_path "$name" "$version")" ] && continue
    done=$((done + 1))
    build_tool "$done/${#missing[@]}" "$name" "$module" "$version" "$sum" "$pkg" "$var"
  done
  [ "$done" -eq 0 ] || say "built $done tools in $((SECONDS - started))s"
  link_tools
  write_tools_json
}

main "$@"
