import { formatProblem, isUserError } from '../errors/index.js';
import type { Logger } from '../logging/index.js';
import { formatReference, parseReference } from '../oci/index.js';
import type { PlanEntry } from '../plan/entry.js';
import type { GateEvidence } from '../publish/index.js';
import type { ChainSteps, Gate } from './steps.js';

/**
 * Where one image ended:
 * - `published`: every gate passed and its tags point at its digest;
 * - `passed`: every gate passed, but publishing was off (a pull request);
 * - `stopped`: a gate stopped it (`stoppedAt`, `reason`); it got no tag.
 */
export type ImageStatus = 'published' | 'passed' | 'stopped';

export interface ImageOutcome {
  id: string;
  application: string;
  repository: string;
  /** The tags the plan computed for it. */
  plannedTags: string[];
  status: ImageStatus;
  /** The digest the build pushed, `registry/repository@sha256:...`. */
  image?: string;
  /** Gates it got through, in order. */
  passed: Gate[];
  stoppedAt?: Gate;
  reason?: string;
  scanVerdict?: 'pass' | 'fail';
  /** What the scan said, even when it passed. */
  scanReason?: string;
  /** The scan's SARIF file, on the machine that scanned. */
  sarif?: string;
  /** false when the digest already carried a verified signature by the same signer. */
  newSignature?: boolean;
  verifyCommand?: string;
  /** Tags now pointing at the digest, each read back. */
  published: string[];
}

export interface ChainOptions {
  /** Sign and attest what passed the scan; without it nothing can be published. */
  sign: boolean;
  /** Put the public tags on digests that passed every gate. */
  publish: boolean;
  /** Outcomes from earlier jobs of the same run: where parents built in another job ended. */
  previous?: readonly ImageOutcome[];
  log: Logger;
}

export interface ChainReport {
  outcomes: ImageOutcome[];
}

/**
 * Runs build -> lock-down -> scan -> sign -> publish for every entry, parents
 * before children. An image stops at the first gate it fails and is never
 * tagged; a child whose parent stopped is not built, and a child is built on
 * the exact digest its parent passed with. The debug twin of an entry is a
 * chain item of its own, run after the entry and only when the entry passed.
 */
export async function runChain(entries: readonly PlanEntry[], steps: ChainSteps, options: ChainOptions): Promise<ChainReport> {
  const outcomes: ImageOutcome[] = [];
  const byId = new Map<string, ImageOutcome>((options.previous ?? []).map((o) => [o.id, o]));
  for (const item of chainItems(entries)) {
    const outcome = await options.log.group(item.entry.id, () => runOne(item, byId, steps, options));
    byId.set(item.entry.id, outcome);
    outcomes.push(outcome);
  }
  return { outcomes };
}

interface ChainItem {
  entry: PlanEntry;
  /** Entry ids that must have passed before this one is built. */
  after: string[];
}

/** Entries by stage (stable), each followed by its debug twin. */
export function chainItems(entries: readonly PlanEntry[]): ChainItem[] {
  const ordered = [...entries].sort((a, b) => a.stage - b.stage);
  const items: ChainItem[] = [];
  for (const entry of ordered) {
    items.push({ entry, after: entry.parents.map((p) => p.entry) });
    const twin = debugTwin(entry);
    if (twin) items.push({ entry: twin, after: [entry.id, ...entry.parents.map((p) => p.entry)] });
  }
  return items;
}

/**
 * The debug twin as an entry of its own: the same Dockerfile, inputs and
 * parents, another stage, its own repository and tags. It carries a shell on
 * purpose, so it is `layered`: the lock-down checks are for the shipped image.
 */
export function debugTwin(entry: PlanEntry): PlanEntry | undefined {
  if (!entry.debug) return undefined;
  const { debug, ...rest } = entry;
  return {
    ...rest,
    id: `${entry.id}-debug`,
    application: `${entry.application}-debug`,
    target: debug.target,
    repository: debug.repository,
    tags: [...debug.tags],
    mode: 'layered',
    requires: [],
  };
}

