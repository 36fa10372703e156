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
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib/on-error.sh
ON_ERROR_NAME=lab
source "$here/lib/on-error.sh"
set -Eeuo pipefail
repo=$(cd "$here/.." && pwd)
# shellcheck source=lab/pins.sh
source "$here/lab/pins.sh"

for part in common engine registries buildkit base-images github-api; do
  # shellcheck source=/dev/null
  source "$here/lab/$part.sh"
done

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

# ---------------------------------------------------------------- state
write_state() {
  local tools_json="{}"
  local db_json='{"dbRepository": "", "seeded": null}'
  [ -f "$LAB/trivy-db.json" ] && db_json=$(cat "$LAB/trivy-db.json")
  local arm64=false
  [ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] && arm64=true
  jq -n \
    --arg registry "$REGISTRY" --arg referrersRegistry "$REFERRERS_REGISTRY" \
    --arg authHost "$AUTH_REGISTRY" --arg authUser "$AUTH_USER" --arg authPassword "$(cat "$LAB/auth-password")" \
    --arg builder "$BUILDER" --arg labBin "$LAB/bin" --arg path "$LAB/bin:$PATH" \
    --arg docker "$(command -v docker)" --arg skopeo "$(command -v skopeo)" \
    --arg trivy "$LAB/bin/trivy" --arg cosign "$LAB/bin/cosign" --arg cosignV2 "$LAB/bin/cosign-v2" \
    --arg oras "$LAB/bin/oras" --arg regctl "$LAB/bin/regctl" --arg act "$LAB/bin/act" --arg actionlint "$LAB/bin/actionlint" --arg trivyDb "$LAB/bin/trivy-db" \
    --arg debian "$REGISTRY/lab/debian@$(image_digest lab/debian:bookworm)" \
    --arg busybox "$REGISTRY/lab/busybox@$(image_digest lab/busybox:stable)" \
    --arg sbomGenerator "$REGISTRY/${SBOM_GENERATOR%:*}@$(image_digest "$SBOM_GENERATOR")" \
    --arg jobRegistryImage "$REGISTRY/${JOB_REGISTRY_IMAGE%:*}@$(image_digest "$JOB_REGISTRY_IMAGE")" \
    --argjson arm64 "$arm64" --argjson trivy_db "$db_json" --arg cache "$LAB" --arg credentialHelpers "$LAB/credential-helpers" \
    --arg githubApi "http://$GITHUB_API" \
    '{
      registry: $registry,
      referrersRegistry: $referrersRegistry,
      authRegistry: { host: $authHost, username: $authUser, password: $authPassword },
      env: { BUILDX_BUILDER: $builder, PATH: $path },
      builder: $builder,
      bin: { docker: $docker, skopeo: $skopeo, trivy: $trivy, cosign: $cosign, "cosign-v2": $cosignV2,
             oras: $oras, regctl: $regctl, act: $act, actionlint: $actionlint, "trivy-db": $trivyDb },
      baseImages: { debian: $debian, busybox: $busybox },
      sbomGenerator: $sbomGenerator,
      jobRegistryImage: $jobRegistryImage,
      credentialHelpers: $credentialHelpers,
      arm64: $arm64,
      trivy: $trivy_db,
      githubApi: $githubApi,
      logs: { registry: ($cache + "/registry-anon.log"), authRegistry: ($cache + "/registry-auth.log"), referrersRegistry: ($cache + "/registry-referrers.log"),
              githubApi: ($cache + "/github-api.log") }
    }' >"$LAB/state.json.tmp"
  mv "$LAB/state.json.tmp" "$LAB/state.json"
}

# ---------------------------------------------------------------- commands
cmd_up() {
  local started=$SECONDS
  [ "$(id -u)" = 0 ] || die "the lab needs root (it installs packages and starts dockerd)"
  ensure_packages
  ensure_credential_helpers
  ensure_tools
  ensure_binfmt
  ensure_docker
  ensure_registries
  ensure_buildkit
  ensure_busybox_image
  ensure_debian_image
  ensure_sbom_generator
  ensure_job_registry_image
  ensure_hub_names
  if [ -x "$here/lab/trivy-db.sh" ]; then "$here/lab/trivy-db.sh" "$LAB" "$REGISTRY"; fi
  ensure_github_api
  write_state
  say "up in $((SECONDS - started))s; state in $LAB/state.json"
}

cmd_check() {
  local bad=()
  docker info >/dev/null 2>&1 || bad+=("dockerd")
  curl -fsS "http://$REGISTRY/v2/" >/dev/null 2>&1 || bad+=("registry $REGISTRY")
  curl -sS -o /dev/null -w '%{http_code}' "http://$AUTH_REGISTRY/v2/" 2>/dev/null | grep -q 401 || bad+=("auth registry $AUTH_REGISTRY")
  curl -fsS "http://$REFERRERS_REGISTRY/v2/" >/dev/null 2>&1 || bad+=("referrers registry $REFERRERS_REGISTRY")
  [ -S "$BUILDKIT_SOCK" ] && "$LAB/bin/buildctl" --addr "unix://$BUILDKIT_SOCK" debug workers >/dev/null 2>&1 || bad+=("buildkitd")
  [ -f "$LAB/state.json" ] || bad+=("state file $LAB/state.json")
  "$here/lab/tools.sh" --check >/dev/null 2>&1 || bad+=("pinned tools (scripts/lab/tools.sh --check)")
  [ -x "$LAB/credential-helpers/docker-credential-pass" ] || bad+=("credential helpers in $LAB/credential-helpers")
  curl -fsS "http://$GITHUB_API/_stand-in/health" >/dev/null 2>&1 || bad+=("GitHub API stand-in $GITHUB_API")
  if [ ${#bad[@]} -gt 0 ]; then
    say "down or unhealthy: ${bad[*]}; run 'scripts/lab.sh up'"
    return 1
  fi
}

cmd_status() {
  local name
  for name in dockerd registry-anon registry-auth registry-referrers buildkitd github-api; do
    if pid_alive "$name"; then echo "$name: running (pid $(cat "$LAB/$name.pid"))"; else echo "$name: not started by the lab"; fi
  done
  echo "docker server: $(docker version --format '{{.Server.Version}}' 2>/dev/null || echo down)"
  echo "registry (anonymous): http://$REGISTRY $(curl -fsS -o /dev/null -w '%{http_code}' "http://$REGISTRY/v2/" 2>/dev/null || echo down)"
  echo "registry (basic auth, user $AUTH_USER): http://$AUTH_REGISTRY $(curl -sS -o /dev/null -w '%{http_code}' "http://$AUTH_REGISTRY/v2/" 2>/dev/null || echo down)"
  echo "registry (olareg, referrers API): http://$REFERRERS_REGISTRY $(curl -fsS -o /dev/null -w '%{http_code}' "http://$REFERRERS_REGISTRY/v2/" 2>/dev/null || echo down)"
  echo "GitHub API stand-in: http://$GITHUB_API $(curl -fsS -o /dev/null -w '%{http_code}' "http://$GITHUB_API/_stand-in/health" 2>/dev/null || echo down)"
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
  for name in github-api buildkitd registry-referrers registry-auth registry-anon dockerd; do stop_daemon "$name"; done
  rm -f "$LAB/state.json"
}

case "${1:-}" in
  up) cmd_up ;;
  # check and status say what is wrong themselves: exit 1 without a second message.
  check) cmd_check || exit 1 ;;
  status) cmd_status || exit 1 ;;
  down) cmd_down ;;
  *) echo "usage: scripts/lab.sh up|status|check|down" >&2; exit 2 ;;
esac
