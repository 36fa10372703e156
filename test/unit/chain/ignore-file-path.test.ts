import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ignoreFilePath } from '../../../packages/chain/index.js';
import { userErrorOf } from '../../harness/user-error.js';

let dir: string;
let repo: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ignore-file-path-'));
  repo = join(dir, 'repo');
  mkdirSync(join(repo, '.github'), { recursive: true });
  writeFileSync(join(repo, '.github', 'ignores.yaml'), '[]\n');
  writeFileSync(join(dir, 'outside.yaml'), 'root:x:0:0\n');
  symlinkSync(join(dir, 'outside.yaml'), join(repo, 'linked.yaml'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("the scan's ignore file", () => {
  it('is read from the repository when relative', () => {
    expect(ignoreFilePath(repo, '.github/ignores.yaml')).toBe(join(repo, '.github', 'ignores.yaml'));
  });

  it('is taken as given when absolute: the workflow names it (a file an earlier step wrote)', () => {
    expect(ignoreFilePath(repo, join(dir, 'outside.yaml'))).toBe(join(dir, 'outside.yaml'));
  });

  it.each([
    { name: "a relative path that climbs out with '..'", written: '../outside.yaml', message: /climbs out of/ },
    { name: 'a symlink in the repository that points out', written: 'linked.yaml', message: /leads through a symlink to/ },
  ])('refuses $name', ({ written, message }) => {
    const error = userErrorOf(() => ignoreFilePath(repo, written));
    expect(error).toMatch(new RegExp(`input 'ignore-file' is '${written.replace(/\./g, '\\.')}', which leaves the repository`));
    expect(error).toMatch(message);
  });
});
