# BuildKit on the host behind buildx's remote driver.
# Sourced by scripts/lab.sh (set -Eeuo pipefail there, with scripts/lib/on-error.sh); see docs/lab.md.
# shellcheck shell=bash

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
