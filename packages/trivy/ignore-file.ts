import { readFile } from 'node:fs/promises';
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type YAMLMap } from 'yaml';
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

const KEYS = ['id', 'reason', 'expires', 'packages', 'images'];

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

/**
 * The ignore file: a YAML list of entries, either at the top or under
 * `ignores:`. Every problem is reported at once, each with its line and column.
 */
export function parseIgnoreFile(text: string, file: string): IgnoreEntry[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const at = (node: Node | null | undefined): SourceLocation => {
    const { line, col } = lines.linePos(node?.range?.[0] ?? 0);
    return { file, line, column: col };
  };
  const problems: Problem[] = doc.errors.map((e) => ({
    message: `not valid YAML: ${e.message.split('\n')[0] ?? e.message}`,
    location: { file, line: e.linePos?.[0].line ?? 1, column: e.linePos?.[0].col ?? 1 },
  }));
  if (problems.length > 0) throw new UserError(problems);

  let list: unknown = doc.contents;
  if (isMap(list)) list = list.get('ignores', true);
  if (list === null || list === undefined) return [];
  if (!isSeq(list)) {
    throw new UserError({
      message: 'the ignore file must be a list of entries, or a map with an `ignores:` list.',
      hint: 'Write entries as `- id: CVE-...` with a `reason:`.',
      location: at(list as Node),
    });
  }
  const entries: IgnoreEntry[] = [];
  for (const item of list.items) {
    const entry = readEntry(item as Node, at, problems);
    if (entry) entries.push(entry);
  }
  if (problems.length > 0) throw new UserError(problems);
  return entries;
}

function readEntry(node: Node, at: (node: Node | null | undefined) => SourceLocation, problems: Problem[]): IgnoreEntry | undefined {
  if (!isMap(node)) {
    problems.push({ message: 'an ignore entry must be a map with `id` and `reason`.', location: at(node) });
    return undefined;
  }
  const before = problems.length;
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!KEYS.includes(key)) {
      problems.push({
        message: `unknown key '${key}' in an ignore entry.`,
        hint: `Use only: ${KEYS.join(', ')}.`,
        location: at(pair.key as Node),
      });
    }
  }
  const id = requiredString(node, 'id', at, problems);
  const reason = requiredString(node, 'reason', at, problems);
  const expires = expiry(node, at, problems);
  const packages = stringList(node, 'packages', at, problems);
  const images = stringList(node, 'images', at, problems);
  if (problems.length > before || id === undefined || reason === undefined) return undefined;
  return {
    id,
    reason,
    location: at(node),
    ...(expires !== undefined ? { expires } : {}),
    ...(packages !== undefined ? { packages } : {}),
    ...(images !== undefined ? { images } : {}),
  };
}

function requiredString(
  map: YAMLMap,
  key: string,
  at: (node: Node | null | undefined) => SourceLocation,
  problems: Problem[],
): string | undefined {
  const node = map.get(key, true) as Node | undefined;
  const value = isScalar(node) ? node.value : undefined;
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  problems.push({
    message: node === undefined ? `an ignore entry has no '${key}'.` : `'${key}' must be a non-empty string.`,
    hint: key === 'reason' ? 'Say why the finding is accepted; an ignore without a reason is not allowed.' : `Add '${key}:' to the entry.`,
    location: at(node ?? map),
  });
  return undefined;
}

function expiry(map: YAMLMap, at: (node: Node | null | undefined) => SourceLocation, problems: Problem[]): string | undefined {
  const node = map.get('expires', true) as Node | undefined;
  if (node === undefined) return undefined;
  // YAML 1.2 core schema reads 2026-12-31 as a string; source keeps it exact either way.
  const raw = isScalar(node) ? String(node.source ?? node.value) : '';
  if (isIsoDate(raw)) return raw;
  problems.push({
    message: `'expires' is '${raw}', which is not a date.`,
    hint: 'Write it as YYYY-MM-DD, e.g. 2026-12-31.',
    location: at(node),
  });
  return undefined;
}

function stringList(
  map: YAMLMap,
  key: string,
  at: (node: Node | null | undefined) => SourceLocation,
  problems: Problem[],
): string[] | undefined {
  const node = map.get(key, true) as Node | undefined;
  if (node === undefined) return undefined;
  if (isScalar(node) && typeof node.value === 'string') return [node.value];
  if (isSeq(node) && node.items.every((i) => isScalar(i) && typeof i.value === 'string')) {
    return node.items.map((i) => String((i as { value: unknown }).value));
  }
  problems.push({ message: `'${key}' must be a string or a list of strings.`, location: at(node) });
  return undefined;
}

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
