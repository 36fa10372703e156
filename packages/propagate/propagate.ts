import { PROVENANCE_PREDICATE } from '../cosign/index.js';
import type { Logger } from '../logging/index.js';
import { inParallel } from '../process/index.js';
import { type RetryPolicy, retry, transientRegistryFailure } from '../retry/index.js';
import { type Closure, missingAt, type RegistryReader, readClosure } from './closure.js';
import { formatTarget, type MirroredImage, type RegistryTarget } from './targets.js';
import { MIRROR_ATTESTATIONS } from './tools.js';

/** The registry operations propagation needs (the project's RegistryClient has them). */
export interface PropagationRegistry extends RegistryReader {
  putManifest(host: string, repository: string, tag: string, mediaType: string, body: Buffer): Promise<void>;
  checkAccess(host: string, repository: string, action: 'push'): Promise<void>;
}

/** The tools of the copy and of the check at the mirror (regctl and cosign; see tools.ts). */
export interface MirrorTools {
  /** Copies `source` (by digest) to `target` (by digest) with everything it refers to; writes no tag. */
  copy(source: string, target: string): Promise<void>;
  /**
   * Verifies, writing nothing, the signature and the SBOM attestation of
   * `image` (by digest) with the identity the publish job used for `source`;
   * throws with the verifier's reason.
   */
  /** `attestations`: the predicate types that must verify besides the signature, when not the mirror's usual ones. */
  verify(image: string, source: string, options: { legacyReferrers: boolean; attestations?: readonly string[] }): Promise<void>;
}

/** The copy or check tools could not be installed: the run cannot work at all, so it stops rather than lag everywhere. */
export class ToolsUnavailableError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'ToolsUnavailableError';
  }
}

/**
 * Where a mirror is for one published digest:
 * - `in-sync`: it held the digest, everything that refers to it and every tag; nothing was written;
 * - `updated`: what it lacked was copied, verified there, then tagged;
 * - `lagging`: it does not hold it yet (it failed, or did not answer); the next run tries again;
 * - `refused`: one of its tags names another digest, and the catalog does not allow moving it.
 */
export type MirrorState = 'in-sync' | 'updated' | 'lagging' | 'refused';

export interface MirrorResult {
  /** `<registry>/<repository>` of the mirror. */
  mirror: string;
  state: MirrorState;
  /** What was written, or why it lags, in one line. */
  detail: string;
}

export interface ImageResult {
  id: string;
  /** `<registry>/<repository>` of the source. */
  source: string;
  /** The published digest; absent when none of the image's tags is at the source. */
  digest?: string;
  /** Tags that name `digest` at the source. */
  tags: string[];
  mirrors: MirrorResult[];
  /** Why the image was not propagated at all (not published, or the source could not be read). */
  note?: string;
}

export interface PropagationReport {
  images: ImageResult[];
}

export interface PropagateOptions {
  registry: PropagationRegistry;
  tools: MirrorTools;
  log: Logger;
  /** Source repositories worked on at once (their images, and each image's mirrors, one after another); 4 by default. */
  concurrency?: number;
  /** How to wait between checks (tests make it instant). */
  sleep?: (ms: number) => Promise<void>;
}

/** Registry round trips dominate a run that has little to copy; a few repositories at once hide them without flooding a mirror. */
export const DEFAULT_CONCURRENCY = 4;

/**
 * Copies every published image of the plan to each of its mirrors, in the
 * order that keeps a mirror's tags honest: the digest and what refers to it
 * first, then the signature and SBOM attestation verified at the mirror,
 * and only then the public tags. What the mirror already holds is not
 * written again; a run with nothing missing writes nothing.
 *
 * What is published is read from the source registry, not from this run's
 * outcomes: a mirror that lagged in an earlier run is filled by the next,
 * whatever that run rebuilt. Faults stay local: a mirror that fails or does
 * not answer lags (and after one failure that exhausted the retries, is not
 * asked again in this run), and the others go on; nothing at the source
 * changes.
 */
