#!/usr/bin/env bash
# Builds the lab's trivy vulnerability DB from the test advisories in
# test/fixtures/trivy-db/ and pushes it to the lab registry as the OCI artifact
# trivy downloads with `--db-repository`, laid out like the public DB:
#
#   manifest: OCI image manifest, config media type
#             application/vnd.aquasec.trivy.config.v1+json
#   one layer: db.tar.gz (trivy.db + metadata.json), media type
#             application/vnd.aquasec.trivy.db.layer.v1.tar+gzip,
#             annotation org.opencontainers.image.title=db.tar.gz
#   tag 2:    the DB schema version trivy asks for
#
#   scripts/lab/trivy-db.sh [LAB_DIR] [REGISTRY]
#
# Writes LAB_DIR/trivy-db.json: the repository to pass to trivy and the seeded
# advisory the tests expect it to report.
#
# A test that needs a DB of its own (other advisories) builds it the same way,
# without touching the lab's: TRIVY_DB_FIXTURES names its vuln-list records
# (with a seeded.json), TRIVY_DB_REPOSITORY where to push it, and
# TRIVY_DB_WORK its own work directory, where its trivy-db.json is written. Rebuilds only when the fixtures, the
# trivy-db pin or the registry change, when the registry lost the artifact, when
# the DB's NextUpdate is less than 30 days away, or when it was built more
# than a day ago.
#
# Staleness: trivy-db sets NextUpdate = build time + --update-interval; we build
# with one year, so a trivy cache holding this DB counts as fresh (no download
# on every scan, as with the public DB), and the 30-day margin above rebuilds it
# before it ever lapses. A test that must see a download uses an empty cache dir.
#
# Age: the scan refuses a DB whose own UpdatedAt is older than `max-db-age`
# (two days by default), as it should refuse a public DB that stopped
# updating. The public DB is rebuilt every six hours; this one is rebuilt on
# the first `up` of a day, so a lab brought up daily scans with the defaults.

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/on-error.sh
ON_ERROR_NAME="lab trivy-db"
source "$here/../lib/on-error.sh"
set -Eeuo pipefail
repo=$(cd "$here/../.." && pwd)
CACHE=${IMAGE_ACTIONS_CACHE:-$HOME/.cache/image-actions}
LAB=${1:-$CACHE/lab}
REGISTRY=${2:-127.0.0.1:5001}
FIXTURES=${TRIVY_DB_FIXTURES:-$repo/test/fixtures/trivy-db}
REPOSITORY=${TRIVY_DB_REPOSITORY:-$REGISTRY/lab/trivy-db:2}
WORK=${TRIVY_DB_WORK:-$LAB/trivy-db}
# The lab's own DB records itself in the lab directory; another DB beside its work.
STATE=$LAB/trivy-db.json
[ -z "${TRIVY_DB_WORK:-}" ] || STATE=$WORK/trivy-db.json
UPDATE_INTERVAL=8760h
MARGIN_SECONDS=$((30 * 24 * 3600))
MAX_AGE_SECONDS=$((24 * 3600))
CONFIG_MEDIA_TYPE=application/vnd.aquasec.trivy.config.v1+json
LAYER_MEDIA_TYPE=application/vnd.aquasec.trivy.db.layer.v1.tar+gzip

