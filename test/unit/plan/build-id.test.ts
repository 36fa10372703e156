import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContextHasher } from '../../../packages/plan/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'build-id-'));
  mkdirSync(join(dir, 'ctx/sub'), { recursive: true });
  writeFileSync(join(dir, 'ctx/Dockerfile'), 'FROM scratch\n');
  writeFileSync(join(dir, 'ctx/a.txt'), 'a');
  writeFileSync(join(dir, 'ctx/sub/b.txt'), 'b');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const digest = (ctx = join(dir, 'ctx')) => new ContextHasher().context(ctx, join(ctx, 'Dockerfile'));

describe('context digests', () => {
  it('reads a context once per plan, however many entries ask', () => {
    const hasher = new ContextHasher();
    const ctx = join(dir, 'ctx');
    const first = hasher.context(ctx, join(ctx, 'Dockerfile'));
    writeFileSync(join(ctx, 'a.txt'), 'changed after the first read');
    expect(hasher.context(ctx, join(ctx, 'Dockerfile'))).toBe(first);
    // A new plan reads it again.
    expect(digest()).not.toBe(first);
  });

  const changes: Array<{ name: string; change: () => void; same: boolean }> = [
    { name: 'nothing', change: () => undefined, same: true },
    { name: 'a content', change: () => writeFileSync(join(dir, 'ctx/sub/b.txt'), 'B'), same: false },
    {
      name: 'a file moved',
      change: () => {
        rmSync(join(dir, 'ctx/sub/b.txt'));
        writeFileSync(join(dir, 'ctx/b.txt'), 'b');
      },
      same: false,
    },
    { name: 'the executable bit', change: () => chmodSync(join(dir, 'ctx/a.txt'), 0o755), same: false },
    { name: 'a symlink', change: () => symlinkSync('a.txt', join(dir, 'ctx/link')), same: false },
    // BuildKit sends empty directories, and COPY . makes them (test/e2e/dockerignore-context.test.ts).
    { name: 'an empty directory', change: () => mkdirSync(join(dir, 'ctx/empty')), same: false },
    {
      name: 'a new .dockerignore (it is in the context too)',
      change: () => writeFileSync(join(dir, 'ctx/.dockerignore'), ''),
      same: false,
    },
  ];
  for (const c of changes) {
    it(`${c.same ? 'ignores' : 'sees'} ${c.name}`, () => {
      const before = digest();
      c.change();
      if (c.same) expect(digest()).toBe(before);
      else expect(digest()).not.toBe(before);
    });
  }

  it('applies <Dockerfile>.dockerignore before the context .dockerignore', () => {
    writeFileSync(join(dir, 'ctx/.dockerignore'), '');
    writeFileSync(join(dir, 'ctx/Dockerfile.dockerignore'), 'sub\n');
    const before = digest();
    writeFileSync(join(dir, 'ctx/sub/b.txt'), 'not in the context');
    expect(digest()).toBe(before);
  });
});
