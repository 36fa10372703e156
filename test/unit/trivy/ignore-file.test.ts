import { describe, expect, it } from 'vitest';
import { isUserError, type UserError } from '../../../packages/errors/index.js';
import type { Finding } from '../../../packages/trivy/index.js';
import { covers, type IgnoreEntry, isActive, parseIgnoreFile } from '../../../packages/trivy/index.js';

function problems(text: string): UserError['problems'] {
  try {
    parseIgnoreFile(text, '.trivyignore.yaml');
  } catch (thrown: unknown) {
    if (isUserError(thrown)) return thrown.problems;
    throw thrown;
  }
  throw new Error('expected a UserError');
}

describe('parseIgnoreFile', () => {
  it('reads entries under `ignores:` with their line', () => {
    const entries = parseIgnoreFile(
      [
        '# accepted findings',
        'ignores:',
        '  - id: TEST-2026-0001',
        '    reason: fixed upstream, waiting for the mirror',
        '    expires: 2026-12-31',
        '    packages: gzip',
        '  - id: CVE-2024-1',
        '    reason: not reachable',
        '    images: [ghcr.io/org/app]',
        '',
      ].join('\n'),
      'ignore.yaml',
    );
    expect(entries).toEqual([
      {
        id: 'TEST-2026-0001',
        reason: 'fixed upstream, waiting for the mirror',
        expires: '2026-12-31',
        packages: ['gzip'],
        location: { file: 'ignore.yaml', line: 3, column: 5 },
      },
      { id: 'CVE-2024-1', reason: 'not reachable', images: ['ghcr.io/org/app'], location: { file: 'ignore.yaml', line: 7, column: 5 } },
    ]);
  });

  it('reads a top-level list and an empty file', () => {
    expect(parseIgnoreFile('- id: A\n  reason: r\n', 'f').map((e) => e.id)).toEqual(['A']);
    expect(parseIgnoreFile('', 'f')).toEqual([]);
  });

  it.each([
    { name: 'no reason', text: '- id: A\n', message: "ignore entry 1 is missing 'reason'.", line: 1, column: 3 },
    { name: 'empty reason', text: '- id: A\n  reason: ""\n', message: "'reason' of ignore entry 1 '' is blank.", line: 2, column: 11 },
    { name: 'no id', text: '- reason: r\n', message: "ignore entry 1 is missing 'id'.", line: 1, column: 3 },
    {
      name: 'bad date',
      text: '- id: A\n  reason: r\n  expires: 2026-13-01\n',
      message: "'expires' is '2026-13-01', which is not a date.",
      line: 3,
      column: 12,
    },
    {
      name: 'unknown key',
      text: '- id: A\n  reason: r\n  until: 2026-01-01\n',
      message: "unknown key 'until' in ignore entry 1.",
      line: 3,
      column: 3,
    },
    {
      name: 'not a list',
      text: 'ignores: A\n',
      message: "'ignores' must be an array or empty value.",
      line: 1,
      column: 10,
    },
    { name: 'entry not a map', text: '- A\n', message: 'ignore entry 1 must be an object.', line: 1, column: 3 },
    {
      name: 'a misspelt top key',
      text: 'ignore:\n  - id: A\n    reason: r\n',
      message: "unknown key 'ignore' in the ignore file (did you mean 'ignores'?).",
      line: 1,
      column: 1,
    },
    {
      name: 'a number for an id',
      text: '- id: 2024\n  reason: r\n',
      message: "'id' of ignore entry 1 is the number 2024 in YAML, where text is expected.",
      line: 1,
      column: 7,
    },
    {
      name: 'a word for a date',
      text: '- id: A\n  reason: r\n- id: B\n  reason: r\n  expires: tomorrow\n',
      message: "'expires' of ignore entry 2 'tomorrow' is not a date (YYYY-MM-DD).",
      line: 5,
      column: 12,
    },
    {
      name: 'a key written twice',
      text: '- id: A\n  reason: r\n  reason: s\n',
      message: "'reason' is written twice in the same mapping (first on line 2).",
      line: 3,
      column: 3,
    },
  ])('reports $name at its line and column', ({ text, message, line, column }) => {
    const [problem] = problems(text);
    expect(problem?.message).toBe(message);
    expect(problem?.location).toEqual({ file: '.trivyignore.yaml', line, column });
  });

  it('reports every problem at once', () => {
    expect(problems('- id: A\n- reason: r\n')).toHaveLength(2);
  });

  it('reports broken YAML with its position', () => {
    expect(problems('- id: [A\n')[0]).toMatchObject({ hint: 'Fix the YAML syntax.', location: { file: '.trivyignore.yaml', line: 2 } });
  });
});

describe('isActive and covers', () => {
  const entry = (extra: Partial<IgnoreEntry>): IgnoreEntry => ({ id: 'CVE-1', reason: 'r', location: { file: 'f' }, ...extra });
  const finding: Finding = { id: 'CVE-1', pkg: 'gzip', installedVersion: '1', severity: 'HIGH', target: 't' };
  const image = '127.0.0.1:5001/lab/app@sha256:' + 'a'.repeat(64);

  it.each([
    { name: 'no expiry', expires: undefined, active: true },
    { name: 'expires today (the day counts)', expires: '2026-11-22', active: true },
    { name: 'expires tomorrow', expires: '2026-11-23', active: true },
    { name: 'expired yesterday', expires: '2026-11-21', active: false },
  ])('$name', ({ expires, active }) => {
    expect(isActive(entry(expires ? { expires } : {}), '2026-11-22')).toBe(active);
  });

  it.each([
    { name: 'same id, no scope', extra: {}, covered: true },
    { name: 'other id', extra: { id: 'CVE-2' }, covered: false },
    { name: 'package in scope', extra: { packages: ['gzip'] }, covered: true },
    { name: 'package out of scope', extra: { packages: ['tar'] }, covered: false },
    { name: 'image by repository', extra: { images: ['127.0.0.1:5001/lab/app'] }, covered: true },
    { name: 'image by digest', extra: { images: [image] }, covered: true },
    { name: 'another image', extra: { images: ['127.0.0.1:5001/lab/other'] }, covered: false },
  ])('$name', ({ extra, covered }) => {
    expect(covers(entry(extra), finding, image)).toBe(covered);
  });
});
