import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../packages/catalog/index.js';
import { isUserError } from '../../../packages/errors/index.js';
import { repoRoot } from '../../harness/run-dist.js';

// Each file in test/fixtures/catalogs/bad ends with `# expect: LINE:COL: text`
// (or `# expect: FILE:LINE:COL: text` when the problem is in another file):
// the catalog must be refused with a problem at that place whose message
// contains that text, and every problem must say how to fix it.
const dir = join(repoRoot, 'test', 'fixtures', 'catalogs', 'bad');
// The fixtures' contexts are in the sibling images/ directory: the catalogs' repository is test/fixtures/catalogs.
const workspace = join(dir, '..');
const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((file) => {
    const match = /# expect: (?:(\S+):)?(\d+):(\d+): ?(.*)$/m.exec(readFileSync(join(dir, file), 'utf8'));
    if (!match) throw new Error(`${file} has no '# expect:' line`);
    return { file, where: match[1], line: Number(match[2]), column: Number(match[3]), text: match[4] ?? '' };
  });

describe('bad catalogs are refused at the right place, saying how to fix it', () => {
  it('the corpus has at least 40 cases', () => expect(cases.length).toBeGreaterThanOrEqual(40));

  for (const c of cases) {
    it(c.file, async () => {
      const path = join(dir, c.file);
      const error = await loadCatalog(path, { workspace }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isUserError(error), `${c.file} was accepted`).toBe(true);
      if (!isUserError(error)) return;
      const wantFile = c.where ? join(dir, c.where) : path;
      const found = error.problems.find(
        (p) => p.location?.file === wantFile && p.location.line === c.line && p.location.column === c.column && p.message.includes(c.text),
      );
      const seen = error.problems.map(
        (p) => `${relative(dir, p.location?.file ?? '')}:${p.location?.line}:${p.location?.column}: ${p.message}`,
      );
      expect(found, `expected ${c.line}:${c.column} '${c.text}', got:\n${seen.join('\n')}`).toBeDefined();
      for (const problem of error.problems) expect(problem.hint, problem.message).toMatch(/\w/);
    });
  }
});
