import { type IdentityInputs, type RunEnvironment, type RunPolicy, verifyInTempDir } from '../cosign/index.js';
import type { Logger } from '../logging/index.js';
import type { CommandRunner } from '../process/index.js';
import type { MirrorTools } from './propagate.js';
import { type Regctl, regctlCopy } from './regctl.js';

/** The predicate types whose attestation must verify at a mirror besides the signature: the SBOM's. */
export const MIRROR_ATTESTATIONS = ['cyclonedx'] as const;

export interface ToolsConfig {
  runner: CommandRunner;
  log: Logger;
  /** regctl and cosign, installed the first time a copy or a check needs them: a run with nothing missing starts neither. */
  tools: () => Promise<{ regctl: Regctl; cosign: string }>;
  /** A private directory for the public key files of the checks. */
  workDir: string;
  /**
   * The identity the publish job verified with: the trusted public key, else
   * (key signing without one) the key the sign job recorded for that
   * digest, else keyless with `identity`.
   */
  publicKey?: string;
  recordedKey?: (source: string) => string | undefined;
  identity: IdentityInputs;
  /** Keyless: the runs whose signatures count (publishedRuns: this repository's default branch, publishing triggers). */
  run?: RunPolicy;
  transparencyLog: boolean;
  env: RunEnvironment;
}

/** The real tools: regctl copies, cosign verifies at the mirror (signature and SBOM attestation). */
export function mirrorTools(config: ToolsConfig): MirrorTools {
  return {
    async copy(source, target) {
      await regctlCopy(config.runner, (await config.tools()).regctl, source, target);
    },
    async verify(image, source, options) {
      const trusted = config.publicKey ?? config.recordedKey?.(source);
      await verifyInTempDir(config.runner, config.log, config.workDir, {
        cosign: (await config.tools()).cosign,
        image,
        ...(trusted !== undefined ? { publicKey: trusted } : {}),
        identity: config.identity,
        ...(trusted === undefined && config.run !== undefined ? { run: config.run } : {}),
        transparencyLog: config.transparencyLog,
        env: config.env,
        attestations: options.attestations ?? MIRROR_ATTESTATIONS,
        legacyReferrers: options.legacyReferrers,
      });
    },
  };
}
