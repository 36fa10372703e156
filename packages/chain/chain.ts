import { debugApplication } from '../catalog/model.js';
import { PROVENANCE_PREDICATE } from '../cosign/index.js';
import { formatProblem, isUserError, UserError } from '../errors/index.js';
import { type TestRun, testFailureReason, testSummaryLine } from '../image-tests/index.js';
import type { Logger } from '../logging/index.js';
import type { PlanEntry } from '../plan/entry.js';
import type { UnchangedEntry } from '../plan/plan.js';
import type { GateEvidence } from '../publish/index.js';
import type { ScanStatus } from '../trivy/index.js';
import { type ChainSteps, type Gate, PHASE_GATES, PHASES, type Phase } from './steps.js';

/**
 * Where one image ended:
 * - `published`: every gate passed and its tags point at its digest;
 * - `passed`: every gate passed, but publishing was off (a pull request);
 * - `stopped`: a gate stopped it (`stoppedAt`, `reason`); it got no tag.
 */
/** `unchanged`: not built; its published digest carries the plan's build id, verified (skipUnchanged). */
export type ImageStatus = 'published' | 'passed' | 'stopped' | 'unchanged';

export interface ImageOutcome {
  id: string;
  application: string;
  repository: string;
  /** Who answers for it, as the catalog names them (joined with `, `). */
  owner?: string;
  /** The tags the plan computed for it. */
  plannedTags: string[];
  status: ImageStatus;
  /** The last phase that worked on it: a later job's record supersedes an earlier one's. */
  phase: Phase;
  /** The digest the build pushed, `registry/repository@sha256:...`. */
  image?: string;
  /**
   * An import: the upstream tag, the digest it named this run, and the digest
   * published before when that was another (upstream moved). A stopped
   * import leaves `previous` published.
   */
  upstream?: { reference: string; digest: string; previous?: string };
  /** Gates it got through, in order. */
  passed: Gate[];
  stoppedAt?: Gate;
  reason?: string;
  /** What the image's tests did, per test and platform; absent when it declares none (or they did not run). */
  tests?: { verdict: 'pass' | 'fail'; summary: string; runs: TestRun[] };
  scanVerdict?: ScanStatus;
  /** What the scan said, even when it passed. */
  scanReason?: string;
  /** Packages the image's own records list (every platform): its SBOM may not be empty. */
  recordedPackages?: number;
  /** The scan's job summary (markdown): what it saw of each platform, the DB's age, the findings. */
  scanSummary?: string;
  /** The scan's SARIF file, on the machine that scanned. */
  sarif?: string;
  /** The scan's CycloneDX SBOM, which signing attests (next to the record once written). */
  sbom?: string;
  /** false when the digest already carried a verified signature by the same signer. */
  newSignature?: boolean;
  verifyCommand?: string;
  /** PEM of the public key it was signed with (key signing): what the publish job verifies with. */
  publicKey?: string;
  /** What each gate said, for exactly which digest: what publishing reads. */
  evidence: GateEvidence;
  /** Tags now pointing at the digest, each read back. */
  published: string[];
  /** Why the plan built it, when it was asked to skip what is unchanged; for `unchanged`, what was verified. */
  rebuild?: string[];
}

export interface ChainOptions {
  /** Sign and attest what passed the scan; without it nothing can be published. */
  sign: boolean;
  /** Put the public tags on digests that passed every gate. */
  publish: boolean;
  /**
   * The phases this run does, consecutive, in order; all of them by default.
   * A run that starts after `build` continues each image from its record in
   * `previous`, and a record's evidence comes with it, except the signature,
   * which the publish phase verifies again itself.
   */
  phases?: readonly Phase[];
  /** Outcomes from earlier jobs of the same run: where parents (or earlier phases) left each image. */
  previous?: readonly ImageOutcome[];
  log: Logger;
}

export interface ChainReport {
  outcomes: ImageOutcome[];
}

