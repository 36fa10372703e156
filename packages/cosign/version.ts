import semver from 'semver';
import { UserError } from '../errors/index.js';

/**
 * What differs between the cosign versions this action drives, read from
 * `cosign version` and gated with semver rather than guessed from the pin:
 * the binary may come from PATH.
 *
 * - v3.0.0 turned on by default what v2.5/v2.6 had behind flags: the Sigstore
 *   bundle format stored as an OCI referrer (`--new-bundle-format`) and service
 *   URLs from a TUF-distributed signing config (`--use-signing-config`).
 * - v2 stores signatures as `sha256-<hex>.sig` tags and attestations as
 *   `.att` tags unless told otherwise.
 */
export interface CosignCapabilities {
  /** `3.1.2` */
  version: string;
  major: number;
  /** Where signatures go when no flag says otherwise. */
  defaultStorage: SignatureStorage;
  /** `--use-signing-config` is on unless turned off (v3): it refuses `--tlog-upload=false`. */
  signingConfigByDefault: boolean;
}

/** `referrers`: a Sigstore bundle attached as an OCI 1.1 referrer; `tag`: the `.sig`/`.att` tag scheme. */
export type SignatureStorage = 'referrers' | 'tag';

/** The oldest cosign whose `--new-bundle-format` can store signatures as OCI referrers. */
export const MINIMUM_COSIGN = '2.5.0';

/** Reads `GitVersion: v3.1.2` from `cosign version` (text, as both majors print it). */
export function parseCosignVersion(output: string): string {
  const match = /^GitVersion:\s*v?(\S+)\s*$/m.exec(output);
  const version = match?.[1] !== undefined ? semver.valid(semver.coerce(match[1], { includePrerelease: true })) : null;
  if (version === null) {
    throw new Error(`could not read cosign's version from 'cosign version' output:\n${output.trim().split('\n').slice(-12).join('\n')}`);
  }
  return version;
}

export function capabilitiesOf(version: string): CosignCapabilities {
  if (semver.lt(version, MINIMUM_COSIGN)) {
    throw new UserError({
      message: `cosign ${version} is older than ${MINIMUM_COSIGN}, the oldest version sign-with-cosign drives.`,
      hint: `Use the pinned cosign (leave 'cosign-version' unset) or install cosign ${MINIMUM_COSIGN} or newer.`,
    });
  }
  const major = semver.major(version);
  const current = major >= 3;
  return {
    version,
    major,
    defaultStorage: current ? 'referrers' : 'tag',
    signingConfigByDefault: current,
  };
}
