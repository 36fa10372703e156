import { describe, expect, it } from 'vitest';
import { type GateEvidence, gateRefusals } from '../../../packages/publish/index.js';

const repo = '127.0.0.1:5001/curated/velero';
const image = `${repo}@sha256:${'1'.repeat(64)}`;
const other = `${repo}@sha256:${'2'.repeat(64)}`;
const tags = [`${repo}:1.12.3-aws1.8.2`];
const passed: GateEvidence = {
  built: image,
  scan: { image, verdict: 'pass' },
  signature: { image, verified: true },
};

describe('gateRefusals', () => {
  const cases: Array<{ name: string; evidence: GateEvidence; tags?: string[]; tests?: number; upstream?: string; want: RegExp[] }> = [
    { name: 'every gate passed', evidence: passed, want: [] },
    { name: 'an import of the digest the plan resolved', evidence: passed, upstream: `sha256:${'1'.repeat(64)}`, want: [] },
    {
      name: 'an import of another digest than the plan resolved',
      evidence: passed,
      upstream: `sha256:${'3'.repeat(64)}`,
      want: [/import of sha256:3+, the upstream digest the plan resolved/],
    },
    {
      name: 'not built in this run',
      evidence: { scan: { image, verdict: 'pass' }, signature: { image, verified: true } },
      want: [/no build/],
    },
    { name: 'built another digest', evidence: { ...passed, built: other }, want: [/the build produced .*2222/] },
    { name: 'not scanned', evidence: { built: image, signature: { image, verified: true } }, want: [/not scanned/] },
    { name: 'scan failed', evidence: { ...passed, scan: { image, verdict: 'fail' } }, want: [/scan gate said fail/] },
    {
      name: 'scan saw less than the image holds',
      evidence: { ...passed, scan: { image, verdict: 'unscannable' } },
      want: [/scan gate said unscannable/],
    },
    { name: 'scan had a stale DB', evidence: { ...passed, scan: { image, verdict: 'stale-db' } }, want: [/scan gate said stale-db/] },
    { name: 'scan of another digest', evidence: { ...passed, scan: { image: other, verdict: 'pass' } }, want: [/scan covered/] },
    { name: 'not signed', evidence: { built: image, scan: { image, verdict: 'pass' } }, want: [/not signed/] },
    { name: 'signature not verified', evidence: { ...passed, signature: { image, verified: false } }, want: [/did not verify/] },
    {
      name: 'signature of another digest',
      evidence: { ...passed, signature: { image: other, verified: true } },
      want: [/signature covers/],
    },
    {
      name: 'tag in another repository',
      evidence: passed,
      tags: ['127.0.0.1:5001/curated/other:1.0.0'],
      want: [/is not in 127\.0\.0\.1:5001\/curated\/velero/],
    },
    { name: 'no tags planned', evidence: passed, tags: [], want: [/no tags/] },
    { name: 'everything missing', evidence: {}, want: [/no build/, /not scanned/, /not signed/] },
    { name: 'no tests declared, none needed', evidence: passed, tests: 0, want: [] },
    { name: 'declared tests passed on it', evidence: { ...passed, tests: { image, verdict: 'pass', passed: 2 } }, tests: 2, want: [] },
    { name: 'declared tests that did not run', evidence: passed, tests: 2, want: [/its 2 declared tests did not run/] },
    {
      name: 'tests that failed',
      evidence: { ...passed, tests: { image, verdict: 'fail', passed: 1 } },
      tests: 2,
      want: [/its tests failed/],
    },
    {
      name: 'tests of another digest',
      evidence: { ...passed, tests: { image: other, verdict: 'pass', passed: 2 } },
      tests: 2,
      want: [/the tests ran on .*2222.*, not .*1111/],
    },
    {
      name: 'fewer tests passed than the plan declares',
      evidence: { ...passed, tests: { image, verdict: 'pass', passed: 1 } },
      tests: 2,
      want: [/only 1 of its 2 declared tests passed/],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const plan = {
        image,
        tags: c.tags ?? tags,
        ...(c.tests !== undefined ? { tests: c.tests } : {}),
        ...(c.upstream !== undefined ? { upstreamDigest: c.upstream } : {}),
      };
      const refusals = gateRefusals(plan, c.evidence);
      expect(refusals).toHaveLength(c.want.length);
      for (const [i, pattern] of c.want.entries()) expect(refusals[i]).toMatch(pattern);
    });
  }
});
