import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../harness/run-dist.js';
import { lab } from './lab.js';

/**
 * actionlint (the lab's pinned build) on every workflow of the project and on
 * the consumer workflows that use the documented `uses:` paths. It also reads
 * the root action.yml for the `uses: ./` job of ci.yml, including that its
 * bundle exists: `npm run build` first.
 */
const workflows = [
  ...readdirSync(join(repoRoot, '.github', 'workflows')).map((n) => join('.github', 'workflows', n)),
  ...readdirSync(join(repoRoot, 'test', 'fixtures', 'workflows')).map((n) => join('test', 'fixtures', 'workflows', n)),
].filter((f) => /\.ya?ml$/.test(f));

function actionlint(files: string[]): { status: number; output: string } {
  try {
    const output = execFileSync(lab().bin.actionlint, ['-no-color', ...files], {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { status: 0, output };
  } catch (error: unknown) {
    const e = error as { status?: number; stdout?: string; stderr?: string };
    return { status: e.status ?? 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('actionlint', () => {
  it('the root action has its bundle (npm run build)', () => {
    expect(existsSync(join(repoRoot, 'dist', 'chain', 'index.js'))).toBe(true);
  });

  for (const file of workflows) {
    it(`passes ${file}`, () => {
      const result = actionlint([file]);
      expect(result.output).toBe('');
      expect(result.status).toBe(0);
    });
  }

  it('is not silent by accident: it reports an unpinned, misspelt workflow', () => {
    const bad = join('test', 'fixtures', 'workflows', 'broken', 'bad-workflow.yml.txt');
    const result = actionlint([bad]);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/runs-onn|runs-on/);
  });
});
