import semver from 'semver';

/**
 * What the installed buildx can do. Flags arrived over several releases, so
 * the arguments depend on the version `docker buildx version` reports.
 */
export interface BuildxFeatures {
  version: string;
  /** `--annotation` (buildx 0.12). */
  annotations: boolean;
  /** The image exporter's `rewrite-timestamp` for reproducible layers (BuildKit 0.13, shipped with buildx 0.13). */
  rewriteTimestamp: boolean;
}

/** Older releases lack `--sbom`, `--provenance` and cache `ignore-error`, which the build relies on. */
export const MINIMUM_BUILDX = '0.10.0';

/** `github.com/docker/buildx v0.38.1 4d...` -> `0.38.1`; also accepts Docker Desktop's `v0.12.1-desktop.4`. */
export function parseBuildxVersion(output: string): string {
  const match = /\bv?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)/.exec(output);
  const version = match?.[1] ? semver.valid(semver.coerce(match[1])) : null;
  if (!version) throw new Error(`cannot read a version in the output of 'docker buildx version': ${output.trim().slice(0, 200)}`);
  return version;
}

export function buildxFeatures(version: string): BuildxFeatures {
  if (semver.lt(version, MINIMUM_BUILDX)) {
    throw new Error(
      `buildx ${version} is too old: build-prebuilt needs buildx ${MINIMUM_BUILDX} or later (set up a newer one, e.g. with docker/setup-buildx-action)`,
    );
  }
  return {
    version,
    annotations: semver.gte(version, '0.12.0'),
    rewriteTimestamp: semver.gte(version, '0.13.0'),
  };
}
