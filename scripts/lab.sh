#!/usr/bin/env bash
# The lab: a GitHub runner's real toolchain on loopback, for the e2e tests and
# the main job. Idempotent; everything it makes lives under the cache
# directory, never in the repository.
#
#   scripts/lab.sh up       install what is missing, start what is stopped
#   scripts/lab.sh status   versions, health, ports, pids
#   scripts/lab.sh check    exit 0 only when everything is up and healthy
#   scripts/lab.sh down     stop what `up` started (by pid), keep the data
#
# See docs/lab.md for what runs where and why.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
# shellcheck source=lab/pins.sh
source "$here/lab/pins.sh"

CACHE=${IMAGE_ACTIONS_CACHE:-$HOME/.cache/image-actions}
LAB=$CACHE/lab
TOOLS=$CACHE/tools
REGISTRY=127.0.0.1:5001
AUTH_REGISTRY=127.0.0.1:5002
AUTH_USER=lab
BUILDER=image-actions-lab
BUILDKIT_SOCK=$LAB/buildkitd.sock
SBOM_GENERATOR=docker/buildkit-syft-scanner:stable-1
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

# ---------------------------------------------------------------- Go-built tools
tool_path() { # name -> path of the pinned binary
  local line name module version
  for line in "${LAB_TOOLS[@]}"; do
    read -r name module version _ <<<"$line"
    if [ "$name" = "$1" ]; then echo "$TOOLS/$name/$version/$name"; return 0; fi
  done
  die "no pin for tool '$1'"
}

