import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  evaluate,
  expiredEntries,
  type IgnoreEntry,
  parseIgnoreFile,
  parseReport,
  utcDate,
  verdictReason,
} from '../../../packages/trivy/index.js';

const image = '127.0.0.1:5001/lab/debian@sha256:6618e4843038966a6b82fdaf21c056c5236869b4336072c5214a41bd78b9df48';
// Real trivy 0.74.0 findings: gzip HIGH fixable, mawk HIGH no fix, tar LOW fixable.
const findings = parseReport(readFileSync(join(import.meta.dirname, '../../fixtures/trivy/debian-lab.json'), 'utf8'), 'fixture').findings;
const today = '2026-11-22';
const ignore = (yaml: string): IgnoreEntry[] => parseIgnoreFile(yaml, 'ignore.yaml');

describe('evaluate', () => {
  it.each([
    {
      name: 'HIGH threshold',
      threshold: 'HIGH',
      ignoreUnfixed: false,
      ignores: '',
      verdict: 'fail',
      blocking: ['TEST-2026-0001', 'TEST-2026-0002'],
    },
    { name: 'HIGH, fixable only', threshold: 'HIGH', ignoreUnfixed: true, ignores: '', verdict: 'fail', blocking: ['TEST-2026-0001'] },
    { name: 'CRITICAL threshold', threshold: 'CRITICAL', ignoreUnfixed: false, ignores: '', verdict: 'pass', blocking: [] },
    {
      name: 'LOW threshold, fixable only',
      threshold: 'LOW',
      ignoreUnfixed: true,
      ignores: '',
      verdict: 'fail',
      blocking: ['TEST-2026-0001', 'TEST-2026-0004'],
    },
    {
      name: 'fixable only, gzip ignored until next month',
      threshold: 'HIGH',
      ignoreUnfixed: true,
      ignores: '- id: TEST-2026-0001\n  reason: waiting for the mirror\n  expires: 2026-12-31\n',
      verdict: 'pass',
      blocking: [],
    },
    {
      name: 'fixable only, gzip ignore expired yesterday',
      threshold: 'HIGH',
      ignoreUnfixed: true,
      ignores: '- id: TEST-2026-0001\n  reason: waiting for the mirror\n  expires: 2026-11-21\n',
      verdict: 'fail',
      blocking: ['TEST-2026-0001'],
    },
    {
      name: 'ignore scoped to another package does not apply',
      threshold: 'HIGH',
      ignoreUnfixed: true,
      ignores: '- id: TEST-2026-0001\n  reason: r\n  packages: [tar]\n',
      verdict: 'fail',
      blocking: ['TEST-2026-0001'],
    },
  ] as const)('$name', ({ threshold, ignoreUnfixed, ignores, verdict, blocking }) => {
    const result = evaluate(image, findings, { threshold, ignoreUnfixed }, ignore(ignores), today);
    expect(result.verdict).toBe(verdict);
    expect(result.blocking.map((f) => f.id)).toEqual(blocking);
  });

  it('counts every finding, fixable ones apart, ignored ones included', () => {
    const result = evaluate(
      image,
      findings,
      { threshold: 'HIGH', ignoreUnfixed: false },
      ignore('- id: TEST-2026-0002\n  reason: r\n'),
      today,
    );
    expect(result.counts).toEqual({ UNKNOWN: 0, LOW: 1, MEDIUM: 0, HIGH: 2, CRITICAL: 0 });
    expect(result.fixable).toEqual({ UNKNOWN: 0, LOW: 1, MEDIUM: 0, HIGH: 1, CRITICAL: 0 });
    expect(result.ignored.map((i) => [i.finding.pkg, i.entry.reason])).toEqual([['mawk', 'r']]);
  });

  it('lists a finding covered only by an expired entry, with the entry’s line', () => {
    const entries = ignore('- id: TEST-2026-0001\n  reason: r\n  expires: 2026-01-01\n');
    const result = evaluate(image, findings, { threshold: 'HIGH', ignoreUnfixed: true }, entries, today);
    expect(result.expired.map((e) => [e.finding.id, e.entry.location.line])).toEqual([['TEST-2026-0001', 1]]);
    expect(expiredEntries(entries, today)).toEqual(entries);
  });

  it('names the blocking findings in its reason', () => {
    const result = evaluate(image, findings, { threshold: 'HIGH', ignoreUnfixed: true }, [], today);
    expect(verdictReason(result, { threshold: 'HIGH', ignoreUnfixed: true })).toBe(
      '1 finding at or above HIGH with a fixed version: TEST-2026-0001 (HIGH, gzip 1.12-1, fixed in 1.12-1+labtest1)',
    );
  });
});

describe('utcDate', () => {
  it('uses the UTC day, whatever the local time zone', () => {
    expect(utcDate(new Date('2026-11-22T23:30:00-05:00'))).toBe('2026-11-23');
  });
});
