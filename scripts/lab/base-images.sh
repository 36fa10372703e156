# Base images made here and pushed by stable name, and the SBOM generator image.
# Sourced by scripts/lab.sh (set -Eeuo pipefail there, with scripts/lib/on-error.sh); see docs/lab.md.
# shellcheck shell=bash

# ---------------------------------------------------------------- base images
image_digest() { # repository:tag in the anonymous registry -> digest, or nothing
  local ref=$1
  local repo=${ref%:*} tag=${ref##*:}
  # A missing image is an empty answer, not a failure: callers test for it (and an
  # assignment from a failing pipeline would end the script under set -e).
  { curl -fsS -o /dev/null -D - \
    -H 'Accept: application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json, application/vnd.docker.distribution.manifest.list.v2+json' \
    "http://$REGISTRY/v2/$repo/manifests/$tag" 2>/dev/null || true; } | tr -d '\r' | awk -F': ' 'tolower($1)=="docker-content-digest"{print $2}'
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

ensure_job_registry_image() {
  # What a pull request's check runs as its job's registry (check-shard.yml).
  # On GitHub that is Docker Hub's registry:2 (distribution 2.8) pinned by
  # digest; nothing can be pulled here, so the lab makes the same thing from
  # Debian's build of distribution 2.8: same port (5000), same storage path
  # (/var/lib/registry), same config path. The workflow runs either the same way.
  [ -n "$(image_digest "$JOB_REGISTRY_IMAGE")" ] && return 0
  say "making $JOB_REGISTRY_IMAGE (Debian's docker-registry, as the registry:2 image runs it)"
  local ctx=$LAB/job-registry-context
  rm -rf "$ctx" && mkdir -p "$ctx"
  cp /usr/bin/docker-registry "$ctx/registry"
  cat >"$ctx/config.yml" <<'CONFIG'
version: 0.1
log:
  fields: { service: registry }
storage:
  cache: { blobdescriptor: inmemory }
  filesystem: { rootdirectory: /var/lib/registry }
http:
  addr: :5000
  headers: { X-Content-Type-Options: [nosniff] }
CONFIG
  cat >"$ctx/Dockerfile" <<DOCKERFILE
FROM $REGISTRY/lab/debian@$(image_digest lab/debian:bookworm)
COPY registry /bin/registry
COPY config.yml /etc/docker/registry/config.yml
VOLUME ["/var/lib/registry"]
EXPOSE 5000
ENTRYPOINT ["/bin/registry"]
CMD ["serve", "/etc/docker/registry/config.yml"]
DOCKERFILE
  SOURCE_DATE_EPOCH=0 docker buildx build --builder "$BUILDER" --quiet --platform linux/amd64 --provenance=false \
    --output "type=image,name=$REGISTRY/$JOB_REGISTRY_IMAGE,push=true,rewrite-timestamp=true" "$ctx" >"$LAB/job-registry-build.log" 2>&1 ||
    die "building $JOB_REGISTRY_IMAGE failed (see $LAB/job-registry-build.log)"
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

ensure_hub_names() {
  # The same base images under the names a Dockerfile uses for Docker Hub's
  # official images (debian:bookworm, busybox:stable): BuildKit's docker.io
  # mirror is the lab registry, so the example Dockerfiles stay as a platform
  # team writes them. Same manifests, so the same digests. busybox:1.36.1 is
  # what the examples import from Docker Hub (docker.io/library/busybox).
  # A name that exists is left as it is: a test may have moved it to another
  # digest, as Docker Hub moves a tag, and puts it back itself.
  local lab hub digest
  for pair in lab/debian:bookworm=library/debian:bookworm lab/debian:bookworm=library/debian:bookworm-slim \
    lab/busybox:stable=library/busybox:stable lab/busybox:stable=library/busybox:1.36.1; do
    lab=${pair%%=*} hub=${pair##*=}
    digest=$(image_digest "$lab")
    [ -n "$digest" ] || die "base image $lab is missing"
    [ -n "$(image_digest "$hub")" ] && continue
    docker buildx imagetools create --builder "$BUILDER" --tag "$REGISTRY/$hub" "$REGISTRY/${lab%:*}@$digest" >/dev/null 2>&1 ||
      die "cannot publish $lab as $hub"
  done
}
