import { describe, expect, it } from 'vitest';
import { compareScans, type DigestScan, findingKey, sameResult } from '../../../packages/rescan/index.js';
import { DIGEST_A, GZIP, TAR } from './fixtures.js';

const scan = (overrides: Partial<DigestScan> = {}): DigestScan => ({
  digest: DIGEST_A,
  verdict: 'pass',
  policy: { threshold: 'HIGH', ignoreUnfixed: true },
  counts: { UNKNOWN: 0, LOW: 0, MEDIUM: 0, HIGH: 0, CRITICAL: 0 },
  findings: [],
  blocking: [],
  ignored: [],
  expired: [],
  scannedAt: '2026-11-30T03:00:00.000Z',
  ...overrides,
});

describe('compareScans: what changed since the last rescan of the digest', () => {
  const cases = [
    {
      name: 'first rescan: every finding is new, nothing resolved, no date to compare with',
      previous: undefined,
      current: scan({ findings: [GZIP], blocking: [findingKey(GZIP)], verdict: 'fail' }),
      expected: { new: ['TEST-2026-0101'], resolved: [], expiredIgnores: [], since: undefined },
    },
    {
      name: 'an advisory published since: new',
      previous: scan({ findings: [TAR] }),
      current: scan({ findings: [TAR, GZIP] }),
      expected: { new: ['TEST-2026-0101'], resolved: [], expiredIgnores: [], since: '2026-11-30T03:00:00.000Z' },
    },
    {
      name: 'an advisory gone: resolved',
      previous: scan({ findings: [TAR, GZIP] }),
      current: scan({ findings: [TAR] }),
      expected: { new: [], resolved: ['TEST-2026-0101'], expiredIgnores: [], since: '2026-11-30T03:00:00.000Z' },
    },
    {
      name: 'an ignore in force last time, expired now',
      previous: scan({ findings: [GZIP], ignored: [{ key: findingKey(GZIP), reason: 'waiting for Debian', expires: '2026-11-30' }] }),
      current: scan({ findings: [GZIP], expired: [{ key: findingKey(GZIP), reason: 'waiting for Debian', expires: '2026-11-30' }] }),
      expected: { new: [], resolved: [], expiredIgnores: ['TEST-2026-0101'], since: '2026-11-30T03:00:00.000Z' },
    },
    {
      name: 'an ignore already expired last time: not said again',
      previous: scan({ findings: [GZIP], expired: [{ key: findingKey(GZIP), reason: 'r', expires: '2026-11-01' }] }),
      current: scan({ findings: [GZIP], expired: [{ key: findingKey(GZIP), reason: 'r', expires: '2026-11-01' }] }),
      expected: { new: [], resolved: [], expiredIgnores: [], since: '2026-11-30T03:00:00.000Z' },
    },
    {
      name: 'the same vulnerability at another installed version is another finding',
      previous: scan({ findings: [GZIP] }),
      current: scan({ findings: [{ ...GZIP, installedVersion: '1.12-1+deb12u1' }] }),
      expected: { new: ['TEST-2026-0101'], resolved: ['TEST-2026-0101'], expiredIgnores: [], since: '2026-11-30T03:00:00.000Z' },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const changes = compareScans(c.previous, c.current);
      expect({
        new: changes.new.map((f) => f.id),
        resolved: changes.resolved.map((f) => f.id),
        expiredIgnores: changes.expiredIgnores.map((f) => f.id),
        since: changes.since,
      }).toEqual(c.expected);
    });
  }
});

describe('sameResult: nothing new to attest', () => {
  const cases = [
    {
      name: 'a later scan finding the same',
      a: scan({ findings: [GZIP] }),
      b: scan({ findings: [GZIP], scannedAt: '2026-12-01T00:00:00Z' }),
      same: true,
    },
    { name: 'another finding', a: scan({ findings: [GZIP] }), b: scan({ findings: [TAR] }), same: false },
    {
      name: 'the same finding, now blocking',
      a: scan({ findings: [GZIP] }),
      b: scan({ findings: [GZIP], blocking: [findingKey(GZIP)] }),
      same: false,
    },
    { name: 'another gate', a: scan(), b: scan({ policy: { threshold: 'CRITICAL', ignoreUnfixed: true } }), same: false },
    {
      name: 'an ignore that expired',
      a: scan({ findings: [GZIP], ignored: [{ key: findingKey(GZIP), reason: 'r' }] }),
      b: scan({ findings: [GZIP], expired: [{ key: findingKey(GZIP), reason: 'r' }] }),
      same: false,
    },
  ];
  for (const c of cases) it(c.name, () => expect(sameResult(c.a, c.b)).toBe(c.same));
});
