import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../harness/run-dist.js';

/**
 * A script never exits non-zero without saying why: every program under
 * scripts/ sources scripts/lib/on-error.sh (which reports the failed command,
 * its file:line and the log) and runs under `set -Eeuo pipefail`, so the
 * trap also fires inside functions and command substitutions. The files
 * lab.sh sources run inside it; sbom-scan.sh runs inside an image.
 */
const dir = join(repoRoot, 'scripts');
const programs = readdirSync(dir, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.sh'))
  .map((f) => join(dir, f))
  .filter((file) => readFileSync(file, 'utf8').startsWith('#!/usr/bin/env bash'));

describe('scripts', () => {
  it('there are the programs a user and CI run', () => {
    const names = programs.map((f) => relative(dir, f)).sort();
    expect(names).toEqual(expect.arrayContaining(['bootstrap.sh', 'lab.sh', 'lab/tools.sh', 'lab/trivy-db.sh', 'nightly.sh', 'test.sh']));
  });

  for (const file of programs) {
    it(`${relative(repoRoot, file)} reports any failure before it exits`, () => {
      const text = readFileSync(file, 'utf8');
      const trap = text.search(/^source "?\S*lib\/on-error\.sh"?$/m);
      const strict = text.search(/^set -Eeuo pipefail$/m);
      expect(trap, 'sources lib/on-error.sh').toBeGreaterThan(-1);
      expect(strict, 'set -Eeuo pipefail').toBeGreaterThan(trap);
      expect(text, 'no other set -e').not.toMatch(/^set -euo pipefail$/m);
    });
  }
});
