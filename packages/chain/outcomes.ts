import { copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, isAbsolute, join } from 'node:path';
import { parseJson } from '../errors/index.js';
import type { ImageOutcome } from './chain.js';
import { GATES, PHASES, type Phase } from './steps.js';

/**
 * Outcome records are how the jobs of one run talk. Each job writes where its
 * images ended as `<id>.<phase>.json` in a results directory (shipped as an
 * artifact, or shared on one machine), next to the scan's SBOM as
 * `<id>.cdx.json` when it scanned. The next phase's job continues from the
 * record, a later stage reads its parents' digests from them, and the summary
 * reads them all. One file per phase: artifacts from several jobs unpacked
 * into one directory never overwrite each other, and the record of the
 * latest phase is the one that counts.
 */
export async function writeOutcome(dir: string, outcome: ImageOutcome): Promise<string> {
  await mkdir(dir, { recursive: true });
  const record: ImageOutcome = { ...outcome };
  if (outcome.sbom !== undefined) {
    const name = `${outcome.id}.cdx.json`;
    const target = join(dir, name);
    if (isAbsolute(outcome.sbom) && outcome.sbom !== target) await copyFile(outcome.sbom, target);
    // Relative to the record, so the record can travel in an artifact.
    record.sbom = name;
  }
  const file = join(dir, recordName(outcome.id, outcome.phase));
  // Written whole, then renamed: a reader never sees half a record.
  const partial = `${file}.partial`;
  await writeFile(partial, `${JSON.stringify(record, null, 2)}\n`);
  await rename(partial, file);
  // Records of later phases are from an earlier run that reused the directory.
  for (const later of PHASES.slice(PHASES.indexOf(outcome.phase) + 1)) await rm(join(dir, recordName(outcome.id, later)), { force: true });
  return file;
}

export function recordName(id: string, phase: Phase): string {
  return `${id}.${phase}.json`;
}

const RECORD = new RegExp(`^(.+)\\.(${PHASES.join('|')})\\.json$`);

/**
 * Where every image in the directory got to (or only the images `ids` names,
 * chosen by file name before any file is read): per image, the record of the
 * latest phase (none when the directory does not exist yet). An SBOM named in
 * a record is given as a path in the directory.
 */
export async function readOutcomes(dir: string, ids?: ReadonlySet<string>): Promise<ImageOutcome[]> {
  let names: string[];
  try {
    names = (await readdir(dir))
      .filter((n) => {
        const id = RECORD.exec(n)?.[1];
        return id !== undefined && (ids === undefined || ids.has(id));
      })
      .sort();
  } catch (error: unknown) {
    if ((error as { code?: string }).code === 'ENOENT') return [];
    throw error;
  }
  const latest = new Map<string, ImageOutcome>();
  for (const name of names) {
    const outcome = parseOutcome(await readFile(join(dir, name), 'utf8'), join(dir, name));
    const [, id, phase] = RECORD.exec(name) ?? [];
    if (id !== outcome.id || phase !== outcome.phase)
      throw new Error(`${join(dir, name)} holds the record of ${outcome.id} (${outcome.phase}); its name says ${id} (${phase})`);
    if (outcome.sbom !== undefined) outcome.sbom = join(dir, basename(outcome.sbom));
    const seen = latest.get(outcome.id);
    if (seen === undefined || PHASES.indexOf(outcome.phase) > PHASES.indexOf(seen.phase)) latest.set(outcome.id, outcome);
  }
  return [...latest.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function parseOutcome(text: string, source: string): ImageOutcome {
  const value = parseJson(text, (reason) => {
    throw new Error(`${source} is not an outcome record: ${reason}`);
  });
  const record = value as Partial<ImageOutcome> | null;
  const valid =
    typeof record === 'object' &&
    record !== null &&
    typeof record.id === 'string' &&
    typeof record.repository === 'string' &&
    (['published', 'passed', 'stopped', 'unchanged'] as unknown[]).includes(record.status) &&
    (PHASES as readonly unknown[]).includes(record.phase) &&
    (record.image === undefined || typeof record.image === 'string') &&
    (record.stoppedAt === undefined || (GATES as readonly string[]).includes(record.stoppedAt)) &&
    Array.isArray(record.passed) &&
    typeof record.evidence === 'object' &&
    record.evidence !== null &&
    Array.isArray(record.published);
  if (!valid) throw new Error(`${source} is not an outcome record (needs id, repository, status, phase, passed, evidence, published)`);
  return record as ImageOutcome;
}
