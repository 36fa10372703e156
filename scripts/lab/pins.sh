# Pinned versions of every tool the lab builds from the Go module proxy.
# Each line: name, module, version, the module's h1: sum (checked against what
# `go mod download` fetched before anything is built), the package to build,
# and the variable that carries the version string (so `tool version` reports
# the pin, which the actions read to gate flags). trivy is built with
# GOEXPERIMENT=jsonv2, as its own release build is. Change a pin here and `lab.sh up` rebuilds that tool.
#
# name         module                              version                               sum                                              package         version variable (-X)
LAB_TOOLS=(
  "buildkitd   github.com/moby/buildkit            v0.34.2                               h1:fXgOe79JW5zJNDumRtwTemOklLX66otQokObUXuiGJo=  ./cmd/buildkitd  github.com/moby/buildkit/version.Version"
  "buildctl    github.com/moby/buildkit            v0.34.2                               h1:fXgOe79JW5zJNDumRtwTemOklLX66otQokObUXuiGJo=  ./cmd/buildctl   github.com/moby/buildkit/version.Version"
  "buildx      github.com/docker/buildx            v0.38.1                               h1:7J7nReQndOnDTUFjun6otmQqehoi9sCOvRwFjkngYlc=  ./cmd/buildx     github.com/docker/buildx/version.Version"
  "trivy       github.com/aquasecurity/trivy       v0.74.0                               h1:B2/h1Aehsq/zykg0jxpWUlOX7e3UXpbxjZZs/0vNlC4=  ./cmd/trivy      github.com/aquasecurity/trivy/pkg/version/app.ver"
  "cosign      github.com/sigstore/cosign/v3       v3.1.2                                h1:AlWkztipzFHLGfLECkUwcC2a2EbpzKOsElge1vcRNcs=  ./cmd/cosign     sigs.k8s.io/release-utils/version.gitVersion"
  "cosign-v2   github.com/sigstore/cosign/v2       v2.6.4                                h1:DiyWP1/SVM+K8gXLIyn22FSFdEhw1e4dzdZKfRq5qOw=  ./cmd/cosign     sigs.k8s.io/release-utils/version.gitVersion"
  "oras        oras.land/oras                      v1.2.3                                h1:rX4fPzUp0dE1PnQoJQKzjqHYf/QGkNJlrh2g0URV7o8=  ./cmd/oras       -"
  "act         github.com/nektos/act               v0.2.87                               h1:q3CHCOYXtxa013SAzo1qgQjaQ8j2krCMW1TMf99IfLs=  .                -"
  "actionlint  github.com/rhysd/actionlint         v1.7.12                               h1:vQ4GeJN86C0QH+gTUQcs8McmK62OLT3kmakPMtEWYnY=  ./cmd/actionlint github.com/rhysd/actionlint.version"
  "trivy-db    github.com/aquasecurity/trivy-db    v0.0.0-20260813095258-0e0340a01b57    h1:A3Lz/9ip/qigafSxqBWcu7S8i+tJbQS7DB2V0XibOKs=  ./cmd/trivy-db   -"
  "regctl      github.com/regclient/regclient      v0.11.6                               h1:IUcd3slMqo1CaLQ3JcE0W039gUv7uYZpY5FsyAYowXA=  ./cmd/regctl     github.com/regclient/regclient/internal/version.vcsTag"
  "olareg      github.com/olareg/olareg            v0.2.2                                h1:H29V0+V2bIW4nRF3B1QAvooXts5eYS9dmQsD/chrBf0=  ./cmd/olareg     github.com/olareg/olareg/internal/version.vcsTag"
)

# Debian packages the lab needs (Debian 12).
# pass and gnupg: the store behind docker-credential-pass, for the tests of credHelpers (see engine.sh).
LAB_APT_PACKAGES=(docker.io docker-registry debootstrap busybox-static skopeo qemu-user-static binfmt-support runc apache2-utils jq curl ca-certificates
  pass gnupg)

# Debian's real docker credential helpers, unpacked into the lab but kept off
# PATH: with docker-credential-pass on PATH, docker login would take pass as
# its default store for every login on the machine.
LAB_CREDENTIAL_HELPERS_PACKAGE=golang-docker-credential-helpers
