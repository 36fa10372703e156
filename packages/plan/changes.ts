import type { CommandRunner } from '../process/index.js';
import { runChecked } from '../process/index.js';

/**
 * What a pull request changed: the files (relative to the repository root,
 * `/`-separated), and for the catalog file the lines of its new version that
 * changed, so an edit to one image's entry plans that image only. `'all'`
 * when the lines are not known (the API gave no patch): every entry counts as
 * changed, the safe side.
 */
export interface Changes {
  files: string[];
  catalogLines: number[] | 'all';
}

/**
 * Changes between the merge base of `base` and `head`, from git (the three-dot
 * diff a pull request shows). Renames count as a delete and an add, so a file
 * moved out of a context affects that context too.
 */
export async function changesFromGit(
  runner: CommandRunner,
  options: { base: string; head?: string; catalogFile: string; cwd?: string },
): Promise<Changes> {
  const range = `${options.base}...${options.head ?? 'HEAD'}`;
  const cwd = options.cwd !== undefined ? { cwd: options.cwd } : {};
  const names = await runChecked(runner, { file: 'git', args: ['diff', '--name-only', '--no-renames', range], quiet: true, ...cwd });
  const files = names.stdout.split('\n').filter((line) => line !== '');
  if (!files.includes(options.catalogFile)) return { files, catalogLines: [] };
  const diff = await runChecked(runner, {
    file: 'git',
    args: ['diff', '--unified=0', '--no-renames', range, '--', options.catalogFile],
    quiet: true,
    ...cwd,
  });
  return { files, catalogLines: changedLines(diff.stdout) };
}

/** One file of GitHub's "list pull request files" response (the fields used here). */
export interface PullRequestFile {
  filename: string;
  status?: string;
  previous_filename?: string;
  patch?: string;
}

/** Changes from GitHub's list of pull request files (already paginated). */
export function changesFromPullRequestFiles(list: readonly PullRequestFile[], catalogFile: string): Changes {
  const files = new Set<string>();
  let catalogLines: number[] | 'all' = [];
  for (const file of list) {
    files.add(file.filename);
    if (file.previous_filename !== undefined) files.add(file.previous_filename);
    if (file.filename === catalogFile) {
      // GitHub leaves the patch out of large diffs; then the lines are unknown.
      catalogLines = file.patch === undefined ? 'all' : changedLines(file.patch);
    }
  }
  return { files: [...files].sort(), catalogLines };
}

/**
 * Line numbers (in the new file) that a unified diff adds or changes; a pure
 * deletion marks the lines either side of where it happened.
 */
export function changedLines(diff: string): number[] {
  const lines = new Set<number>();
  for (const match of diff.matchAll(/^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/gm)) {
    const start = Number(match[1]);
    const count = match[2] === undefined ? 1 : Number(match[2]);
    if (count === 0) {
      lines.add(start);
      lines.add(start + 1);
    }
    for (let line = start; line < start + count; line++) lines.add(line);
  }
  return [...lines].sort((a, b) => a - b);
}
