import { describe, expect, it } from 'vitest';
import type { PlanEntry } from '../../../packages/plan/index.js';
import { type BatchLeg, matrixJson, matrixLegs, selectMatrix, splitStage } from '../../../packages/plan/index.js';

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
    sourceId: `sha256:${'1'.repeat(64)}`,
    bases: [],
    maxAge: 7,
    stage: 0,
    parents: [],
    publishedParents: [],
  }));
}

describe('shards', () => {
  const cases: Array<{
    name: string;
    count: number;
    argBytes?: number;
    maxJobs: number;
    maxBytes: number;
    batch?: number;
    sizes: number[];
  }> = [
    { name: 'fits one shard', count: 3, maxJobs: 256, maxBytes: 900_000, sizes: [3] },
    { name: 'exactly the job limit', count: 256, maxJobs: 256, maxBytes: 900_000, sizes: [256] },
    { name: 'one past the job limit', count: 257, maxJobs: 256, maxBytes: 900_000, sizes: [256, 1] },
    { name: 'a small job limit', count: 5, maxJobs: 2, maxBytes: 900_000, sizes: [2, 2, 1] },
    { name: 'the byte limit before the job limit', count: 10, argBytes: 1000, maxJobs: 256, maxBytes: 3300, sizes: [2, 2, 2, 2, 2] },
    { name: 'batches: the job limit counts legs', count: 1000, maxJobs: 256, maxBytes: 900_000, batch: 4, sizes: [1000] },
    { name: 'batches: one leg past the job limit', count: 1025, maxJobs: 256, maxBytes: 900_000, batch: 4, sizes: [1024, 1] },
    { name: 'batches: a small job limit', count: 7, maxJobs: 2, maxBytes: 900_000, batch: 3, sizes: [6, 1] },
    {
      name: 'batches: the byte limit before the job limit',
      count: 10,
      argBytes: 1000,
      maxJobs: 256,
      maxBytes: 3300,
      batch: 4,
      sizes: [2, 2, 2, 2, 2],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const list = entries(c.count, c.argBytes);
      const shards = splitStage(0, list, { maxJobs: c.maxJobs, maxBytes: c.maxBytes, batch: c.batch ?? 1 });
      expect(shards.map((s) => s.ids.length)).toEqual(c.sizes);
      // Nothing dropped, nothing repeated, order kept; every shard's matrix within both limits.
      expect(shards.flatMap((s) => s.ids)).toEqual(list.map((e) => e.id));
      for (const s of shards) {
        const held = list.filter((e) => s.ids.includes(e.id));
        expect(Buffer.byteLength(matrixJson(held, c.batch))).toBeLessThanOrEqual(c.maxBytes);
        expect(matrixLegs(held, c.batch).length).toBeLessThanOrEqual(c.maxJobs);
      }
      expect(shards.map((s) => s.shard)).toEqual(shards.map((_, i) => i));
    });
  }

  it('fills a batched shard to the byte limit exactly, as the matrix is written', () => {
    const list = entries(9, 300);
    for (const batch of [1, 2, 3, 5]) {
      for (let limit = 400; limit < 4000; limit += 37) {
        let shards: ReturnType<typeof splitStage>;
        try {
          shards = splitStage(0, list, { maxJobs: 256, maxBytes: limit, batch });
        } catch {
          continue;
        }
        for (const [i, s] of shards.entries()) {
          const held = list.filter((e) => s.ids.includes(e.id));
          expect(Buffer.byteLength(matrixJson(held, batch))).toBeLessThanOrEqual(limit);
          // The next entry would not have fitted: no shard is cut short.
          const next = shards[i + 1]?.ids[0];
          if (next !== undefined) {
            const grown = list.filter((e) => s.ids.includes(e.id) || e.id === next);
            expect(Buffer.byteLength(matrixJson(grown, batch))).toBeGreaterThan(limit);
          }
        }
      }
    }
  });

  it('refuses an entry larger than any shard', () =>
    expect(() => splitStage(0, entries(1, 5000), { maxJobs: 256, maxBytes: 1000 })).toThrow(/alone takes \d+ bytes/));
});

describe('matrixLegs', () => {
  it('keeps one leg per entry at batch 1', () => {
    const list = entries(3);
    expect(matrixLegs(list, 1)).toEqual(list);
    expect(JSON.parse(matrixJson(list)).include.map((e: PlanEntry) => e.id)).toEqual(list.map((e) => e.id));
  });

  it('puts consecutive entries in legs of the batch, never two stages in one', () => {
    const list = entries(7).map((e, i) => ({ ...e, stage: i < 5 ? 0 : 1 }));
    const legs = matrixLegs(list, 2) as BatchLeg[];
    expect(legs.map((l) => l.entries.map((e) => e.version))).toEqual([
      ['1.0.0', '1.0.1'],
      ['1.0.2', '1.0.3'],
      ['1.0.4'],
      ['1.0.5', '1.0.6'],
    ]);
    expect(legs.map((l) => l.id)).toEqual(['app-1.0.0..app-1.0.1', 'app-1.0.2..app-1.0.3', 'app-1.0.4', 'app-1.0.5..app-1.0.6']);
  });
});

describe('selectMatrix', () => {
  const list = entries(5);
  const plan = {
    entries: list,
    stages: [
      { stage: 0, shards: splitStage(0, list.slice(0, 3), { maxJobs: 2, maxBytes: 900_000 }) },
      { stage: 1, shards: splitStage(1, list.slice(3), { maxJobs: 2, maxBytes: 900_000 }) },
    ],
  };
  const ids = (selected: PlanEntry[]) => selected.map((e) => e.id);
  const cases: Array<{ name: string; stage?: number; shard?: number; want: string[] | RegExp }> = [
    {
      name: 'the whole plan, when it fits one matrix though it takes several shards',
      want: ['app-1.0.0', 'app-1.0.1', 'app-1.0.2', 'app-1.0.3', 'app-1.0.4'],
    },
    { name: 'a stage of one shard', stage: 1, want: ['app-1.0.3', 'app-1.0.4'] },
    { name: 'a stage of several shards', stage: 0, want: /set 'shard' too/ },
    { name: 'one shard', stage: 0, shard: 1, want: ['app-1.0.2'] },
    { name: 'a stage past the last', stage: 5, want: [] },
    { name: 'a shard without a stage', shard: 0, want: /'shard' is set without 'stage'/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const run = () =>
        selectMatrix(plan, { ...(c.stage !== undefined ? { stage: c.stage } : {}), ...(c.shard !== undefined ? { shard: c.shard } : {}) });
      if (c.want instanceof RegExp) expect(run).toThrow(c.want);
      else expect(ids(run())).toEqual(c.want);
    });
  }

  it('the whole plan when it fits one shard', () => {
    const small = {
      entries: list.slice(0, 2),
      stages: [{ stage: 0, shards: splitStage(0, list.slice(0, 2), { maxJobs: 256, maxBytes: 900_000 }) }],
    };
    expect(ids(selectMatrix(small, {}))).toEqual(['app-1.0.0', 'app-1.0.1']);
  });
});
