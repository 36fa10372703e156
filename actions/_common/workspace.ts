import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, relative, resolve } from 'node:path';

/** The repository the workflow checked out (GITHUB_WORKSPACE), or the working directory outside a runner. */
export function workspaceRoot(): string {
  return resolve(process.env.GITHUB_WORKSPACE ?? process.cwd());
}

/** The runner's temporary directory (RUNNER_TEMP), made if missing. */
export function runnerTemp(): string {
  const dir = process.env.RUNNER_TEMP ?? tmpdir();
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A catalog path as the loader should see it: relative to the working directory when possible, so annotations point at it. */
export function catalogArgument(workspace: string, path: string): string {
  const absolute = resolve(workspace, path);
  const fromCwd = relative(process.cwd(), absolute);
  return fromCwd === '' || isAbsolute(fromCwd) ? absolute : fromCwd;
}