async function runOne(item: ChainItem, done: Map<string, ImageOutcome>, steps: ChainSteps, options: ChainOptions): Promise<ImageOutcome> {
  const { entry } = item;
  const outcome: ImageOutcome = {
    id: entry.id,
    application: entry.application,
    repository: entry.repository,
    plannedTags: [...entry.tags],
    status: 'stopped',
    passed: [],
    published: [],
  };
  const stop = (gate: Gate, reason: string): ImageOutcome => {
    outcome.stoppedAt = gate;
    outcome.reason = reason;
    options.log.error(`${entry.id}: stopped at ${gate}: ${reason}`);
    return outcome;
  };
  const attempt = async <T>(gate: Gate, step: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> => {
    try {
      return { ok: true, value: await step() };
    } catch (error: unknown) {
      stop(gate, describeFailure(error));
      return { ok: false };
    }
  };

  const blocked = blockingParent(item, done);
  if (blocked) return stop('parent', `${blocked.id} stopped at ${blocked.stoppedAt ?? 'an earlier gate'}, so this image was not built`);
  const contexts = buildContexts(entry, done);

  const built = await attempt('build', () => steps.build(entry, contexts));
  if (!built.ok) return outcome;
  outcome.image = built.value.image;
  outcome.passed.push('build');
  if (built.value.lockDownProblems.length > 0) return stop('lock-down', built.value.lockDownProblems.join('; '));
  outcome.passed.push('lock-down');

  const scanned = await attempt('scan', () => steps.scan(entry, built.value.image));
  if (!scanned.ok) return outcome;
  outcome.scanVerdict = scanned.value.verdict;
  outcome.scanReason = scanned.value.reason;
  if (scanned.value.sarif !== undefined) outcome.sarif = scanned.value.sarif;
  if (scanned.value.verdict !== 'pass') return stop('scan', scanned.value.reason);
  outcome.passed.push('scan');
  if (!options.sign) return passedUnpublished(outcome, options, 'signing is off');

  const signed = await attempt('sign', () => steps.sign(entry, built.value.image, scanned.value.sbom));
  if (!signed.ok) return outcome;
  outcome.newSignature = signed.value.signed;
  outcome.verifyCommand = signed.value.verifyCommand;
  if (!signed.value.verified) return stop('sign', `the signature of ${signed.value.image} did not verify`);
  outcome.passed.push('sign');

  if (!options.publish) return passedUnpublished(outcome, options, 'publishing is off');
  const evidence: GateEvidence = {
    built: built.value.image,
    scan: { image: scanned.value.image, verdict: scanned.value.verdict },
    signature: { image: signed.value.image, verified: signed.value.verified },
  };
  const published = await attempt('publish', () => steps.publish(entry, { image: built.value.image, tags: entry.tags }, evidence));
  if (!published.ok) return outcome;
  outcome.published = published.value;
  outcome.passed.push('publish');
  outcome.status = 'published';
  return outcome;
}

function passedUnpublished(outcome: ImageOutcome, options: ChainOptions, why: string): ImageOutcome {
  outcome.status = 'passed';
  options.log.info(`${outcome.id}: every gate it ran passed; not published (${why})`);
  return outcome;
}

/**
 * The first prerequisite of this run that did not get through. A parent that
 * is not in this run (a pull request that changed only the child) blocks
 * nothing: the child builds on the parent's published tag, as written.
 */
function blockingParent(item: ChainItem, done: ReadonlyMap<string, ImageOutcome>): ImageOutcome | undefined {
  return item.after.map((id) => done.get(id)).find((o) => o !== undefined && o.status === 'stopped');
}

/**
 * Each catalog parent's FROM reference, pointed at the digest that parent
 * passed with in this run. A parent not in this run (a pull request that
 * changed only the child) is its published tag; when the plan publishes to
 * another registry than the catalog names (a mirror, the lab), that tag lives
 * there, so the reference is pointed at the same path in the entry's registry.
 */
export function buildContexts(entry: PlanEntry, done: ReadonlyMap<string, ImageOutcome>): Record<string, string> {
  const contexts: Record<string, string> = {};
  const registry = parseReference(entry.repository, 'repository').registry;
  for (const parent of entry.parents) {
    const image = done.get(parent.entry)?.image;
    if (image !== undefined) {
      contexts[parent.reference] = `docker-image://${image}`;
      continue;
    }
    const written = parseReference(parent.reference, 'FROM reference');
    if (written.registry !== registry) contexts[parent.reference] = `docker-image://${formatReference({ ...written, registry })}`;
  }
  return contexts;
}

/** One readable line or a few: the user's problems with their hints, or the tool's message. */
export function describeFailure(error: unknown): string {
  if (isUserError(error)) return error.problems.map(formatProblem).join('; ');
  if (error instanceof Error) return error.message;
  return String(error);
}
