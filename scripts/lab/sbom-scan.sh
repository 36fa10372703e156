#!/bin/sh
# BuildKit SBOM generator protocol: scan each root filesystem BuildKit mounts
# and write an in-toto statement with an SPDX predicate per filesystem.
set -eu
scan() { # rootfs, statement file
  printf '{"_type":"https://in-toto.io/Statement/v0.1","predicateType":"https://spdx.dev/Document","subject":[],"predicate":' >"$2"
  trivy rootfs --quiet --cache-dir /tmp/trivy-cache --format spdx-json "$1" >>"$2"
  printf '}\n' >>"$2"
}
scan "$BUILDKIT_SCAN_SOURCE" "$BUILDKIT_SCAN_DESTINATION/$(basename "$BUILDKIT_SCAN_SOURCE").spdx.json"
if [ -n "${BUILDKIT_SCAN_SOURCE_EXTRAS:-}" ] && [ -d "$BUILDKIT_SCAN_SOURCE_EXTRAS" ]; then
  for extra in "$BUILDKIT_SCAN_SOURCE_EXTRAS"/*; do
    [ -d "$extra" ] && scan "$extra" "$BUILDKIT_SCAN_DESTINATION/$(basename "$extra").spdx.json"
  done
fi