export async function propagate(images: readonly MirroredImage[], options: PropagateOptions): Promise<PropagationReport> {
  const run: Run = { ...options, down: new Map(), contacted: new Map(), tagLists: new Map() };
  // Repositories run side by side (their log lines interleave: each names its image); the images of one repository
  // one after another, so a layer they share is sent to a mirror repository once. The report keeps the plan's order.
  const byRepository = new Map<string, number[]>();
  images.forEach((image, index) => {
    const key = formatTarget(image.source);
    byRepository.set(key, [...(byRepository.get(key) ?? []), index]);
  });
  const perImage: ImageResult[][] = new Array(images.length);
  await inParallel([...byRepository.values()], options.concurrency ?? DEFAULT_CONCURRENCY, async (indexes) => {
    for (const index of indexes) perImage[index] = await propagateImage(run, images[index] as MirroredImage);
  });
  const results = perImage.flat();
  // Nothing to copy is an answer only when it is said: a wrong registry would look the same.
  if (images.length > 0 && results.every((r) => r.digest === undefined && r.note?.startsWith('not published'))) {
    options.log.warning(
      `none of the ${images.length} image(s) with mirrors is published at ${[...new Set(results.map((r) => r.source))].join(', ')}: nothing was propagated`,
    );
  }
  return { images: results };
}

interface Run extends PropagateOptions {
  /** Hosts that did not answer in this run, with why. */
  down: Map<string, string>;
  /** The first request of the run to each host, settled or not. */
  contacted: Map<string, Promise<void>>;
  /** Tag lists by `<registry>/<repository>`, dropped when this run writes there. */
  tagLists: Map<string, Promise<string[]>>;
}

async function propagateImage(run: Run, image: MirroredImage): Promise<ImageResult[]> {
  const source = formatTarget(image.source);
  let groups: Array<{ digest: string; tags: string[]; closure: Closure }>;
  try {
    groups = await publishedAtSource(run, image);
  } catch (error: unknown) {
    noteIfDown(run, image.source.registry, error);
    const reason = `cannot read the source: ${describe(error)}`;
    run.log.warning(`${image.id}: ${reason}`);
    return [
      {
        id: image.id,
        source,
        tags: [],
        mirrors: image.mirrors.map((m) => ({ mirror: formatTarget(m), state: 'lagging', detail: reason })),
        note: reason,
      },
    ];
  }
  if (groups.length === 0) {
    run.log.info(`${image.id}: none of ${image.tags.join(', ')} is published at ${source}; nothing to propagate`);
    return [{ id: image.id, source, tags: [], mirrors: [], note: `not published at ${source}` }];
  }
  const results: ImageResult[] = [];
  for (const group of groups) {
    const mirrors: MirrorResult[] = [];
    for (const mirror of image.mirrors) {
      const result = await toMirror(run, image, group, mirror);
      const line = `${image.id} -> ${result.mirror}: ${result.state}: ${result.detail}`;
      if (result.state === 'lagging' || result.state === 'refused') run.log.error(line);
      else run.log.info(line);
      mirrors.push(result);
    }
    results.push({ id: image.id, source, digest: group.digest, tags: group.tags, mirrors });
  }
  return results;
}

/** The image's tags that exist at the source, by the digest they name, each digest with its closure. */
async function publishedAtSource(run: Run, image: MirroredImage): Promise<Array<{ digest: string; tags: string[]; closure: Closure }>> {
  const { registry: host, repository } = image.source;
  await firstContact(run, host, () => tagList(run, image.source));
  const down = run.down.get(host);
  if (down !== undefined) throw new Error(`${host} did not answer earlier in this run (${down})`);
  const byDigest = new Map<string, string[]>();
  for (const tag of image.tags) {
    const found = await run.registry.findManifest(host, repository, tag);
    if (found === undefined) continue;
    byDigest.set(found.digest, [...(byDigest.get(found.digest) ?? []), tag]);
  }
  const groups: Array<{ digest: string; tags: string[]; closure: Closure }> = [];
  for (const [digest, tags] of byDigest) {
    const closure = await readClosure(run.registry, host, repository, digest, await tagList(run, image.source));
    groups.push({ digest, tags, closure });
  }
  return groups;
}

