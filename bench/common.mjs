// What the benchmarks share: their command-line options, and the project's
// packages compiled to plain JavaScript for a benchmark to import.
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const root = resolve(import.meta.dirname, '..');

/** Where the project's scripts keep the lab, the tools and the nightly runs (as scripts/lab.sh and nightly.sh do). */
export const cacheRoot = process.env.IMAGE_ACTIONS_CACHE ?? join(homedir(), '.cache', 'image-actions');

/** The value after `name` on the command line, or the fallback. */
export function option(name, fallback) {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : process.argv[at + 1];
}

/**
 * Compiles the sources into `.bench/<name>` and imports `packages/<pkg>`.
 * Type errors elsewhere in the tree must not stop a benchmark: tsc emits
 * anyway, and only a missing package is an error.
 */
export async function compiledPackage(name, pkg) {
  const out = join(root, '.bench', name);
  rmSync(out, { recursive: true, force: true });
  const entry = join(out, 'packages', pkg, 'index.js');
  try {
    execFileSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', join(root, 'tsconfig.build.json'), '--outDir', out], {
      stdio: 'ignore',
    });
  } catch {
    if (!existsSync(entry)) throw new Error(`tsc did not compile packages/${pkg}`);
  }
  return import(pathToFileURL(entry).href);
}

/** The median; with an even count, the mean of the two middle values. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