ensure_tools() {
  # tools.sh builds what is missing (checking each module's sum against its
  # pin) and links every tool into $LAB/bin; buildx also goes where the docker
  # CLI looks for plugins.
  "$here/lab/tools.sh"
  mkdir -p "$HOME/.docker/cli-plugins"
  ln -sfn "$(tool_path buildx)" "$HOME/.docker/cli-plugins/docker-buildx"
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

# ---------------------------------------------------------------- registries
registry_config() { # name, addr, auth?
  local name=$1 addr=$2 auth=${3:-}
  mkdir -p "$LAB/registry-$name"
  {
    echo "version: 0.1"
    echo "log: { level: info, accesslog: { disabled: false } }"
    echo "storage:"
    echo "  filesystem: { rootdirectory: $LAB/registry-$name }"
    echo "  delete: { enabled: true }"
    echo "http: { addr: $addr }"
    if [ -n "$auth" ]; then
      echo "auth:"
      echo "  htpasswd: { realm: image-actions-lab, path: $LAB/htpasswd }"
    fi
  } >"$LAB/registry-$name.yml"
}

ensure_registries() {
  if [ ! -f "$LAB/auth-password" ]; then
    head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$LAB/auth-password"
    chmod 600 "$LAB/auth-password"
  fi
  [ -f "$LAB/htpasswd" ] || htpasswd -Bbn "$AUTH_USER" "$(cat "$LAB/auth-password")" >"$LAB/htpasswd"
  registry_config anon "$REGISTRY"
  registry_config auth "$AUTH_REGISTRY" auth
  start_daemon registry-anon docker-registry serve "$LAB/registry-anon.yml"
  start_daemon registry-auth docker-registry serve "$LAB/registry-auth.yml"
  wait_for "registry $REGISTRY" 20 curl -fsS "http://$REGISTRY/v2/"
  wait_for "registry $AUTH_REGISTRY" 20 bash -c "curl -sS -o /dev/null -w '%{http_code}' http://$AUTH_REGISTRY/v2/ | grep -q 401"
}

# ---------------------------------------------------------------- BuildKit
ensure_buildkit() {
  # BuildKit on the host (runc worker, host network, so loopback registries are
  # reachable), driven by buildx's `remote` driver: the same buildx features
  # as the docker-container builder on GitHub's runners.
  # docker.io is mirrored by the anonymous registry: nothing can be pulled from
  # Docker Hub here, and BuildKit's default SBOM generator
  # (docker/buildkit-syft-scanner:stable-1) is served from there under its own
  # name, so a plain `--sbom=true` works as on GitHub's runners.
  cat >"$LAB/buildkitd.toml.new" <<EOF
[worker.oci]
  enabled = true
[worker.containerd]
  enabled = false
[registry."$REGISTRY"]
  http = true
  insecure = true
[registry."$AUTH_REGISTRY"]
  http = true
  insecure = true
[registry."docker.io"]
  mirrors = ["$REGISTRY"]
EOF
  # Loopback ports 5010-5019 are left for tests that put a proxy in front of a registry.
  local port
  for port in $(seq 5010 5019); do
    printf '[registry."127.0.0.1:%s"]\n  http = true\n  insecure = true\n' "$port" >>"$LAB/buildkitd.toml.new"
  done
  # buildkitd reads its config once: restart it when the config changed.
  if ! cmp -s "$LAB/buildkitd.toml.new" "$LAB/buildkitd.toml"; then
    stop_daemon buildkitd
    mv "$LAB/buildkitd.toml.new" "$LAB/buildkitd.toml"
  else
    rm -f "$LAB/buildkitd.toml.new"
  fi
  start_daemon buildkitd "$LAB/bin/buildkitd" --config "$LAB/buildkitd.toml" --addr "unix://$BUILDKIT_SOCK" --root "$LAB/buildkit"
  wait_for "buildkitd" 30 "$LAB/bin/buildctl" --addr "unix://$BUILDKIT_SOCK" debug workers
  if ! docker buildx inspect "$BUILDER" >/dev/null 2>&1; then
    docker buildx create --name "$BUILDER" --driver remote "unix://$BUILDKIT_SOCK" >/dev/null
  fi
  docker buildx use --global "$BUILDER"
  docker buildx inspect --bootstrap "$BUILDER" >/dev/null
}

# ---------------------------------------------------------------- base images
image_digest() { # repository:tag in the anonymous registry -> digest, or nothing
  local ref=$1
  local repo=${ref%:*} tag=${ref##*:}
  curl -fsS -o /dev/null -D - \
    -H 'Accept: application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json, application/vnd.docker.distribution.manifest.list.v2+json' \
    "http://$REGISTRY/v2/$repo/manifests/$tag" 2>/dev/null | tr -d '\r' | awk -F': ' 'tolower($1)=="docker-content-digest"{print $2}'
}

ensure_busybox_image() {
  [ -n "$(image_digest lab/busybox:stable)" ] && return 0
  say "making lab/busybox:stable (amd64 + arm64) from Debian's busybox-static"
  local ctx=$LAB/busybox-context
  rm -rf "$ctx" && mkdir -p "$ctx/amd64" "$ctx/arm64" "$ctx/deb"
  cp /bin/busybox "$ctx/amd64/busybox"
  (cd "$ctx/deb" && apt-get download -qq busybox-static:arm64 2>/dev/null && dpkg-deb -x ./*.deb x)
  cp "$ctx/deb/x/bin/busybox" "$ctx/arm64/busybox"
  rm -rf "$ctx/deb"
  cat >"$ctx/Dockerfile" <<'EOF'
FROM scratch
ARG TARGETARCH
COPY ${TARGETARCH}/busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
CMD ["/bin/sh"]
EOF
  SOURCE_DATE_EPOCH=0 docker buildx build --builder "$BUILDER" --quiet --platform linux/amd64,linux/arm64 \
    --provenance=false --output "type=image,name=$REGISTRY/lab/busybox:stable,push=true,rewrite-timestamp=true" "$ctx" >/dev/null
}

ensure_sbom_generator() {
  # BuildKit's SBOM generator protocol, implemented with the pinned trivy on the
  # lab Debian image (trivy is linked against glibc), pushed under the name of
  # BuildKit's default generator (see the docker.io mirror in ensure_buildkit).
  [ -n "$(image_digest "$SBOM_GENERATOR")" ] && return 0
  say "making the SBOM generator image ($SBOM_GENERATOR, trivy-based)"
  local ctx=$LAB/sbom-generator-context
  rm -rf "$ctx" && mkdir -p "$ctx"
  cp "$LAB/bin/trivy" "$ctx/trivy"
  cp "$here/lab/sbom-scan.sh" "$ctx/lab-sbom-scan"
  cat >"$ctx/Dockerfile" <<EOF
FROM $REGISTRY/lab/debian@$(image_digest lab/debian:bookworm)
COPY trivy /usr/local/bin/trivy
COPY lab-sbom-scan /usr/local/bin/lab-sbom-scan
ENTRYPOINT ["/usr/local/bin/lab-sbom-scan"]
EOF
  SOURCE_DATE_EPOCH=0 docker buildx build --builder "$BUILDER" --quiet --platform linux/amd64 --provenance=false \
    --output "type=image,name=$REGISTRY/$SBOM_GENERATOR,push=true,rewrite-timestamp=true" "$ctx" >/dev/null
}

ensure_debian_image() {
  [ -n "$(image_digest lab/debian:bookworm)" ] && return 0
  local tarball=$LAB/debian-bookworm-minbase.tar
  if [ ! -f "$tarball" ]; then
    say "debootstrap bookworm minbase (first time only, ~1 min)"
    local root=$LAB/debian-rootfs
    rm -rf "$root"
    debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >"$LAB/debootstrap.log" 2>&1 ||
      die "debootstrap failed (see $LAB/debootstrap.log)"
    rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
    tar -C "$root" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
    rm -rf "$root"
  fi
  say "importing lab/debian:bookworm"
  docker import "$tarball" "$REGISTRY/lab/debian:bookworm" >/dev/null
  docker push -q "$REGISTRY/lab/debian:bookworm" >/dev/null
}

# ---------------------------------------------------------------- state
write_state() {
  local tools_json="{}"
  local db_json='{"dbRepository": "", "seeded": null}'
  [ -f "$LAB/trivy-db.json" ] && db_json=$(cat "$LAB/trivy-db.json")
  local arm64=false
  [ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] && arm64=true
  jq -n \
    --arg registry "$REGISTRY" \
    --arg authHost "$AUTH_REGISTRY" --arg authUser "$AUTH_USER" --arg authPassword "$(cat "$LAB/auth-password")" \
    --arg builder "$BUILDER" --arg labBin "$LAB/bin" --arg path "$LAB/bin:$PATH" \
    --arg docker "$(command -v docker)" --arg skopeo "$(command -v skopeo)" \
    --arg trivy "$LAB/bin/trivy" --arg cosign "$LAB/bin/cosign" --arg cosignV2 "$LAB/bin/cosign-v2" \
    --arg oras "$LAB/bin/oras" --arg act "$LAB/bin/act" --arg actionlint "$LAB/bin/actionlint" --arg trivyDb "$LAB/bin/trivy-db" \
    --arg debian "$REGISTRY/lab/debian@$(image_digest lab/debian:bookworm)" \
    --arg busybox "$REGISTRY/lab/busybox@$(image_digest lab/busybox:stable)" \
    --arg sbomGenerator "$REGISTRY/${SBOM_GENERATOR%:*}@$(image_digest "$SBOM_GENERATOR")" \
    --argjson arm64 "$arm64" --argjson trivy_db "$db_json" --arg cache "$LAB" \
    '{
      registry: $registry,
      authRegistry: { host: $authHost, username: $authUser, password: $authPassword },
      env: { BUILDX_BUILDER: $builder, PATH: $path },
      builder: $builder,
      bin: { docker: $docker, skopeo: $skopeo, trivy: $trivy, cosign: $cosign, "cosign-v2": $cosignV2,
             oras: $oras, act: $act, actionlint: $actionlint, "trivy-db": $trivyDb },
      baseImages: { debian: $debian, busybox: $busybox },
      sbomGenerator: $sbomGenerator,
      arm64: $arm64,
      trivy: $trivy_db,
      logs: { registry: ($cache + "/registry-anon.log"), authRegistry: ($cache + "/registry-auth.log") }
    }' >"$LAB/state.json.tmp"
  mv "$LAB/state.json.tmp" "$LAB/state.json"
}

# ---------------------------------------------------------------- commands
cmd_up() {
  local started=$SECONDS
  [ "$(id -u)" = 0 ] || die "the lab needs root (it installs packages and starts dockerd)"
  ensure_packages
  ensure_tools
  ensure_binfmt
  ensure_docker
  ensure_registries
  ensure_buildkit
  ensure_busybox_image
  ensure_debian_image
  ensure_sbom_generator
  if [ -x "$here/lab/trivy-db.sh" ]; then "$here/lab/trivy-db.sh" "$LAB" "$REGISTRY"; fi
  write_state
  say "up in $((SECONDS - started))s; state in $LAB/state.json"
}

cmd_check() {
  local bad=()
  docker info >/dev/null 2>&1 || bad+=("dockerd")
  curl -fsS "http://$REGISTRY/v2/" >/dev/null 2>&1 || bad+=("registry $REGISTRY")
  curl -sS -o /dev/null -w '%{http_code}' "http://$AUTH_REGISTRY/v2/" 2>/dev/null | grep -q 401 || bad+=("auth registry $AUTH_REGISTRY")
  [ -S "$BUILDKIT_SOCK" ] && "$LAB/bin/buildctl" --addr "unix://$BUILDKIT_SOCK" debug workers >/dev/null 2>&1 || bad+=("buildkitd")
  [ -f "$LAB/state.json" ] || bad+=("state file $LAB/state.json")
  "$here/lab/tools.sh" --check >/dev/null 2>&1 || bad+=("pinned tools (scripts/lab/tools.sh --check)")
  if [ ${#bad[@]} -gt 0 ]; then
    say "down or unhealthy: ${bad[*]}; run 'scripts/lab.sh up'"
    return 1
  fi
}

cmd_status() {
  local name
  for name in dockerd registry-anon registry-auth buildkitd; do
    if pid_alive "$name"; then echo "$name: running (pid $(cat "$LAB/$name.pid"))"; else echo "$name: not started by the lab"; fi
  done
  echo "docker server: $(docker version --format '{{.Server.Version}}' 2>/dev/null || echo down)"
  echo "registry (anonymous): http://$REGISTRY $(curl -fsS -o /dev/null -w '%{http_code}' "http://$REGISTRY/v2/" 2>/dev/null || echo down)"
  echo "registry (basic auth, user $AUTH_USER): http://$AUTH_REGISTRY $(curl -sS -o /dev/null -w '%{http_code}' "http://$AUTH_REGISTRY/v2/" 2>/dev/null || echo down)"
  echo "builder: $BUILDER -> unix://$BUILDKIT_SOCK"
  local line module version
  for line in "${LAB_TOOLS[@]}"; do
    read -r name module version _ <<<"$line"
    if [ -x "$(tool_path "$name")" ]; then echo "tool $name $version: installed"; else echo "tool $name $version: missing"; fi
  done
  echo "arm64 emulation: $([ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] && echo enabled || echo disabled)"
  echo "state: $LAB/state.json"
  cmd_check && echo "healthy"
}

cmd_down() {
  local name
  for name in buildkitd registry-auth registry-anon dockerd; do stop_daemon "$name"; done
  rm -f "$LAB/state.json"
}

case "${1:-}" in
  up) cmd_up ;;
  check) cmd_check ;;
  status) cmd_status ;;
  down) cmd_down ;;
  *) echo "usage: scripts/lab.sh up|status|check|down" >&2; exit 2 ;;
esac