/** The annotations that say which application and version a build is (the build writes its OCI labels as annotations). */
const IDENTITY_ANNOTATIONS = ['org.opencontainers.image.title', 'org.opencontainers.image.version'] as const;

/**
 * The tags whose digest at the mirror is not an earlier build of the one
 * being published. A rebuild publishes a new digest under the same tags, and
 * the mirror follows it when what the tag names there is the same
 * application and version (its title and version annotations) and verifies
 * with the publish job's key or identity (for an import, whose annotations
 * are upstream's: signed so, and attested as an import). Anything else there (someone
 * else's image, an unsigned one) is never moved without `overwrite: true`.
 */
async function notEarlierVersions(
  run: Run,
  image: MirroredImage,
  mirror: RegistryTarget,
  group: { digest: string; closure: Closure },
  moved: Array<[string, string]>,
): Promise<Array<[string, string]>> {
  if (moved.length === 0) return [];
  const name = formatTarget(mirror);
  const wanted = identityOf(group.closure.root.body);
  const foreign: Array<[string, string]> = [];
  for (const [tag, digest] of moved) {
    const there = await run.registry.manifest(mirror.registry, mirror.repository, digest);
    // An import's digest is upstream's, with upstream's annotations: an earlier copy is one this project
    // signed and attested as an import (its provenance), in this application's repository, under this tag.
    const same = image.imported === true || (wanted !== undefined && identityOf(there.body) === wanted);
    const verifies =
      same &&
      (await run.tools
        .verify(`${name}@${digest}`, `${formatTarget(image.source)}@${digest}`, {
          legacyReferrers: group.closure.legacyReferrers,
          ...(image.imported ? { attestations: [...MIRROR_ATTESTATIONS, PROVENANCE_PREDICATE] } : {}),
        })
        .then(
          () => true,
          () => false,
        ));
    if (!verifies) foreign.push([tag, digest]);
  }
  return foreign;
}

function identityOf(body: Buffer): string | undefined {
  const annotations = (JSON.parse(body.toString('utf8')) as { annotations?: Record<string, unknown> }).annotations ?? {};
  const values = IDENTITY_ANNOTATIONS.map((key) => annotations[key]);
  return values.every((v) => typeof v === 'string' && v !== '') ? values.join('\n') : undefined;
}