say() { printf 'lab trivy-db: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

tool() { jq -er --arg name "$1" '.[$name]' "$LAB/tools.json" || die "no '$1' in $LAB/tools.json"; }

# Everything the DB is made from: the fixture files (names and bytes), the
# trivy-db binary's path (its version is in it) and where it is pushed.
inputs_hash() {
  {
    (cd "$FIXTURES" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
    echo "$(tool trivy-db) $REPOSITORY $UPDATE_INTERVAL"
  } | sha256sum | cut -d' ' -f1
}

# The seeded advisory must be one of the records, with the same fixed version:
# the tests assert what seeded.json says, so it cannot drift from the DB.
check_seeded() {
  local seeded=$FIXTURES/seeded.json id record
  id=$(jq -er .id "$seeded") || die "$seeded has no id"
  record=$FIXTURES/vuln-list-debian/tracker/CVE/$id.json
  [ -f "$record" ] || die "$seeded names $id, but there is no $record"
  jq -e --slurpfile s "$seeded" '
    any(.Annotations[]; .Release == "bookworm" and .Package == $s[0].pkg and .Version == $s[0].fixedVersion)
  ' "$record" >/dev/null || die "$record has no bookworm annotation for $(jq -r .pkg "$seeded") fixed in $(jq -r .fixedVersion "$seeded")"
}

pushed_digest() { # the manifest digest of $REPOSITORY, or nothing
  "$(tool oras)" resolve --plain-http "$REPOSITORY" 2>/dev/null || true
}

up_to_date() {
  [ -f "$WORK/inputs.sha256" ] && [ "$(cat "$WORK/inputs.sha256")" = "$(inputs_hash)" ] || return 1
  [ -f "$STATE" ] || return 1
  [ "$(pushed_digest)" = "$(jq -r .digest "$STATE")" ] || return 1
  local next updated
  next=$(jq -r .NextUpdate "$WORK/out/metadata.json" 2>/dev/null) || return 1
  [ "$(date -d "$next" +%s)" -gt $(($(date +%s) + MARGIN_SECONDS)) ] || return 1
  updated=$(jq -r .UpdatedAt "$WORK/out/metadata.json" 2>/dev/null) || return 1
  [ "$(date -d "$updated" +%s)" -gt $(($(date +%s) - MAX_AGE_SECONDS)) ]
}

build_db() {
  rm -rf "$WORK/build" "$WORK/out"
  mkdir -p "$WORK/build/cache"
  cp -r "$FIXTURES/vuln-list-debian" "$WORK/build/cache/"
  # trivy-db's debian source walks these directories and fails when one is
  # missing; the test data needs none of them (git keeps no empty directories).
  mkdir -p "$WORK/build/cache/vuln-list-debian/tracker/"{DLA,DSA,source,updates-source}
  # Run from the build directory: trivy-db also reads ./overrides if present.
  (cd "$WORK/build" && "$(tool trivy-db)" build --only-update debian --cache-dir cache \
    --output-dir "$WORK/out" --update-interval "$UPDATE_INTERVAL") >"$WORK/build.log" 2>&1 ||
    die "trivy-db build failed (see $WORK/build.log)"
  jq -e '.Version == 2' "$WORK/out/metadata.json" >/dev/null || die "trivy-db wrote schema $(jq -c .Version "$WORK/out/metadata.json"), trivy expects 2"
  tar -C "$WORK/out" --owner=0 --group=0 --numeric-owner -cf - trivy.db metadata.json | gzip -n >"$WORK/db.tar.gz"
}

push_db() {
  # oras stores the layer under the file name it is given, which becomes the
  # title annotation trivy reads, so push from the directory holding db.tar.gz.
  (cd "$WORK" && "$(tool oras)" push --plain-http --image-spec v1.0 --artifact-type "$CONFIG_MEDIA_TYPE" \
    "$REPOSITORY" "db.tar.gz:$LAYER_MEDIA_TYPE") >"$WORK/push.log" 2>&1 || die "oras push to $REPOSITORY failed (see $WORK/push.log)"
}

write_state() {
  local digest
  digest=$(pushed_digest)
  [ -n "$digest" ] || die "$REPOSITORY is not in the registry after the push"
  jq -n --arg repository "$REPOSITORY" --arg digest "$digest" --slurpfile seeded "$FIXTURES/seeded.json" \
    '{dbRepository: $repository, digest: $digest, seeded: $seeded[0]}' >"$STATE.tmp"
  mv "$STATE.tmp" "$STATE"
}

main() {
  [ -f "$LAB/tools.json" ] || "$here/tools.sh"
  mkdir -p "$WORK"
  check_seeded
  if up_to_date; then return 0; fi
  say "building the test vulnerability DB and pushing it to $REPOSITORY"
  build_db
  push_db
  inputs_hash >"$WORK/inputs.sha256"
  write_state
  say "pushed $REPOSITORY@$(jq -r .digest "$STATE")"
}

main "$@"