/**
 * Runs build -> lock-down -> scan -> sign -> publish for every entry, parents
 * before children, or the phases of it that `options.phases` names. An image
 * stops at the first gate it fails and is never tagged; a child whose parent
 * did not get through is not built, and a child is built on the exact digest
 * its parent passed with. The debug twin of an entry is a chain item of its
 * own, run after the entry and only when the entry got through.
 *
 * The report holds the outcome of every item this run worked on; an image a
 * previous phase had already stopped is reported as that phase left it.
 */
export async function runChain(entries: readonly PlanEntry[], steps: ChainSteps, options: ChainOptions): Promise<ChainReport> {
  const last = lastPhase(options);
  const phases = phasesUpTo(checkedPhases(options.phases ?? PHASES), last);
  const outcomes: ImageOutcome[] = [];
  const done = new Map<string, ImageOutcome>((options.previous ?? []).map((o) => [o.id, o]));
  const thisRun = new Set<string>();
  const context: RunContext = { steps, options, phases, done, thisRun, last };
  for (const item of chainItems(entries)) {
    const outcome = await options.log.group(item.entry.id, () => runOne(item, context));
    done.set(item.entry.id, outcome);
    thisRun.add(item.entry.id);
    outcomes.push(outcome);
  }
  return { outcomes };
}

interface RunContext {
  steps: ChainSteps;
  options: ChainOptions;
  phases: readonly Phase[];
  done: Map<string, ImageOutcome>;
  /** Items this run worked on: their outcomes are as far as this run has got. */
  thisRun: Set<string>;
  /** The phase a fully processed image ends in: where a parent from an earlier job must have got to. */
  last: Phase;
}

function checkedPhases(phases: readonly Phase[]): readonly Phase[] {
  const first = phases[0];
  const consecutive = first !== undefined && phases.every((phase, i) => PHASES.indexOf(phase) === PHASES.indexOf(first) + i);
  if (!consecutive) throw new Error(`the chain's phases must be consecutive, in order: got ${phases.join(', ') || 'none'}`);
  return phases;
}

/** The phases up to the configuration's last one; none left is the caller's mistake. */
function phasesUpTo(phases: readonly Phase[], last: Phase): readonly Phase[] {
  const kept = phases.filter((phase) => PHASES.indexOf(phase) <= PHASES.indexOf(last));
  if (kept.length === 0) {
    throw new UserError({
      message: `the ${phases.join(', ')} phase has nothing to do: ${last === 'scan' ? 'signing is off' : 'publishing is off'}.`,
      hint: last === 'scan' ? `Set 'sign: true', or do not run this phase.` : `Set 'publish: true', or do not run this phase.`,
    });
  }
  return kept;
}

