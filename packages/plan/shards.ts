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
  maxJobs: number;
  maxBytes: number;
}

/** The `{"include": [...]}` matrix of some entries, exactly as it is written to the output. */
export function matrixJson(entries: readonly PlanEntry[]): string {
  return canonicalJson({ include: entries });
}

/**
 * Splits one stage's entries, in order, into shards within both limits. Never
 * drops an entry: one too large for any shard is an error.
 */
export function splitStage(stage: number, entries: readonly PlanEntry[], limits: ShardLimits): PlanShard[] {
  const shards: PlanShard[] = [];
  let ids: string[] = [];
  // `{"include":[` + `]}` and one comma per entry after the first.
  const frame = 14;
  let bytes = frame;
  for (const entry of entries) {
    const size = Buffer.byteLength(canonicalJson(entry));
    if (size + frame > limits.maxBytes) {
      throw new UserError({
        message: `plan entry '${entry.id}' alone takes ${size} bytes of matrix, more than the ${limits.maxBytes} a job output can hold.`,
        hint: 'Shorten its build arguments or labels.',
      });
    }
    const grown = bytes + size + (ids.length > 0 ? 1 : 0);
    if (ids.length > 0 && (ids.length >= limits.maxJobs || grown > limits.maxBytes)) {
      shards.push({ stage, shard: shards.length, ids });
      ids = [];
      bytes = frame;
    }
    bytes += size + (ids.length > 0 ? 1 : 0);
    ids.push(entry.id);
  }
  if (ids.length > 0) shards.push({ stage, shard: shards.length, ids });
  return shards;
}

/**
 * The entries of one matrix: the whole plan, one stage, or one shard of a
 * stage. The whole plan (all stages, entries carrying their stage and
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
    entries.length <= limits.maxJobs && Buffer.byteLength(matrixJson(entries)) <= limits.maxBytes;
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