async function toMirror(
  run: Run,
  image: MirroredImage,
  group: { digest: string; tags: string[]; closure: Closure },
  mirror: RegistryTarget & { overwrite: boolean },
): Promise<MirrorResult> {
  const name = formatTarget(mirror);
  const { registry: host, repository } = mirror;
  const lag = (detail: string): MirrorResult => ({ mirror: name, state: 'lagging', detail });
  const down = run.down.get(host);
  if (down !== undefined) return lag(`not tried: ${host} did not answer earlier in this run (${down})`);
  // Only failures of this host's own answers mark it down; a failed copy or check says nothing about the next image.
  let step: 'read' | 'copy' | 'verify' = 'read';
  try {
    await firstContact(run, host, () => tagList(run, mirror));
    const after = run.down.get(host);
    if (after !== undefined) return lag(`not tried: ${host} did not answer earlier in this run (${after})`);
    const there = await tagsAtMirror(run, mirror, group.tags);
    const moved = [...there].filter(([, digest]) => digest !== group.digest);
    const foreign = mirror.overwrite ? [] : await notEarlierVersions(run, image, mirror, group, moved);
    if (foreign.length > 0) {
      return {
        mirror: name,
        state: 'refused',
        detail: `${foreign.map(([tag, digest]) => `${name}:${tag} names ${digest}`).join('; ')}, not the published ${group.digest}, and not an earlier build of it that verifies; the mirror is left as it is (allow moving its tags with 'overwrite: true' on this mirror in the catalog)`,
      };
    }
    const missing = await missingAt(run.registry, host, repository, group.closure);
    const toTag = group.tags.filter((tag) => there.get(tag) !== group.digest);
    if (missing.length === 0 && toTag.length === 0)
      return { mirror: name, state: 'in-sync', detail: 'holds the digest, all that refers to it, and its tags; nothing written' };

    await run.registry.checkAccess(host, repository, 'push');
    const wrote: string[] = [];
    if (missing.length > 0) {
      step = 'copy';
      run.tagLists.delete(name);
      await run.tools.copy(`${formatTarget(image.source)}@${group.digest}`, `${name}@${group.digest}`);
      step = 'read';
      const still = await missingAfterCopy(run, mirror, group.closure);
      if (still.length > 0) return lag(`copied, but it still lacks ${summarise(still)}`);
      wrote.push(`copied ${copied(missing, group.closure)}`);
    }
    step = 'verify';
    await run.tools.verify(`${name}@${group.digest}`, `${formatTarget(image.source)}@${group.digest}`, {
      legacyReferrers: group.closure.legacyReferrers,
    });
    step = 'read';
    if (toTag.length > 0) {
      run.tagLists.delete(name);
      const { mediaType, body } = group.closure.root;
      for (const tag of toTag) await run.registry.putManifest(host, repository, tag, mediaType, body);
      for (const tag of toTag) {
        const found = (await run.registry.findManifest(host, repository, tag))?.digest;
        if (found !== group.digest) return lag(`${name}:${tag} names ${found ?? 'nothing'} after tagging, not ${group.digest}`);
      }
      const why = mirror.overwrite ? 'as overwrite allows' : 'an earlier build of the same version, signed as this one is';
      const movedNote = moved.length > 0 ? ` (moved from ${moved.map(([tag, digest]) => `${tag}: ${digest}`).join(', ')}, ${why})` : '';
      wrote.push(`verified, then tagged ${toTag.join(', ')}${movedNote}`);
    } else wrote.push('verified; its tags were already there');
    return { mirror: name, state: 'updated', detail: wrote.join('; ') };
  } catch (error: unknown) {
    if (error instanceof ToolsUnavailableError) throw error.cause;
    if (step === 'read') noteIfDown(run, host, error);
    const prefix = step === 'copy' ? 'the copy failed: ' : step === 'verify' ? 'does not verify at the mirror, so it was not tagged: ' : '';
    return lag(`${prefix}${describe(error)}`);
  }
}

/** How long a mirror is given to list the referrers a copy just pushed (olareg indexes them as it goes). */
export const REFERRERS_SETTLE_POLICY: RetryPolicy = { attempts: 5, baseDelayMs: 250, maxDelayMs: 2000 };

class ReferrersNotListed extends Error {}

/**
 * What the mirror still lacks after the copy. A registry with the referrers
 * API may list a referrer it has just taken only a moment later (seen with
 * olareg when two were pushed at once); when referrers are all that is
 * missing, the check is asked again, backing off as the policy says.
 */
async function missingAfterCopy(run: Run, mirror: RegistryTarget, closure: Closure): Promise<string[]> {
  let missing: string[] = [];
  try {
    await retry(
      async () => {
        missing = await missingAt(run.registry, mirror.registry, mirror.repository, closure);
        if (missing.length > 0 && missing.every((line) => line.startsWith('referrer '))) throw new ReferrersNotListed();
      },
      {
        policy: REFERRERS_SETTLE_POLICY,
        transient: (failure) => (failure instanceof ReferrersNotListed ? 'referrers not listed yet' : undefined),
        onRetry: ({ delayMs }) =>
          run.log.info(`${formatTarget(mirror)}: the referrers just copied are not all listed yet; asking again in ${delayMs} ms`),
        ...(run.sleep !== undefined ? { sleep: run.sleep } : {}),
      },
    );
  } catch (error: unknown) {
    if (!(error instanceof ReferrersNotListed)) throw error;
  }
  return missing;
}

