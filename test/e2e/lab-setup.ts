import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../harness/run-dist.js';

/**
 * Before any e2e file: the lab must be up and healthy. `scripts/test.sh` brings
 * it up first; run on its own, this fails at once with the command to run,
 * rather than letting every test skip or time out.
 */
export default function setup(): void {
  try {
    execFileSync(join(repoRoot, 'scripts', 'lab.sh'), ['check'], { stdio: 'pipe' });
  } catch (error: unknown) {
    const output = (error as { stdout?: Buffer; stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`the lab is down or unhealthy; run 'scripts/lab.sh up' first.\n${output}`);
  }
}
