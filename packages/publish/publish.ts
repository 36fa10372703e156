import { createHash } from 'node:crypto';
import type { Logger } from '../logging/index.js';
import { byDigest, parseDigestReference } from '../oci/index.js';
import { type CommandRunner, runChecked } from '../process/index.js';
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

/**
 * The last step of the chain and the only one that writes tags: checks the
 * gates' evidence for this exact digest, then points every planned tag at it
 * (the manifest is copied unchanged, so the digest stays the same) and reads
 * each tag back to prove it.
 */
export async function publish(
  runner: CommandRunner,
  log: Logger,
  plan: PublishPlan,
  evidence: GateEvidence,
  docker = 'docker',
): Promise<PublishResult> {
  const refusals = gateRefusals(plan, evidence);
  if (refusals.length > 0) throw new PublishRefusedError(plan.image, refusals);
  const image = byDigest(parseDigestReference(plan.image));
  const digest = image.slice(image.indexOf('@') + 1);

  const args = ['buildx', 'imagetools', 'create'];
  for (const tag of plan.tags) args.push('--tag', tag);
  args.push(image);
  await runChecked(runner, { file: docker, args });

  for (const tag of plan.tags) {
    const raw = await runChecked(runner, { file: docker, args: ['buildx', 'imagetools', 'inspect', '--raw', tag], quiet: true });
    const found = `sha256:${createHash('sha256').update(raw.stdout).digest('hex')}`;
    if (found !== digest) throw new Error(`${tag} points at ${found} after publishing, not ${digest}`);
    log.info(`published ${tag} -> ${digest}`);
  }
  return { image, published: [...plan.tags] };
}
