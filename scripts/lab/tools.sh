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
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
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

# Downloads the module, checks its sum against the pin, then builds the package.
build_tool() { # name module version sum package version-variable
  local name=$1 module=$2 version=$3 sum=$4 pkg=$5 var=$6
  local target
  target=$(pinned_path "$name" "$version")
  [ -x "$target" ] && return 0

  say "building $name $version from the Go module proxy (first time only)"
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
  (cd "$dir" && GOEXPERIMENT=$experiment GOFLAGS=-mod=readonly \
    go build -trimpath -ldflags "$ldflags" -o "$target.tmp" "$pkg") || die "building $name $version failed"
  # Rename last, so an interrupted build never leaves a binary that counts as installed.
  mv "$target.tmp" "$target"
  say "built $name $version in $((SECONDS - started))s"
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
  local line name module version sum pkg var need_go=false
  for line in "${LAB_TOOLS[@]}"; do
    read -r name module version sum pkg var <<<"$line"
    [ -x "$(pinned_path "$name" "$version")" ] || need_go=true
  done
  if $need_go; then command -v go >/dev/null || die "Go is needed to build the lab's tools"; fi
  for line in "${LAB_TOOLS[@]}"; do
    read -r name module version sum pkg var <<<"$line"
    build_tool "$name" "$module" "$version" "$sum" "$pkg" "$var"
  done
  link_tools
  write_tools_json
}

main "$@"
