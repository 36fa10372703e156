import { findingKey } from '../rescan/model.js';
import { BASES_LABEL, BUILD_ID_LABEL, SOURCE_ID_LABEL, type TaggedImage } from '../tags/registry.js';
import { isFixable } from '../trivy/report.js';
import { atLeast, isSeverity, type Severity } from '../trivy/severity.js';
import type { PlanEntry } from './entry.js';
import { orderByStage, planStages } from './expand.js';
import type { Plan, UnchangedEntry } from './plan.js';

/** What the last rescan recorded of a digest (its verified vulnerability attestation). */
export interface LastRescan {
  scannedAt: string;
  findings: ReadonlyArray<{ id: string; pkg: string; installedVersion: string; severity: string; fixedVersion?: string }>;
  /** Keys (findingKey) an ignore entry in force covered. */
  ignored: ReadonlyArray<{ key: string }>;
}

/**
 * What the plan reads of what is published, through the one registry client
 * and cosign. Read-only: deciding that an entry is unchanged writes nothing.
 */
export interface PublishedImages {
  /** What a full tag reference names now, or undefined when there is no such tag. */
  tagged(tag: string): Promise<TaggedImage | undefined>;
  /** Throws, saying why, unless the digest's signature and SBOM attestation verify as the publish job checks them. */
  verify(image: string): Promise<void>;
  /** When the digest's attested SBOM was made (the run that built it), or undefined when it does not say. */
  builtAt(image: string): Promise<string | undefined>;
  /** The last rescan's result for the digest, or undefined when it was never rescanned. */
  lastRescan(image: string): Promise<LastRescan | undefined>;
}

export interface SkipSettings {
  /** Rebuild everything anyway (`force: true`). */
  force: boolean;
  now: Date;
  /** The scan gate's threshold: a fixable finding at or above it in the last rescan is a reason to rebuild. */
  severity: Severity;
  maxJobs: number;
  maxBytes: number;
}

const DAY_MS = 86_400_000;

/**
 * The plan without what is already done. An entry is unchanged when every
 * tag it plans exists and names one digest, that digest carries this build
 * id and was built on the digests the plan resolved (base images, and each
 * parent's published digest), its signature and SBOM attestation verify,
 * it is younger than its max-age, and its last rescan found no fixable
 * finding at or above the gate. Everything else is rebuilt, each entry
 * saying why (`rebuild`), and so is every child of a rebuilt entry. A child
 * of an unchanged parent is built on the parent's verified digest.
 */
export async function skipUnchanged(plan: Plan, published: PublishedImages, settings: SkipSettings): Promise<Plan> {
  const unchanged = new Map<string, UnchangedEntry>();
  const rebuilt = new Map<string, PlanEntry>();
  // Parents first: a parent's decision is known before its children's.
  for (const entry of plan.entries) {
    const decision = await rebuildReasons(entry, rebuilt, unchanged, published, settings);
    if ('verified' in decision) unchanged.set(entry.id, unchangedEntry(entry, decision.verified, settings));
    else rebuilt.set(entry.id, { ...entry, rebuild: decision });
  }
  const entries = orderByStage(
    [...rebuilt.values()].map((entry) => {
      // A parent that is not rebuilt is built on at the digest that was verified.
      const kept = entry.parents.filter((p) => !unchanged.has(p.entry));
      const moved = entry.parents.flatMap((p) => {
        const parent = unchanged.get(p.entry);
        return parent === undefined ? [] : [{ reference: p.reference, image: parent.image }];
      });
      return moved.length === 0 ? entry : { ...entry, parents: kept, publishedParents: [...entry.publishedParents, ...moved] };
    }),
  );
  return {
    ...plan,
    entries,
    stages: planStages(entries, { ...settings, batch: plan.batch }),
    unchanged: plan.entries.flatMap((e) => {
      const done = unchanged.get(e.id);
      return done === undefined ? [] : [done];
    }),
  };
}

/** A published image found unchanged: the digest verified, and when its SBOM says it was built (not for an import). */
interface Verified {
  image: string;
  builtAt?: string;
}

/** Why an entry must be rebuilt (at least one reason), or what was verified (the image, then its twin) when nothing says so. */
async function rebuildReasons(
  entry: PlanEntry,
  rebuilt: ReadonlyMap<string, PlanEntry>,
  unchanged: ReadonlyMap<string, UnchangedEntry>,
  published: PublishedImages,
  settings: SkipSettings,
): Promise<string[] | { verified: Verified[] }> {
  if (settings.force) return ['forced (force: true)'];
  if (entry.platform !== undefined) return ['one job per platform: only whole images are checked for changes'];
  const parents = entry.parents.filter((p) => rebuilt.has(p.entry)).map((p) => `its parent ${p.entry} is rebuilt`);
  if (parents.length > 0) return parents;
  const unresolved = entry.bases
    .filter((b) => b.image === undefined)
    .map((b) => `base image ${b.reference} was not resolved: ${b.unresolved}`);
  if (unresolved.length > 0) return unresolved;
  const images = [{ repository: entry.repository, tags: entry.tags }];
  if (entry.debug) images.push({ repository: entry.debug.repository, tags: entry.debug.tags });
  const verified: Verified[] = [];
  for (const image of images) {
    const found = await publishedDigest(image.tags, published);
    if (typeof found === 'string') return [found];
    const reasons = entry.import !== undefined ? importReasons(entry) : labelReasons(entry, found, unchanged);
    if (reasons.length > 0) return reasons;
    const ref = `${image.repository}@${found.digest}`;
    try {
      await published.verify(ref);
    } catch (error: unknown) {
      return [`${ref} does not verify: ${error instanceof Error ? error.message : String(error)}`];
    }
    const rescan = await published.lastRescan(ref);
    const fixable = rescan === undefined ? [] : fixableFindings(rescan, settings.severity);
    if (fixable.length > 0) {
      return [
        `the last rescan (${rescan?.scannedAt}) found ${fixable.length} fixable finding(s) at or above ${settings.severity}: ${fixable.slice(0, 5).join(', ')}${fixable.length > 5 ? ', ...' : ''}`,
      ];
    }
    // An import is a copy of its upstream digest: nothing inside it changes with time.
    if (entry.import !== undefined) {
      verified.push({ image: ref });
      continue;
    }
    const built = await published.builtAt(ref);
    if (built === undefined || Number.isNaN(Date.parse(built))) return [`the attested SBOM of ${ref} does not say when it was built`];
    const days = ageDays(built, settings.now);
    if (days > entry.maxAge) return [`built ${days.toFixed(1)} days ago (${built}), older than max-age ${entry.maxAge} days`];
    verified.push({ image: ref, builtAt: built });
  }
  return { verified };
}

