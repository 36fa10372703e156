import { type AttestationSigner, readAttestations, type Statement, type VerifyRequest, verifySignature } from '../cosign/index.js';
import type { Logger } from '../logging/index.js';
import type { LastRescan, PublishedImages } from '../plan/unchanged.js';
import type { CommandRunner } from '../process/index.js';
import { MIRROR_ATTESTATIONS } from '../propagate/tools.js';
import { latestScan } from '../rescan/predicate.js';
import type { TaggedImage } from '../tags/registry.js';

/** What the publish job attests besides the signature: the SBOM. */
const SBOM_TYPE = MIRROR_ATTESTATIONS[0];

export interface PublishedImagesConfig {
  tags: { tagged(full: string, tag: string): Promise<TaggedImage | undefined> };
  runner: CommandRunner;
  log: Logger;
  /** How the publish job verified: the key or keyless identity, the runs, the transparency log. */
  signature: Omit<VerifyRequest, 'image' | 'attestations'>;
}

/**
 * PublishedImages over the one registry client and cosign: the signature as
 * the publish job verifies it, then the SBOM attestation by the same signer
 * (read once: its timestamp says when the image was built), and the last
 * rescan's vulnerability attestation.
 */
export function publishedImages(config: PublishedImagesConfig): PublishedImages {
  const signer: AttestationSigner = {
    cosign: config.signature.cosign,
    ...(config.signature.publicKey !== undefined ? { publicKey: config.signature.publicKey } : {}),
    identity: config.signature.identity,
    transparencyLog: config.signature.transparencyLog,
    workDir: config.signature.workDir,
    env: config.signature.env,
  };
  const sboms = new Map<string, Statement[]>();
  return {
    tagged: async (tag) => {
      const colon = tag.lastIndexOf(':');
      return config.tags.tagged(tag.slice(0, colon), tag.slice(colon + 1));
    },
    verify: async (image) => {
      await verifySignature(config.runner, config.log, { ...config.signature, image });
      const read = await readAttestations(config.runner, signer, image, SBOM_TYPE);
      if (read.statements.length === 0) throw new Error(`no ${SBOM_TYPE} attestation of ${image} verifies: ${read.none ?? 'none found'}`);
      sboms.set(image, read.statements);
    },
    builtAt: async (image) => {
      const statements = sboms.get(image) ?? (await readAttestations(config.runner, signer, image, SBOM_TYPE)).statements;
      const times = statements
        .map((s) => (s.predicate as { metadata?: { timestamp?: unknown } } | null)?.metadata?.timestamp)
        .filter((t): t is string => typeof t === 'string' && !Number.isNaN(Date.parse(t)))
        .sort();
      return times.at(-1);
    },
    lastRescan: async (image): Promise<LastRescan | undefined> => {
      const read = await readAttestations(config.runner, signer, image, 'vuln');
      return latestScan(read.statements, image.split('@')[1] ?? '');
    },
  };
}
