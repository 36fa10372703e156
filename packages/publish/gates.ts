import { byDigest, parseDigestReference, parseReference, repositoryOf } from '../oci/index.js';

/**
 * What each gate of the chain said about one image. Publishing reads only
 * this: a digest gets its public tags when the build produced it, its
 * declared tests passed on it, the scan passed it, and its signature was
 * verified, all for that same digest.
 */
export interface GateEvidence {
  /** `repo@sha256:` the build pushed. */
  built?: string;
  /** The image's tests (packages/image-tests): the digest whose platform images ran, and how many tests passed on all of them. */
  tests?: { image: string; verdict: 'pass' | 'fail'; passed: number };
  /** The scan gate's verdict: only `pass` publishes (`fail`, `unscannable`, `stale-db` do not). */
  scan?: { image: string; verdict: string };
  signature?: { image: string; verified: boolean };
}

export interface PublishPlan {
  /** `repo@sha256:` to publish. */
  image: string;
  /** Full references to put on it. */
  tags: string[];
  /** How many tests the catalog declares for it (skipped ones left out): each must have passed on this digest. */
  tests?: number;
  /** An import: the upstream digest the plan resolved, the only one it may publish. */
  upstreamDigest?: string;
}

/**
 * Why this digest may not be published, one reason a line; empty when every
 * gate passed for exactly this digest and every tag belongs to its repository.
 */
export function gateRefusals(plan: PublishPlan, evidence: GateEvidence): string[] {
  const refusals: string[] = [];
  const image = byDigest(parseDigestReference(plan.image, 'image to publish'));
  const same = (other: string) => byDigest(parseDigestReference(other)) === image;

  if (plan.upstreamDigest !== undefined && !image.endsWith(`@${plan.upstreamDigest}`)) {
    refusals.push(
      `it is an import of ${plan.upstreamDigest}, the upstream digest the plan resolved and the gates checked, not of this digest`,
    );
  }
  if (!evidence.built) refusals.push('no build produced this digest in this run');
  else if (!same(evidence.built)) refusals.push(`the build produced ${evidence.built}, not ${image}`);

  const declared = plan.tests ?? 0;
  if (declared > 0) {
    if (!evidence.tests) refusals.push(`its ${declared} declared test${declared === 1 ? '' : 's'} did not run`);
    else if (!same(evidence.tests.image)) refusals.push(`the tests ran on ${evidence.tests.image}, not ${image}`);
    else if (evidence.tests.verdict !== 'pass') refusals.push('its tests failed');
    else if (evidence.tests.passed < declared) refusals.push(`only ${evidence.tests.passed} of its ${declared} declared tests passed`);
  }

  if (!evidence.scan) refusals.push('it was not scanned');
  else if (!same(evidence.scan.image)) refusals.push(`the scan covered ${evidence.scan.image}, not ${image}`);
  else if (evidence.scan.verdict !== 'pass') refusals.push(`the scan gate said ${evidence.scan.verdict}`);

  if (!evidence.signature) refusals.push('it was not signed');
  else if (!same(evidence.signature.image)) refusals.push(`the signature covers ${evidence.signature.image}, not ${image}`);
  else if (!evidence.signature.verified) refusals.push('its signature did not verify');

  if (plan.tags.length === 0) refusals.push('the plan has no tags for it');
  const repository = repositoryOf(parseReference(image));
  for (const tag of plan.tags) {
    const reference = parseReference(tag, 'planned tag');
    if (reference.tag === undefined || reference.digest !== undefined) refusals.push(`'${tag}' is not a plain tag reference`);
    else if (repositoryOf(reference) !== repository) refusals.push(`'${tag}' is not in ${repository}`);
  }
  return refusals;
}
