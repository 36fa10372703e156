import { parseJson, UserError } from '../errors/index.js';
import type { PlanEntry } from '../plan/entry.js';

/**
 * A plan entry passed as JSON (a matrix leg of matrix-expand, `toJSON(matrix)`).
 * Checked for the fields the chain relies on, so a hand-written or truncated
 * entry fails here, naming the input, rather than deep inside buildx.
 */
export function parseEntry(text: string, input: string): PlanEntry {
  return checkedEntry(parsedInput(text, input), `input '${input}'`);
}

/**
 * A matrix leg passed as JSON: one plan entry, or with matrix-expand's
 * `batch` a batch of them (`{"id", "entries": [...]}`), every entry checked
 * as `parseEntry` checks one. A batch holds entries of one stage only, so
 * none of them is built on another.
 */
export function parseMatrixLeg(text: string, input: string): PlanEntry[] {
  const value = parsedInput(text, input);
  const leg = value as { id?: unknown; entries?: unknown } | null;
  if (leg === null || typeof leg !== 'object' || !('entries' in leg)) return [checkedEntry(value, `input '${input}'`)];
  if (typeof leg.id !== 'string' || !ENTRY_ID.test(leg.id) || !Array.isArray(leg.entries) || leg.entries.length === 0) {
    throw new UserError({
      message: `input '${input}' is not a batch of plan entries: it needs an 'id' and a non-empty 'entries' list.`,
      hint: `Pass one leg of matrix-expand's matrix unchanged ('\${{ toJSON(matrix) }}' in a matrix job).`,
    });
  }
  const entries = leg.entries.map((e: unknown, i: number) => checkedEntry(e, `input '${input}', entry ${i + 1} of batch ${leg.id}`));
  const stages = [...new Set(entries.map((e) => e.stage))];
  const ids = new Set(entries.map((e) => e.id));
  if (stages.length > 1 || ids.size < entries.length) {
    throw new UserError({
      message: `input '${input}' is batch ${leg.id}, whose entries ${stages.length > 1 ? `are of stages ${stages.join(', ')}` : 'repeat an id'}; a batch holds distinct entries of one stage.`,
      hint: `Pass one leg of matrix-expand's matrix unchanged.`,
    });
  }
  return entries;
}

function parsedInput(text: string, input: string): unknown {
  return parseJson(text, (reason) => {
    throw new UserError({
      message: `input '${input}' is not JSON: ${reason}.`,
      hint: `Pass one entry of matrix-expand's matrix, for example '\${{ toJSON(matrix) }}' in a matrix job.`,
    });
  });
}

function checkedEntry(value: unknown, what: string): PlanEntry {
  const entry = value as Record<string, unknown> | null;
  const missing = REQUIRED.filter(([name, check]) => entry === null || typeof entry !== 'object' || !check(entry[name], entry)).map(
    ([name]) => name,
  );
  if (missing.length > 0) {
    throw new UserError({
      message: `${what} is not a plan entry: ${missing.map((m) => `'${m}'`).join(', ')} missing or of the wrong type.`,
      hint: `Pass one entry of matrix-expand's matrix unchanged, or select the image with 'catalog', 'image', 'version' and 'variant'.`,
    });
  }
  // Entry ids name record files and artifacts: one path component, nothing a shell or a path could read otherwise.
  const plan = value as PlanEntry;
  const badIds = [plan.id, ...plan.parents.map((p) => (p as { entry?: unknown }).entry)].filter(
    (id) => typeof id !== 'string' || !ENTRY_ID.test(id),
  );
  if (badIds.length > 0) {
    throw new UserError({
      message: `${what} names the entry ${badIds.map((id) => JSON.stringify(id)).join(', ')}, which is not a plan entry id.`,
      hint: 'Entry ids are letters, digits and . _ - (matrix-expand makes them from the catalog); pass its matrix unchanged.',
    });
  }
  return plan;
}

const ENTRY_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

const isString = (v: unknown) => typeof v === 'string' && v !== '';
const isStringArray = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
const isImport = (v: unknown): boolean => {
  const planned = v as Record<string, unknown> | null;
  return typeof planned === 'object' && planned !== null && ['upstream', 'digest', 'source'].every((k) => isString(planned[k]));
};
/** A build names its context and Dockerfile; an import names neither, and its upstream instead. */
const isBuildPath = (v: unknown, entry: Record<string, unknown>) => (entry.import !== undefined ? v === '' : isString(v));
const REQUIRED: ReadonlyArray<readonly [string, (v: unknown, entry: Record<string, unknown>) => boolean]> = [
  ['id', isString],
  ['application', isString],
  ['version', isString],
  ['mode', (v) => v === 'layered' || v === 'prebuilt'],
  ['context', isBuildPath],
  ['dockerfile', isBuildPath],
  ['import', (v) => v === undefined || isImport(v)],
  ['repository', isString],
  ['tags', isStringArray],
  ['platforms', isStringArray],
  ['buildArgs', (v) => typeof v === 'object' && v !== null],
  ['labels', (v) => typeof v === 'object' && v !== null],
  ['requires', Array.isArray],
  // Absent when the catalog declares no test; a list when it does.
  ['tests', (v) => v === undefined || Array.isArray(v)],
  ['buildId', isString],
  ['stage', (v) => typeof v === 'number'],
  ['parents', Array.isArray],
  ['publishedParents', Array.isArray],
];

export interface Selection {
  image: string;
  version?: string;
  variant?: string;
}

/**
 * The one entry of a plan a person means by image, version and variant. The
 * version and the variant may be left out when the image has only one.
 */
export function selectEntry(entries: readonly PlanEntry[], selection: Selection): PlanEntry {
  const ofImage = entries.filter((e) => e.application === selection.image);
  if (ofImage.length === 0) {
    const names = [...new Set(entries.map((e) => e.application))].sort();
    throw new UserError({
      message: `input 'image' is '${selection.image}', which the catalog does not have.`,
      hint: `Use one of: ${names.join(', ') || '(the catalog plans no image)'}.`,
    });
  }
  const matching = ofImage.filter(
    (e) =>
      (selection.version === undefined || e.version === selection.version) &&
      (selection.variant === undefined || e.variant?.id === selection.variant),
  );
  const choices = ofImage.map((e) => describe(e)).join(', ');
  if (matching.length === 0) {
    throw new UserError({
      message: `no entry of '${selection.image}' has ${[selection.version && `version '${selection.version}'`, selection.variant && `variant '${selection.variant}'`].filter(Boolean).join(' and ')}.`,
      hint: `The catalog has: ${choices}.`,
    });
  }
  const [first, ...others] = matching;
  if (first === undefined || others.length > 0) {
    throw new UserError({
      message: `'${selection.image}' has ${matching.length} entries; say which one with 'version' and 'variant'.`,
      hint: `The catalog has: ${choices}.`,
    });
  }
  return first;
}

function describe(entry: PlanEntry): string {
  return entry.variant ? `version ${entry.version} variant ${entry.variant.id}` : `version ${entry.version}`;
}
