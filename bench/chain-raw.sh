#!/usr/bin/env bash
# P2's baseline: the chain's work on one image done with the raw commands,
# one after the other, as a person would script it without the actions:
# build and push by digest, scan (the gate, then the CycloneDX SBOM), sign,
# attest the SBOM, verify both, then put the tag with the pinned copy tool.
# Called by bench/chain-vs-raw.mjs with everything in the environment:
#   REPO (registry/repository), TAG, CONTEXT, BUILD_ARGS (one KEY=VALUE a line),
#   WORK (a directory of the run's own), DB_REPOSITORY, TRIVY_IGNOREFILE (the
#   accepted findings, which trivy reads from its environment), COSIGN_KEY_FILE,
#   COSIGN_PASSWORD, and docker, trivy, cosign and regctl on PATH.
set -euo pipefail
args=()
while IFS= read -r pair; do [ -n "$pair" ] && args+=(--build-arg "$pair"); done <<<"$BUILD_ARGS"
docker buildx build --platform linux/amd64 "${args[@]}" \
  --output "type=image,name=$REPO,push-by-digest=true,push=true" \
  --metadata-file "$WORK/metadata.json" --quiet "$CONTEXT" >/dev/null
digest=$(sed -n 's/.*"containerimage.digest": *"\(sha256:[0-9a-f]*\)".*/\1/p' "$WORK/metadata.json")
image="$REPO@$digest"
trivy image --quiet --cache-dir "$WORK/trivy" --db-repository "$DB_REPOSITORY" --skip-version-check \
  --severity HIGH,CRITICAL --ignore-unfixed --exit-code 1 --format json --output "$WORK/scan.json" "$image"
trivy image --quiet --cache-dir "$WORK/trivy" --skip-db-update --skip-version-check \
  --format cyclonedx --output "$WORK/sbom.cdx.json" "$image"
cosign sign --yes --key "$COSIGN_KEY_FILE" --use-signing-config=false --tlog-upload=false "$image" 2>"$WORK/cosign.log"
cosign attest --yes --key "$COSIGN_KEY_FILE" --use-signing-config=false --tlog-upload=false --type cyclonedx --predicate "$WORK/sbom.cdx.json" "$image" 2>>"$WORK/cosign.log"
pub="${COSIGN_KEY_FILE%.key}.pub"
cosign verify --key "$pub" --insecure-ignore-tlog=true "$image" >/dev/null 2>&1
cosign verify-attestation --key "$pub" --insecure-ignore-tlog=true --type cyclonedx "$image" >/dev/null 2>&1
regctl image copy "$image" "$REPO:$TAG" >/dev/null
