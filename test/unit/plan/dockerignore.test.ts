import { describe, expect, it } from 'vitest';
import { globToRegExp, isIgnored, parseDockerignore } from '../../../packages/plan/index.js';

describe('.dockerignore', () => {
  const cases: Array<{ name: string; rules: string; path: string; ignored: boolean }> = [
    { name: 'no rules', rules: '', path: 'a.txt', ignored: false },
    { name: 'a file', rules: 'a.txt', path: 'a.txt', ignored: true },
    { name: 'a directory covers its contents', rules: 'docs', path: 'docs/x/y.md', ignored: true },
    { name: 'trailing slash', rules: 'docs/', path: 'docs/y.md', ignored: true },
    { name: 'leading slash and dot', rules: '/./docs', path: 'docs/y.md', ignored: true },
    { name: 'star stays in one component', rules: '*.md', path: 'docs/y.md', ignored: false },
    { name: 'star at the root', rules: '*.md', path: 'y.md', ignored: true },
    { name: 'double star spans directories', rules: '**/*.md', path: 'docs/x/y.md', ignored: true },
    { name: 'double star matches the root too', rules: '**/*.md', path: 'y.md', ignored: true },
    { name: 'question mark', rules: 'file?.txt', path: 'file1.txt', ignored: true },
    { name: 'class', rules: 'file[0-9].txt', path: 'fileA.txt', ignored: false },
    { name: 'exception after a rule', rules: '*.md\n!README.md', path: 'README.md', ignored: false },
    { name: 'the last match wins', rules: '!README.md\n*.md', path: 'README.md', ignored: true },
    { name: 'comments and blank lines', rules: '# docs\n\n  docs  ', path: 'docs/a', ignored: true },
    { name: 'a prefix is not a directory', rules: 'doc', path: 'docs/a', ignored: false },
  ];
  for (const c of cases) it(c.name, () => expect(isIgnored(c.path, parseDockerignore(c.rules))).toBe(c.ignored));
});

describe('entry glob', () => {
  const cases: Array<{ glob: string; id: string; matches: boolean }> = [
    { glob: 'velero-*', id: 'velero-1.12.3-aws1.8.2', matches: true },
    { glob: 'velero-1.12.?-*', id: 'velero-1.12.3-aws1.8.2', matches: true },
    { glob: '*-gcp*', id: 'velero-1.12.3-aws1.8.2', matches: false },
    { glob: 'velero', id: 'velero-1.12.3-aws1.8.2', matches: false },
    { glob: 'python-runner-3.11.9', id: 'python-runner-3x11x9', matches: false },
    { glob: '[pv]*', id: 'python-runner-3.11.9', matches: true },
  ];
  for (const c of cases)
    it(`${c.glob} ${c.matches ? 'matches' : 'does not match'} ${c.id}`, () => expect(globToRegExp(c.glob).test(c.id)).toBe(c.matches));
});
