import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../harness/run-dist.js';

describe('README.md', () => {
  it('documents exactly the inputs and outputs of every action.yml', () => {
    const run = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'docs.mjs'), '--check'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('starts with the two commands', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const commands = [...text.matchAll(/^ {4}(scripts\/\S+)/gm)].map((m) => m[1]);
    expect(commands.slice(0, 2)).toEqual(['scripts/nightly.sh', 'scripts/test.sh']);
  });
});
