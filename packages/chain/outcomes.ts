import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImageOutcome } from './chain.js';
import { GATES } from './steps.js';

/**
 * Outcome records are how the jobs of one run talk: each chain job writes
 * where its images ended as `<id>.json` in a results directory (shipped as an
 * artifact, or shared on one machine); a later stage reads its parents'
 * digests from them, and the summary reads them all.
 */
export async function writeOutcome(dir: string, outcome: ImageOutcome): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${outcome.id}.json`);
  // Written whole, then renamed: a reader never sees half a record.
  const partial = `${file}.partial`;
  await writeFile(partial, `${JSON.stringify(outcome, null, 2)}\n`);
  await rename(partial, file);
  return file;
}

/** Every outcome record in the directory; none when it does not exist yet. */
export async function readOutcomes(dir: string): Promise<ImageOutcome[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  } catch (error: unknown) {
    if ((error as { code?: string }).code === 'ENOENT') return [];
    throw error;
  }
  const outcomes: ImageOutcome[] = [];
  for (const name of names) outcomes.push(parseOutcome(await readFile(join(dir, name), 'utf8'), join(dir, name)));
  return outcomes;
}

export function parseOutcome(text: string, source: string): ImageOutcome {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error: unknown) {
    throw new Error(`${source} is not an outcome record: ${error instanceof Error ? error.message : String(error)}`);
  }
  const record = value as Partial<ImageOutcome> | null;
  const valid =
    typeof record === 'object' &&
    record !== null &&
    typeof record.id === 'string' &&
    typeof record.repository === 'string' &&
    (record.status === 'published' || record.status === 'passed' || record.status === 'stopped') &&
    (record.image === undefined || typeof record.image === 'string') &&
    (record.stoppedAt === undefined || (GATES as readonly string[]).includes(record.stoppedAt)) &&
    Array.isArray(record.published);
  if (!valid) throw new Error(`${source} is not an outcome record (needs id, repository, status, published)`);
  return record as ImageOutcome;
}
