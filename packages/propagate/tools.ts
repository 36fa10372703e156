import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type IdentityInputs, type RunEnvironment, verifySignature } from '../cosign/index.js';
import type { Logger } from '../logging/index.js';
import type { CommandRunner } from '../process/index.js';
import type { MirrorTools } from './propagate.js';
import { type Regctl, regctlCopy } from './regctl.js';

/** The predicate types whose attestation must verify at a mirror besides the signature: the SBOM's. */
export const MIRROR_ATTESTATIONS = ['cyclonedx'] as const;

export interface ToolsConfig {
  runner: CommandRunner;
  log: Logger;
  regctl: Regctl;
  cosign: string;
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
  transparencyLog: boolean;
  env: RunEnvironment;
}

/** The real tools: regctl copies, cosign verifies at the mirror (signature and SBOM attestation). */
export function mirrorTools(config: ToolsConfig): MirrorTools {
  return {
    copy: (source, target) => regctlCopy(config.runner, config.regctl, source, target),
    async verify(image, source, options) {
      const workDir = await mkdtemp(join(config.workDir, 'verify-'));
      const trusted = config.publicKey ?? config.recordedKey?.(source);
      try {
        await verifySignature(config.runner, config.log, {
          cosign: config.cosign,
          image,
          ...(trusted !== undefined ? { publicKey: trusted } : {}),
          identity: config.identity,
          transparencyLog: config.transparencyLog,
          workDir,
          env: config.env,
          attestations: MIRROR_ATTESTATIONS,
          legacyReferrers: options.legacyReferrers,
        });
      } finally {
        await rm(workDir, { recursive: true, force: true });
      }
    },
  };
}
