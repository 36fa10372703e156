import { parseJson, UserError } from '../errors/index.js';
import type { PlanEntry } from './entry.js';

/** A group of entries one matrix can hold: at most the job limit, and small enough for a job output. */
export interface PlanShard {
  stage: number;
  shard: number;
  /** Entry ids, in build order. */
  ids: string[];
}

/** The whole plan, as matrix-expand writes it to the plan file. */
export interface Plan {
  /** Bumped when the shape changes incompatibly. */
  schema: 1;
  catalog: string;
  commit: string;
  tagTemplate: string;
  /** Images per matrix leg (`batch`): the shards hold at most 256 legs of this many entries. */
  batch: number;
  /** Entries by stage (parents first), then in catalog order. */
  entries: PlanEntry[];
  /** Ordered stages, each split into shards. */
  stages: Array<{ stage: number; shards: PlanShard[] }>;
  /**
   * Entries already published with their build id, verified: not built
   * (skipUnchanged). Empty unless the plan was asked to skip them.
   */
  unchanged: UnchangedEntry[];
  /** Catalog entries left out by the filters or because a pull request does not affect them. */
  skipped: string[];
  /**
   * Imports whose upstream tag could not be read: not planned; what was
   * published before stays, and builds FROM them use that copy.
   */
  unavailable: UnavailableImport[];
  /** Deprecated images past their remove-after date: not built any more; retention removes their versions. */
  retired: Array<{ application: string; reason: string; removeAfter: string }>;
}

/** An entry the plan does not build: its published digest is what this plan would build, verified. */
export interface UnchangedEntry {
  id: string;
  application: string;
  owner: string;
  repository: string;
  tags: string[];
  /** `registry/repository@sha256:...`: the digest every tag names, whose signature and SBOM attestation verified. */
  image: string;
  /** The debug twin's, when the entry has one: verified the same way. */
  debug?: { repository: string; tags: string[]; image: string };
  /** What was checked, for the summary: the build id, the signer, the age. */
  reason: string;
}

export interface UnavailableImport {
  id: string;
  upstream: string;
  /** Why it could not be read (no such tag, the registry did not answer). */
  reason: string;
  /** The copy published before, `<repository>@sha256:...`, when there is one. */
  published?: string;
}

/** A plan file as matrix-expand wrote it, checked for the shape its readers rely on; `source` names it in errors. */
export function parsePlan(text: string, source: string): Plan {
  const value = parseJson(text, (reason) => {
    throw new UserError({
      message: `${source} is not a plan: ${reason}.`,
      hint: "Pass the file matrix-expand wrote (its 'plan-file' output).",
    });
  });
  const plan = value as Partial<Plan> | null;
  if (plan === null || typeof plan !== 'object' || plan.schema !== 1 || !Array.isArray(plan.entries) || !Array.isArray(plan.stages)) {
    throw new UserError({
      message: `${source} is not a plan of this version of the actions (needs schema 1, entries and stages).`,
      hint: "Pass the file matrix-expand wrote (its 'plan-file' output), from the same release of the actions.",
    });
  }
  if (plan.batch !== undefined && !(Number.isInteger(plan.batch) && plan.batch >= 1)) {
    throw new UserError({
      message: `${source} has batch ${JSON.stringify(plan.batch)}; a plan's batch is a whole number of images per leg, 1 or more.`,
      hint: "Pass the file matrix-expand wrote (its 'plan-file' output), unchanged.",
    });
  }
  return { ...plan, batch: plan.batch ?? 1 } as Plan;
}