function ageDays(builtAt: string, now: Date): number {
  return (now.getTime() - Date.parse(builtAt)) / DAY_MS;
}

/** The record of an entry rebuildReasons found unchanged, from what it verified (the image, then its twin). */
function unchangedEntry(entry: PlanEntry, verified: readonly Verified[], settings: SkipSettings): UnchangedEntry {
  const [main, twin] = verified;
  if (main === undefined) throw new Error(`${entry.id} was found unchanged with nothing verified`);
  const age = main.builtAt !== undefined ? `, built ${ageDays(main.builtAt, settings.now).toFixed(1)} days ago` : '';
  const what = entry.import !== undefined ? `still ${entry.import.upstream} at ${entry.import.digest}` : `build id ${entry.buildId}`;
  const record: UnchangedEntry = {
    id: entry.id,
    application: entry.application,
    owner: entry.owner,
    repository: entry.repository,
    tags: [...entry.tags],
    image: main.image,
    reason: `unchanged: ${what}; signature and SBOM attestation verified${age}`,
  };
  if (entry.debug && twin !== undefined)
    record.debug = { repository: entry.debug.repository, tags: [...entry.debug.tags], image: twin.image };
  return record;
}

/** The one digest all the tags name, or why there is none. */
async function publishedDigest(tags: readonly string[], published: PublishedImages): Promise<TaggedImage | string> {
  let first: { tag: string; image: TaggedImage } | undefined;
  for (const tag of tags) {
    const image = await published.tagged(tag);
    if (image === undefined) return `${tag} is not published`;
    if (first !== undefined && first.image.digest !== image.digest) {
      return `its tags name different digests (${first.tag} ${first.image.digest}, ${tag} ${image.digest})`;
    }
    first ??= { tag, image };
  }
  if (first === undefined) return 'it plans no tag';
  return first.image;
}

function importReasons(entry: PlanEntry): string[] {
  const planned = entry.import;
  if (planned === undefined || planned.published === planned.digest) return [];
  return [`upstream ${planned.upstream} moved to ${planned.digest}`];
}

/** What the published image's labels say against the plan: the build id, and what each FROM was built on. */
function labelReasons(entry: PlanEntry, image: TaggedImage, unchanged: ReadonlyMap<string, UnchangedEntry>): string[] {
  if (image.platforms.length === 0) return [`${entry.repository}@${image.digest} holds no image`];
  for (const labels of image.platforms) {
    const bases = parseBases(labels[BASES_LABEL]);
    const expected = new Map<string, string>();
    for (const base of entry.bases) if (base.image !== undefined) expected.set(base.reference, base.image);
    for (const parent of entry.parents) {
      const done = unchanged.get(parent.entry);
      if (done !== undefined) expected.set(parent.reference, done.image);
    }
    const moved = [...expected]
      .filter(([reference, pinned]) => bases?.[reference] !== pinned)
      .map(([reference, pinned]) =>
        bases?.[reference] === undefined
          ? `it records no digest for FROM ${reference} (now ${pinned})`
          : `FROM ${reference} moved from ${bases[reference]} to ${pinned}`,
      );
    if (moved.length > 0) return moved;
    if (labels[BUILD_ID_LABEL] === entry.buildId) continue;
    if (labels[SOURCE_ID_LABEL] !== entry.sourceId) return [`its sources or build inputs changed (build id ${entry.buildId})`];
    return [`it was built with build id ${labels[BUILD_ID_LABEL] ?? 'none'}, the plan's is ${entry.buildId}`];
  }
  return [];
}

function parseBases(text: string | undefined): Record<string, string> | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, string>) : undefined;
  } catch {
    return undefined;
  }
}

/** The last rescan's findings with a fixed version, at or above the gate, not covered by an ignore entry: `CVE-1 (pkg 1.0 -> 1.1)`. */
export function fixableFindings(rescan: LastRescan, severity: Severity): string[] {
  const ignored = new Set(rescan.ignored.map((i) => i.key));
  return rescan.findings
    .filter((f) => isFixable(f) && isSeverity(f.severity) && atLeast(f.severity, severity) && !ignored.has(findingKey(f)))
    .map((f) => `${f.id} (${f.pkg} ${f.installedVersion} -> ${f.fixedVersion})`);
}
