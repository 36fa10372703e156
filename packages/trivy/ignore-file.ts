import { readFile } from 'node:fs/promises';
import type { ValidateFunction } from 'ajv';
import ignoreFileSchema from '../../schema/ignore-file.schema.json' with { type: 'json' };
import { compileSchema, type SchemaWording, SourceMap, schemaProblems } from '../catalog/index.js';
import { type Problem, type SourceLocation, UserError } from '../errors/index.js';
import type { Finding } from './report.js';

/**
 * One accepted finding. A reason is required (someone must say why), and an
 * expiry date makes the acceptance temporary: the day after it, the entry
 * stops applying and the run says so, pointing at its line.
 */
export interface IgnoreEntry {
  id: string;
  reason: string;
  /** `YYYY-MM-DD`, the last day the entry applies (UTC). */
  expires?: string;
  /** Only these package names; every package when absent. */
  packages?: string[];
  /** Only these images (repository, with or without the digest); every image when absent. */
  images?: string[];
  /** Where the entry starts in the ignore file, for warnings. */
  location: SourceLocation;
}

/**
 * Reads the ignore file at `path`; problems and warnings point at `shownAs`
 * (the path as the user wrote it, relative to the workspace, which is what
 * GitHub annotations need).
 */
export async function loadIgnoreFile(path: string, shownAs = path, input = 'ignore-file'): Promise<IgnoreEntry[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (thrown: unknown) {
    throw new UserError({
      message: `input '${input}' names ${shownAs}, which cannot be read (${(thrown as NodeJS.ErrnoException).code ?? String(thrown)}).`,
      hint: 'Give the path of the ignore file relative to the workspace, or leave the input empty.',
    });
  }
  return parseIgnoreFile(text, shownAs);
}

/** The published schema, compiled once per process. */
let compiled: ValidateFunction | undefined;

/**
 * The ignore file: a YAML list of entries, either at the top or under
 * `ignores:`, validated by the published schema
 * (schema/ignore-file.schema.json), then the dates checked. Every problem is
 * reported at once, each with its line and column.
 */
export function parseIgnoreFile(text: string, file: string): IgnoreEntry[] {
  const source = new SourceMap(file, text);
  const syntax = source.syntaxProblems();
  if (syntax.length > 0) throw new UserError(syntax);
  const data: unknown = source.doc.toJS();
  compiled ??= compileSchema(ignoreFileSchema);
  const structural = schemaProblems(compiled, data, source, WORDING);
  if (structural.length > 0) throw new UserError(structural);

  const top = Array.isArray(data) ? [] : ['ignores'];
  const raw = ((Array.isArray(data) ? data : (data as { ignores?: RawEntry[] | null } | null)?.ignores) ?? []) as RawEntry[];
  const problems: Problem[] = [];
  const entries = raw.map((entry, i): IgnoreEntry => {
    const path = [...top, i];
    if (entry.expires !== undefined && !isIsoDate(entry.expires)) {
      problems.push({
        message: `'expires' is '${entry.expires}', which is not a date.`,
        hint: 'Write it as YYYY-MM-DD, e.g. 2026-12-31.',
        location: source.at([...path, 'expires']),
      });
    }
    return {
      id: entry.id.trim(),
      reason: entry.reason.trim(),
      location: source.at(path),
      ...(entry.expires !== undefined ? { expires: entry.expires } : {}),
      ...(entry.packages !== undefined ? { packages: names(entry.packages) } : {}),
      ...(entry.images !== undefined ? { images: names(entry.images) } : {}),
    };
  });
  if (problems.length > 0) throw new UserError(problems);
  return entries;
}

interface RawEntry {
  id: string;
  reason: string;
  expires?: string;
  packages?: string | string[];
  images?: string | string[];
}

function names(value: string | string[]): string[] {
  return typeof value === 'string' ? [value] : value;
}

/** Entries are named by their place (`ignore entry 2`), keys by their name in it. */
const WORDING: SchemaWording = {
  document: 'the ignore file',
  schemaFile: 'schema/ignore-file.schema.json',
  name: (segs) => {
    const index = segs.findIndex((s) => /^\d+$/.test(s));
    if (index === -1) return `'${segs.join('.')}'`;
    const entry = `ignore entry ${Number(segs[index]) + 1}`;
    const rest = segs.slice(index + 1);
    return rest.length === 0 ? entry : `'${rest.join('.')}' of ${entry}`;
  },
  patternMeaning: (segs) => (segs.at(-1) === 'expires' ? 'is not a date (YYYY-MM-DD)' : 'is blank'),
  patternHint: (segs) =>
    segs.at(-1) === 'expires'
      ? 'Write it as YYYY-MM-DD, e.g. 2026-12-31.'
      : segs.at(-1) === 'reason'
        ? REASON_HINT
        : 'Give it a value, or remove the key.',
  requiredHint: (missing) => (missing === 'reason' ? REASON_HINT : `Add '${missing}:' to the entry (- id: CVE-..., reason: ...).`),
};

const REASON_HINT = 'Say why the finding is accepted; an ignore without a reason is not allowed.';

export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

/** Still in force on `today` (UTC `YYYY-MM-DD`): the expiry day itself counts. */
export function isActive(entry: IgnoreEntry, today: string): boolean {
  return entry.expires === undefined || entry.expires >= today;
}

/** Whether the entry covers this finding in this image (dates aside). */
export function covers(entry: IgnoreEntry, finding: Finding, image: string): boolean {
  if (entry.id !== finding.id) return false;
  if (entry.packages !== undefined && !entry.packages.includes(finding.pkg)) return false;
  if (entry.images !== undefined) {
    const repository = image.split('@')[0] ?? image;
    if (!entry.images.some((scope) => scope === image || scope === repository)) return false;
  }
  return true;
}