/** The last phase this configuration has: scan without signing, sign without publishing. */
export function lastPhase(options: Pick<ChainOptions, 'sign' | 'publish'>): Phase {
  if (!options.sign) return 'scan';
  return options.publish ? 'publish' : 'sign';
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

/** The id of an entry's debug twin, which the chain runs as an item of its own. */
export function debugTwinId(id: string): string {
  return `${id}-debug`;
}

/**
 * The debug twin as an entry of its own: the same Dockerfile, inputs and
 * parents, another stage, its own repository and tags. It carries a shell on
 * purpose, so it is `layered`: the lock-down checks are for the shipped image.
 */
export function debugTwin(entry: PlanEntry): PlanEntry | undefined {
  if (!entry.debug) return undefined;
  // The twin's tests and mirrors are its own (`<mirror>/<application>-debug`), not the entry's.
  const { debug, tests: _tests, mirrors: _entryMirrors, ...rest } = entry;
  return {
    ...rest,
    id: debugTwinId(entry.id),
    application: debugApplication(entry.application),
    target: debug.target,
    repository: debug.repository,
    tags: [...debug.tags],
    ...(debug.mirrors !== undefined ? { mirrors: debug.mirrors } : {}),
    mode: 'layered',
    requires: [],
    // Its own tests only: the twin starts a shell, not the application.
    ...(debug.tests ? { tests: debug.tests } : {}),
  };
}

function freshOutcome(entry: PlanEntry, phase: Phase): ImageOutcome {
  return {
    id: entry.id,
    application: entry.application,
    repository: entry.repository,
    owner: entry.owner,
    plannedTags: [...entry.tags],
    status: 'stopped',
    phase,
    passed: [],
    evidence: {},
    published: [],
    ...(entry.rebuild !== undefined ? { rebuild: [...entry.rebuild] } : {}),
  };
}

/**
 * The records of what the plan did not build (and their debug twins): each
 * `unchanged`, at the digest that was verified, its tags as they are, as if
 * published by the run's last phase, so the summary counts every image.
 */
export function unchangedOutcomes(unchanged: readonly UnchangedEntry[]): ImageOutcome[] {
  return unchanged.flatMap((u) => {
    const record = (id: string, application: string, repository: string, tags: string[], image: string): ImageOutcome => ({
      id,
      application,
      repository,
      owner: u.owner,
      plannedTags: [...tags],
      status: 'unchanged',
      phase: 'publish',
      image,
      passed: [],
      evidence: {},
      published: [...tags],
      rebuild: [u.reason],
    });
    const main = record(u.id, u.application, u.repository, u.tags, u.image);
    if (u.debug === undefined) return [main];
    return [main, record(debugTwinId(u.id), debugApplication(u.application), u.debug.repository, u.debug.tags, u.debug.image)];
  });
}

async function runOne(item: ChainItem, run: RunContext): Promise<ImageOutcome> {
  const { entry } = item;
  const { options } = run;
  const first = run.phases[0] ?? 'build';
  const stop = (outcome: ImageOutcome, gate: Gate, reason: string): ImageOutcome => {
    outcome.status = 'stopped';
    outcome.stoppedAt = gate;
    outcome.reason = reason;
    options.log.error(`${entry.id}: stopped at ${gate}: ${reason}`);
    return outcome;
  };

  let outcome: ImageOutcome;
  if (first === 'build') {
    outcome = freshOutcome(entry, 'build');
  } else {
    const earlier = run.done.get(entry.id);
    const before = PHASES[PHASES.indexOf(first) - 1] ?? 'build';
    const gate = PHASE_GATES[first][0] ?? 'build';
    if (earlier === undefined)
      return stop(freshOutcome(entry, first), gate, `no outcome record from the ${before} phase, so it was not ${pastTense(first)}`);
    // Stopped by an earlier phase: that record stays where it ended.
    if (earlier.status === 'stopped') return earlier;
    if (earlier.phase !== before) {
      return stop(
        cloneOutcome(earlier, first),
        gate,
        `its record is from the ${earlier.phase} phase; the ${first} phase continues only from the ${before} phase`,
      );
    }
    outcome = cloneOutcome(earlier, first);
    outcome.status = 'stopped';
  }

  const blocked = blockingParent(item, run, first === 'build');
  if (blocked) return stop(outcome, 'parent', `${blocked}, so this image ${first === 'build' ? 'was not built' : 'went no further'}`);

  for (const phase of run.phases) {
    outcome.phase = phase;
    const stopped = await PHASE_RUNNERS[phase](entry, outcome, { ...run, stop: (gate, reason) => stop(outcome, gate, reason) });
    if (stopped) return outcome;
  }
  const reached = outcome.phase;
  if (reached === 'publish' && outcome.passed.includes('publish')) {
    outcome.status = 'published';
    return outcome;
  }
  outcome.status = 'passed';
  const why =
    reached !== run.last
      ? `continues in the ${PHASES[PHASES.indexOf(reached) + 1] ?? 'next'} phase`
      : !options.sign
        ? 'signing is off'
        : 'publishing is off';
  options.log.info(`${outcome.id}: every gate it ran passed; not published (${why})`);
  return outcome;
}

function cloneOutcome(outcome: ImageOutcome, phase: Phase): ImageOutcome {
  return {
    ...outcome,
    phase,
    plannedTags: [...outcome.plannedTags],
    passed: [...outcome.passed],
    evidence: { ...outcome.evidence },
    published: [...outcome.published],
  };
}

function pastTense(phase: Phase): string {
  return { build: 'built', scan: 'scanned', sign: 'signed', publish: 'published' }[phase];
}

type PhaseRun = RunContext & { stop: (gate: Gate, reason: string) => void };

/** Each phase's gates; returns true when the image stopped. */
const PHASE_RUNNERS: Record<Phase, (entry: PlanEntry, outcome: ImageOutcome, run: PhaseRun) => Promise<boolean>> = {
  async build(entry, outcome, run) {
    const planned = entry.import;
    if (planned !== undefined) {
      outcome.upstream = {
        reference: planned.upstream,
        digest: planned.digest,
        ...(planned.published !== undefined && planned.published !== planned.digest ? { previous: planned.published } : {}),
      };
    }
    const built = await attempt(run, 'build', () => run.steps.build(entry, buildContexts(entry, run.done)));
    if (!built.ok) return true;
    if (planned !== undefined && !built.value.image.endsWith(`@${planned.digest}`)) {
      run.stop('build', `the import produced ${built.value.image}, not the upstream digest ${planned.digest} the plan resolved`);
      return true;
    }
    outcome.image = built.value.image;
    outcome.evidence.built = built.value.image;
    outcome.passed.push('build');
    const problems = built.value.lockDownProblems;
    if (concluded(run, outcome, 'lock-down', problems.length === 0, () => problems.join('; '))) return true;
    if (entry.tests === undefined || entry.tests.length === 0) return false;
    const tested = await attempt(run, 'test', () => run.steps.test(entry, built.value.image));
    if (!tested.ok) return true;
    const report = tested.value;
    outcome.tests = { verdict: report.verdict, summary: testSummaryLine(report), runs: report.runs };
    outcome.evidence.tests = { image: report.image, verdict: report.verdict, passed: report.passedTests };
    return concluded(run, outcome, 'test', report.verdict === 'pass', () => testFailureReason(report));
  },

  async scan(entry, outcome, run) {
    const image = requireImage(outcome, run, 'scan');
    if (image === undefined) return true;
    const scanned = await attempt(run, 'scan', () => run.steps.scan(entry, image));
    if (!scanned.ok) return true;
    outcome.scanVerdict = scanned.value.verdict;
    outcome.scanReason = scanned.value.reason;
    outcome.recordedPackages = scanned.value.recordedPackages;
    if (scanned.value.summary !== undefined) outcome.scanSummary = scanned.value.summary;
    outcome.evidence.scan = { image: scanned.value.image, verdict: scanned.value.verdict };
    if (scanned.value.sarif !== undefined) outcome.sarif = scanned.value.sarif;
    if (scanned.value.sbom !== undefined) outcome.sbom = scanned.value.sbom;
    const { verdict, reason } = scanned.value;
    return concluded(run, outcome, 'scan', verdict === 'pass', () => `${verdict}: ${reason}`);
  },

  async sign(entry, outcome, run) {
    const image = requireImage(outcome, run, 'sign');
    if (image === undefined) return true;
    if (outcome.evidence.scan?.verdict !== 'pass') {
      run.stop('sign', `its record has no passing scan of ${image}, so it was not signed`);
      return true;
    }
    const signed = await attempt(run, 'sign', () => run.steps.sign(entry, image, outcome.sbom, outcome.recordedPackages ?? 0));
    if (!signed.ok) return true;
    outcome.newSignature = signed.value.signed;
    outcome.verifyCommand = signed.value.verifyCommand;
    if (signed.value.publicKey !== undefined) outcome.publicKey = signed.value.publicKey;
    outcome.evidence.signature = { image: signed.value.image, verified: signed.value.verified };
    return concluded(run, outcome, 'sign', signed.value.verified, () => `the signature of ${signed.value.image} did not verify`);
  },

  async publish(entry, outcome, run) {
    const image = requireImage(outcome, run, 'publish');
    if (image === undefined) return true;
    // Signed in another job: the signature is checked again here, in the
    // registry, before anything is tagged; the record's word is not enough.
    if (!run.phases.includes('sign')) {
      delete outcome.evidence.signature;
      const check = {
        ...(outcome.publicKey !== undefined ? { publicKey: outcome.publicKey } : {}),
        attestations: signedAttestations(entry, outcome),
      };
      const verified = await attempt(run, 'publish', () => run.steps.verify(entry, image, check));
      if (!verified.ok) return true;
      outcome.evidence.signature = { image: verified.value.image, verified: verified.value.verified };
      if (!outcome.verifyCommand) outcome.verifyCommand = verified.value.verifyCommand;
    }
    const evidence: GateEvidence = outcome.evidence;
    const published = await attempt(run, 'publish', () =>
      run.steps.publish(
        entry,
        {
          image,
          tags: entry.tags,
          tests: declaredTests(entry),
          ...(entry.import !== undefined ? { upstreamDigest: entry.import.digest } : {}),
        },
        evidence,
      ),
    );
    if (!published.ok) return true;
    outcome.published = published.value;
    outcome.passed.push('publish');
    return false;
  },
};

/** What the sign job attests besides the signature: the scan's SBOM when there is one, and an import's provenance. */
export function signedAttestations(entry: PlanEntry, outcome: Pick<ImageOutcome, 'sbom'>): string[] {
  return [...(outcome.sbom !== undefined ? ['cyclonedx'] : []), ...(entry.import !== undefined ? [PROVENANCE_PREDICATE] : [])];
}

/** The tests publishing must see passed: the entry's, less the ones it skips. */
export function declaredTests(entry: PlanEntry): number {
  return (entry.tests ?? []).filter((t) => !('skip' in t)).length;
}

/** Closes a gate: the image stops there, for `reason`, unless it passed. True when it stopped. */
function concluded(run: PhaseRun, outcome: ImageOutcome, gate: Gate, passed: boolean, reason: () => string): boolean {
  if (!passed) {
    run.stop(gate, reason());
    return true;
  }
  outcome.passed.push(gate);
  return false;
}

function requireImage(outcome: ImageOutcome, run: PhaseRun, gate: Gate): string | undefined {
  if (outcome.image === undefined) run.stop(gate, 'its record names no built digest');
  return outcome.image;
}

async function attempt<T>(run: PhaseRun, gate: Gate, step: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> {
  try {
    return { ok: true, value: await step() };
  } catch (error: unknown) {
    run.stop(gate, describeFailure(error));
    return { ok: false };
  }
}

/**
 * Why this item may not go on, or undefined. A prerequisite this run worked
 * on blocks it when it stopped; one from an earlier job (a parent in an
 * earlier stage) also when it did not reach the run's last phase. To build,
 * every parent the plan builds must have left its record (its digest is what
 * the child is built on): building on the published parent instead would
 * check the child against what the change did not touch. A parent the plan
 * does not build at all is a published parent (entry.publishedParents) and
 * blocks nothing.
 */
function blockingParent(item: ChainItem, run: RunContext, building: boolean): string | undefined {
  for (const id of item.after) {
    const parent = run.done.get(id);
    if (parent === undefined) {
      if (building) return `${id} is built in this run but left no outcome record here, so there is no digest to build on`;
      continue;
    }
    if (parent.status === 'stopped') return `${id} stopped at ${parent.stoppedAt ?? 'an earlier gate'}`;
    if (!run.thisRun.has(id) && !PHASE_GATES[run.last].every((gate) => parent.passed.includes(gate))) {
      return `${id} got through ${parent.passed.join(', ') || 'no gate'} only`;
    }
  }
  return undefined;
}

/**
 * Each catalog parent's FROM reference and the image to build it on: for a
 * parent the plan builds, the digest it passed with in this run; for one the
 * plan does not build, its published image, read from where the plan
 * publishes (the build step resolves that tag to a digest).
 */
export function buildContexts(entry: PlanEntry, done: ReadonlyMap<string, ImageOutcome>): Record<string, string> {
  const contexts: Record<string, string> = {};
  for (const parent of entry.parents) {
    const image = done.get(parent.entry)?.image;
    if (image !== undefined) contexts[parent.reference] = image;
  }
  for (const parent of entry.publishedParents) contexts[parent.reference] = parent.image;
  return contexts;
}

/** One readable line or a few: the user's problems with their hints, or the tool's message. */
export function describeFailure(error: unknown): string {
  if (isUserError(error)) return error.problems.map(formatProblem).join('; ');
  if (error instanceof Error) return error.message;
  return String(error);
}
