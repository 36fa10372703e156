import type { Logger } from '../logging/index.js';
import { byDigest, parseDigestReference, parseReference } from '../oci/index.js';
import { type GateEvidence, gateRefusals, type PublishPlan } from './gates.js';

export interface PublishResult {
  image: string;
  /** Tags now pointing at the image, each checked after the push. */
  published: string[];
}

/** Refused before anything was tagged; the registry is unchanged. */
export class PublishRefusedError extends Error {
  readonly refusals: readonly string[];
  constructor(image: string, refusals: readonly string[]) {
    super(`${image} was not published: ${refusals.join('; ')}`);
    this.name = 'PublishRefusedError';
    this.refusals = refusals;
  }
}

/** The registry operations publishing needs (the project's RegistryClient has them). */
export interface ManifestStore {
  manifest(host: string, repository: string, reference: string): Promise<{ mediaType: string; digest: string; body: Buffer }>;
  putManifest(host: string, repository: string, tag: string, mediaType: string, body: Buffer): Promise<void>;
}

/**
 * The last step of the chain and the only one that writes tags: checks the
 * gates' evidence for this exact digest, then puts the digest's manifest,
 * byte for byte, under every planned tag, and reads each tag back to prove it
 * names that digest.
 *
 * Not `docker buildx imagetools create`: given a single image manifest (one
 * platform, no attestations) it pushes a new index around it, so the tag
 * would name a digest that was never scanned or signed.
 */
export async function publish(store: ManifestStore, log: Logger, plan: PublishPlan, evidence: GateEvidence): Promise<PublishResult> {
  const refusals = gateRefusals(plan, evidence);
  if (refusals.length > 0) throw new PublishRefusedError(plan.image, refusals);
  const source = parseDigestReference(plan.image);
  const image = byDigest(source);
  const manifest = await store.manifest(source.registry, source.repository, source.digest);
  if (manifest.digest !== source.digest) throw new Error(`${image}: the registry served a manifest whose digest is ${manifest.digest}`);

  for (const tag of plan.tags) {
    const target = parseReference(tag, 'planned tag');
    // gateRefusals checked that every tag is a plain tag in the image's repository.
    await store.putManifest(target.registry, target.repository, target.tag ?? '', manifest.mediaType, manifest.body);
  }
  for (const tag of plan.tags) {
    const target = parseReference(tag, 'planned tag');
    const found = (await store.manifest(target.registry, target.repository, target.tag ?? '')).digest;
    if (found !== source.digest) throw new Error(`${tag} points at ${found} after publishing, not ${source.digest}`);
    log.info(`published ${tag} -> ${source.digest}`);
  }
  return { image, published: [...plan.tags] };
}
