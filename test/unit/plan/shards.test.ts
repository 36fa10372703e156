import { describe, expect, it } from 'vitest';
import type { PlanEntry } from '../../../packages/plan/index.js';
import { matrixJson, splitStage } from '../../../packages/plan/index.js';

function entries(count: number, argBytes = 10): PlanEntry[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `app-1.0.${i}`,
    application: 'app',
    version: `1.0.${i}`,
    mode: 'layered',
    owner: 'team@example.com',
    context: 'images/app',
    dockerfile: 'images/app/Dockerfile',
    buildArgs: { PAD: 'x'.repeat(argBytes) },
    platforms: ['linux/amd64'],
    repository: 'ghcr.io/o/r/app',
    tags: [`ghcr.io/o/r/app:1.0.${i}`],
    labels: {},
    requires: [],
    buildId: `sha256:${'0'.repeat(64)}`,
    stage: 0,
    parents: [],
  }));
}

describe('shards', () => {
  const cases: Array<{ name: string; count: number; argBytes?: number; maxJobs: number; maxBytes: number; sizes: number[] }> = [
    { name: 'fits one shard', count: 3, maxJobs: 256, maxBytes: 900_000, sizes: [3] },
    { name: 'exactly the job limit', count: 256, maxJobs: 256, maxBytes: 900_000, sizes: [256] },
    { name: 'one past the job limit', count: 257, maxJobs: 256, maxBytes: 900_000, sizes: [256, 1] },
    { name: 'a small job limit', count: 5, maxJobs: 2, maxBytes: 900_000, sizes: [2, 2, 1] },
    { name: 'the byte limit before the job limit', count: 10, argBytes: 1000, maxJobs: 256, maxBytes: 3000, sizes: [2, 2, 2, 2, 2] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const list = entries(c.count, c.argBytes);
      const shards = splitStage(0, list, { maxJobs: c.maxJobs, maxBytes: c.maxBytes });
      expect(shards.map((s) => s.ids.length)).toEqual(c.sizes);
      // Nothing dropped, nothing repeated, order kept; every shard's matrix within the byte limit.
      expect(shards.flatMap((s) => s.ids)).toEqual(list.map((e) => e.id));
      for (const s of shards) {
        const json = matrixJson(list.filter((e) => s.ids.includes(e.id)));
        expect(Buffer.byteLength(json)).toBeLessThanOrEqual(c.maxBytes);
      }
      expect(shards.map((s) => s.shard)).toEqual(shards.map((_, i) => i));
    });
  }

  it('refuses an entry larger than any shard', () =>
    expect(() => splitStage(0, entries(1, 5000), { maxJobs: 256, maxBytes: 1000 })).toThrow(/alone takes \d+ bytes/));
});
