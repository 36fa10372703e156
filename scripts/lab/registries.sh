# Three loopback registries: anonymous, behind basic auth (both Debian's
# distribution 2.8, which has no referrers API), and olareg, which has the
# OCI 1.1 referrers and tag-deletion APIs, so both paths of the registry
# client and of cosign's storage are tested against a real server.
# Sourced by scripts/lab.sh (set -Eeuo pipefail there, with scripts/lib/on-error.sh); see docs/lab.md.
# shellcheck shell=bash

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
  mkdir -p "$LAB/registry-referrers"
  start_daemon registry-referrers "$LAB/bin/olareg" serve --addr "${REFERRERS_REGISTRY%:*}" --port "${REFERRERS_REGISTRY##*:}" \
    --dir "$LAB/registry-referrers" --api-delete --gc-referrer-subject=false
  wait_for "registry $REFERRERS_REGISTRY" 20 curl -fsS "http://$REFERRERS_REGISTRY/v2/"
  wait_for "registry $REGISTRY" 20 curl -fsS "http://$REGISTRY/v2/"
  wait_for "registry $AUTH_REGISTRY" 20 bash -c "curl -sS -o /dev/null -w '%{http_code}' http://$AUTH_REGISTRY/v2/ | grep -q 401"
}
