# The Docker engine, its Debian packages, and QEMU user emulation for arm64.
# Sourced by scripts/lab.sh (set -Eeuo pipefail there, with scripts/lib/on-error.sh); see docs/lab.md.
# shellcheck shell=bash

# ---------------------------------------------------------------- packages
ensure_packages() {
  local missing=()
  local pkg
  for pkg in "${LAB_APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || missing+=("$pkg")
  done
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    dpkg --add-architecture arm64
    missing+=("(arm64 package lists)")
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${LAB_APT_PACKAGES[@]}" >/dev/null
  fi
}

ensure_credential_helpers() {
  local dir=$LAB/credential-helpers
  [ -x "$dir/docker-credential-pass" ] && return 0
  say "unpacking $LAB_CREDENTIAL_HELPERS_PACKAGE into $dir (off PATH)"
  local work
  work=$(mktemp -d)
  chmod 755 "$work" # apt-get download runs as _apt
  (cd "$work" && apt-get download -qq "$LAB_CREDENTIAL_HELPERS_PACKAGE" >/dev/null) ||
    die "apt-get download $LAB_CREDENTIAL_HELPERS_PACKAGE failed (run 'apt-get update'?)"
  dpkg-deb -x "$work"/*.deb "$work/root" || die "cannot unpack $work/*.deb"
  mkdir -p "$dir"
  cp "$work"/root/usr/bin/docker-credential-* "$dir/"
  rm -rf "$work"
}

# ---------------------------------------------------------------- docker engine
ensure_binfmt() {
  # QEMU user emulation for linux/arm64 builds: binfmt_misc with the F flag,
  # so the interpreter is opened once and works inside build containers.
  if [ ! -e /proc/sys/fs/binfmt_misc/register ]; then
    mount binfmt_misc -t binfmt_misc /proc/sys/fs/binfmt_misc 2>/dev/null || say "warning: cannot mount binfmt_misc; no arm64 builds"
  fi
  if [ -e /proc/sys/fs/binfmt_misc/register ] && [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
    update-binfmts --enable qemu-aarch64 >/dev/null 2>&1 || say "warning: cannot register qemu-aarch64; no arm64 builds"
  fi
}

ensure_docker() {
  if docker info >/dev/null 2>&1; then return 0; fi
  start_daemon dockerd dockerd --host unix:///var/run/docker.sock
  wait_for "dockerd" 60 docker info
}
