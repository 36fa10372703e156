import { UserError } from '../errors/index.js';
import { canonicalJson } from './canonical-json.js';
import type { PlanEntry } from './entry.js';
import type { PlanShard } from './plan.js';

/** GitHub runs at most 256 jobs from one matrix. */
export const MAX_MATRIX_JOBS = 256;
/**
 * A job's outputs may total about 1 MB; a shard's matrix must fit in one
 * output with room for the others.
 */
export const MAX_MATRIX_BYTES = 900_000;

export interface ShardLimits {
  /** Matrix legs per shard: GitHub's 256 at most. */
  maxJobs: number;
  maxBytes: number;
  /** Images per leg (`batch`); 1, the default, is one leg per image. */
  batch?: number;
}

/**
 * One leg of a batched matrix: consecutive entries of one stage that one job
 * runs. Its id names its first and last entry (`first..last`), so it is
 * unique in the plan and says what the job holds.
 */
export interface BatchLeg {
  id: string;
  entries: PlanEntry[];
}

/** What a matrix leg is: one entry (batch 1), or a batch of them. */
export type MatrixLeg = PlanEntry | BatchLeg;

/** The id of a batch leg from its first and last entries. */
export function batchLegId(first: string, last: string): string {
  return first === last ? first : `${first}..${last}`;
}

/**
 * A matrix's entries as its legs: with batch 1 each entry is a leg of its
 * own, exactly as before batching; otherwise `batch` consecutive entries per
 * leg, a leg never holding two stages (a child is built after its parent's
 * stage, by another job).
 */
export function matrixLegs(entries: readonly PlanEntry[], batch = 1): MatrixLeg[] {
  if (batch <= 1) return [...entries];
  const legs: BatchLeg[] = [];
  let open: PlanEntry[] = [];
  const close = () => {
    const [first] = open;
    const last = open[open.length - 1];
    if (first !== undefined && last !== undefined) legs.push({ id: batchLegId(first.id, last.id), entries: open });
    open = [];
  };
  for (const entry of entries) {
    if (open.length >= batch || (open[0] !== undefined && open[0].stage !== entry.stage)) close();
    open.push(entry);
  }
  close();
  return legs;
}

/** The `{"include": [...]}` matrix of some entries, in legs of `batch`, exactly as it is written to the output. */
export function matrixJson(entries: readonly PlanEntry[], batch = 1): string {
  return canonicalJson({ include: matrixLegs(entries, batch) });
}

/** The bytes a batch leg takes in the matrix: `{"entries":[...],"id":"first..last"}`. */
function batchLegBytes(first: string, last: string, entryBytes: number, count: number): number {
  return '{"entries":['.length + entryBytes + (count - 1) + '],"id":'.length + JSON.stringify(batchLegId(first, last)).length + 1;
}

/**
 * Splits one stage's entries, in order, into shards within both limits: at
 * most `maxJobs` legs (of `batch` entries each) and `maxBytes` of matrix. Never
 * drops an entry: one too large for any shard is an error.
 */
export function splitStage(stage: number, entries: readonly PlanEntry[], limits: ShardLimits): PlanShard[] {
  const batch = Math.max(1, limits.batch ?? 1);
  // `{"include":[` + `]}`.
  const frame = 14;
  const shards: PlanShard[] = [];
  let ids: string[] = [];
  // The shard's closed legs with the commas between them, and its open (last) leg.
  let closedBytes = 0;
  let legs = 0;
  let open = { first: '', entryBytes: 0, count: 0 };
  const legBytes = (leg: typeof open, last: string) =>
    batch === 1 ? leg.entryBytes : batchLegBytes(leg.first, last, leg.entryBytes, leg.count);
  for (const entry of entries) {
    const size = Buffer.byteLength(canonicalJson(entry));
    if ((batch === 1 ? size : batchLegBytes(entry.id, entry.id, size, 1)) + frame > limits.maxBytes) {
      throw new UserError({
        message: `plan entry '${entry.id}' alone takes ${size} bytes of matrix, more than the ${limits.maxBytes} a job output can hold.`,
        hint: 'Shorten its build arguments or labels.',
      });
    }
    const last = ids[ids.length - 1] ?? '';
    const joins = open.count > 0 && open.count < batch;
    const next = joins
      ? { first: open.first, entryBytes: open.entryBytes + size, count: open.count + 1 }
      : { first: entry.id, entryBytes: size, count: 1 };
    const closed = joins || open.count === 0 ? closedBytes : closedBytes + legBytes(open, last) + 1;
    const grown = frame + closed + legBytes(next, entry.id);
    if (ids.length > 0 && ((!joins && legs >= limits.maxJobs) || grown > limits.maxBytes)) {
      shards.push({ stage, shard: shards.length, ids });
      ids = [entry.id];
      closedBytes = 0;
      legs = 1;
      open = { first: entry.id, entryBytes: size, count: 1 };
      continue;
    }
    if (!joins) legs += 1;
    closedBytes = closed;
    open = next;
    ids.push(entry.id);
  }
  if (ids.length > 0) shards.push({ stage, shard: shards.length, ids });
  return shards;
}

/**
 * The entries of one matrix (`matrixJson` puts them in legs of `batch`): the
 * whole plan, one stage, or one shard of a stage. The whole plan (all stages, entries carrying their stage and
 * parents) or a whole stage is given only when it fits in one matrix; a
 * selection that does not fit is refused, never cut short.
 */
export function selectMatrix(
  plan: { entries: readonly PlanEntry[]; stages: ReadonlyArray<{ stage: number; shards: readonly PlanShard[] }> },
  selection: { stage?: number; shard?: number },
  limits: ShardLimits = { maxJobs: MAX_MATRIX_JOBS, maxBytes: MAX_MATRIX_BYTES },
): PlanEntry[] {
  const byId = new Map(plan.entries.map((e) => [e.id, e]));
  const pick = (shards: readonly PlanShard[]) => shards.flatMap((s) => s.ids.map((id) => byId.get(id)).filter((e) => e !== undefined));
  const fits = (entries: readonly PlanEntry[]) =>
    matrixLegs(entries, limits.batch).length <= limits.maxJobs && Buffer.byteLength(matrixJson(entries, limits.batch)) <= limits.maxBytes;
  if (selection.stage === undefined) {
    if (selection.shard !== undefined) throw new UserError({ message: "input 'shard' is set without 'stage'.", hint: "Set 'stage' too." });
    const shards = plan.stages.flatMap((s) => s.shards);
    const all = pick(shards);
    if (!fits(all)) {
      throw new UserError({
        message: `the plan holds ${plan.entries.length} entries in ${shards.length} shards over ${plan.stages.length} stages, more than one matrix can hold.`,
        hint: "Fan out over the 'shards' output and run matrix-expand again in each job with 'stage' and 'shard' set.",
      });
    }
    return all;
  }
  const stage = plan.stages.find((s) => s.stage === selection.stage);
  if (stage === undefined) return [];
  if (selection.shard !== undefined) {
    const shard = stage.shards.find((s) => s.shard === selection.shard);
    return shard === undefined ? [] : pick([shard]);
  }
  if (stage.shards.length > 1) {
    throw new UserError({
      message: `stage ${selection.stage} holds ${stage.shards.reduce((n, s) => n + s.ids.length, 0)} entries in ${stage.shards.length} shards, more than one matrix can hold.`,
      hint: "Fan out over the 'shards' output and set 'shard' too.",
    });
  }
  return pick(stage.shards);
}