/** The image's tags at the mirror and the digest each names there. */
async function tagsAtMirror(run: Run, mirror: RegistryTarget, tags: readonly string[]): Promise<Map<string, string>> {
  const existing = new Set(await tagList(run, mirror));
  const there = new Map<string, string>();
  for (const tag of tags) {
    if (!existing.has(tag)) continue;
    const found = await run.registry.findManifest(mirror.registry, mirror.repository, tag);
    if (found !== undefined) there.set(tag, found.digest);
  }
  return there;
}

function tagList(run: Run, target: RegistryTarget): Promise<string[]> {
  const key = formatTarget(target);
  let list = run.tagLists.get(key);
  if (list === undefined) {
    list = run.registry.tags(target.registry, target.repository);
    run.tagLists.set(key, list);
    // A failed listing is not kept: the next image asks again (unless the host is down).
    list.catch(() => run.tagLists.delete(key));
  }
  return list;
}

/**
 * The run's first request to a host goes alone, the images that need the
 * host waiting for it: a host that is down then costs one round of retries,
 * not one per image in flight. The one that asked gets its failure; the
 * others find the host marked down, or go on.
 */
async function firstContact(run: Run, host: string, probe: () => Promise<unknown>): Promise<void> {
  const known = run.contacted.get(host);
  if (known !== undefined) return known;
  const asked = probe().then(
    () => undefined,
    (error: unknown) => {
      noteIfDown(run, host, error);
      throw error;
    },
  );
  run.contacted.set(
    host,
    asked.catch(() => undefined),
  );
  await asked;
}

/** A host whose answers failed after every retry (5xx, 429, a dropped connection) is not asked again in this run. */
function noteIfDown(run: Run, host: string, error: unknown): void {
  const reason = transientRegistryFailure(errorChainText(error));
  if (reason !== undefined && !run.down.has(host)) {
    run.down.set(host, reason);
    run.log.warning(`${host}: ${reason} after every retry; not asking it again in this run`);
  }
}

function errorChainText(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    const e = current as { message?: unknown; code?: unknown; cause?: unknown };
    parts.push(String(e.message ?? current), String(e.code ?? ''));
    current = e.cause;
  }
  return parts.join(' ');
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, ' ').trim().slice(0, 600);
}

/** What a copy sent, in words: the whole image, or the pieces the mirror lacked. */
function copied(missing: readonly string[], closure: Closure): string {
  if (!missing[0]?.startsWith('the image ')) return summarise(missing);
  const referrers = [...closure.referrers.values()].reduce((n, list) => n + list.length, 0);
  const parts = [`${closure.manifests.length} manifest(s)`, `${referrers} referrer(s)`];
  if (closure.digestTags.size > 0) parts.push(`${closure.digestTags.size} sha256-* tag(s)`);
  return `the image (${parts.join(', ')})`;
}

function summarise(items: readonly string[]): string {
  return items.length <= 3 ? items.join(', ') : `${items.slice(0, 3).join(', ')} and ${items.length - 3} more`;
}

/** Mirrors that do not hold an image they should: what fails the step. */
export function laggingOf(
  report: PropagationReport,
): Array<{ id: string; digest?: string; mirror: string; state: MirrorState; detail: string }> {
  return report.images.flatMap((image) =>
    image.mirrors
      .filter((m) => m.state === 'lagging' || m.state === 'refused')
      .map((m) => ({ id: image.id, ...(image.digest !== undefined ? { digest: image.digest } : {}), ...m })),
  );
}
