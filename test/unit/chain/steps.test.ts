import { describe, expect, it } from 'vitest';
import { commitEpoch, verdictReason } from '../../../packages/chain/index.js';
import type { PlanEntry } from '../../../packages/plan/entry.js';
import type { Finding, ImageVerdict } from '../../../packages/trivy/index.js';

const IMAGE = `127.0.0.1:5001/org/velero@sha256:${'a'.repeat(64)}`;
const zero = { UNKNOWN: 0, LOW: 0, MEDIUM: 0, HIGH: 0, CRITICAL: 0 };

function finding(id: string, severity: Finding['severity'], fixedVersion?: string): Finding {
  return {
    id,
    pkg: 'gzip',
    installedVersion: '1.12-1',
    severity,
    target: `${IMAGE} (debian 12)`,
    ...(fixedVersion ? { fixedVersion } : {}),
  };
}

function verdict(blocking: Finding[], ignored: Finding[] = []): ImageVerdict {
  return {
    image: IMAGE,
    counts: { ...zero, HIGH: blocking.length + ignored.length, LOW: 2 },
    fixable: zero,
    blocking,
    ignored: ignored.map((f) => ({ finding: f, entry: { id: f.id, reason: 'test', location: { file: 'ignores.yaml' } } })),
    expired: [],
    verdict: blocking.length > 0 ? 'fail' : 'pass',
  };
}

describe('verdictReason', () => {
  const policy = { threshold: 'HIGH' as const, ignoreUnfixed: true };
  const cases: Array<{ name: string; verdict: ImageVerdict; reason: string }> = [
    { name: 'nothing blocks', verdict: verdict([]), reason: 'no finding at or above HIGH with a fixed version (2 findings in all)' },
    {
      name: 'one blocking finding, with its fix',
      verdict: verdict([finding('TEST-2026-0001', 'HIGH', '1.12-1+labtest1')]),
      reason: '1 finding at or above HIGH with a fixed version: TEST-2026-0001 (HIGH, gzip 1.12-1, fixed in 1.12-1+labtest1)',
    },
    {
      name: 'the first three of many, and how many more',
      verdict: verdict(['A', 'B', 'C', 'D', 'E'].map((id) => finding(`TEST-${id}`, 'CRITICAL', '2'))),
      reason:
        '5 findings at or above HIGH with a fixed version: TEST-A (CRITICAL, gzip 1.12-1, fixed in 2), TEST-B (CRITICAL, gzip 1.12-1, fixed in 2), TEST-C (CRITICAL, gzip 1.12-1, fixed in 2) and 2 more',
    },
    {
      name: 'ignored findings are named, so an accepted risk stays visible',
      verdict: verdict([], [finding('TEST-2026-0001', 'HIGH', '1.12-1+labtest1')]),
      reason: 'no finding at or above HIGH with a fixed version (3 findings in all; 1 ignored (TEST-2026-0001))',
    },
  ];
  for (const c of cases) it(c.name, () => expect(verdictReason(c.verdict, policy)).toBe(c.reason));
});

describe('commitEpoch', () => {
  const cases: Array<{ name: string; labels: Record<string, string>; epoch: number | undefined }> = [
    { name: 'the commit time the plan stamped', labels: { 'org.opencontainers.image.created': '2026-11-22T13:52:25Z' }, epoch: 1795355545 },
    { name: 'none when the plan stamped none', labels: {}, epoch: undefined },
    { name: 'none when it is not a date', labels: { 'org.opencontainers.image.created': 'yesterday' }, epoch: undefined },
  ];
  for (const c of cases) it(c.name, () => expect(commitEpoch({ labels: c.labels } as unknown as PlanEntry)).toBe(c.epoch));
});
