import { describe, expect, it } from 'vitest';
import {
  classifyTag,
  EMPTY_STATE,
  type ManifestNode,
  planRepository,
  type RepositoryInventory,
  type RetentionState,
  type StreamPolicy,
} from '../../../packages/retention/index.js';
import { tagScheme } from '../../../packages/tags/index.js';

/**
 * The retention plan over made-up graphs: what is kept, what is removed and
 * in which order, and what is protected and why. The same rules run against
 * the lab's registries in test/e2e/retention.test.ts.
 */
const scheme = tagScheme();
const d = (name: string) => `sha256:${name.padEnd(64, '0')}`;

interface Graph {
  tags: Record<string, string>;
  nodes: Record<string, Partial<Omit<ManifestNode, 'digest'>>>;
}

function inventory(graph: Graph): RepositoryInventory {
  const inv: RepositoryInventory = {
    host: '127.0.0.1:5001',
    repository: 'org/apps/velero',
    tags: new Map(),
    nodes: new Map(),
    unaccounted: [],
  };
  for (const [tag, digest] of Object.entries(graph.tags)) inv.tags.set(tag, { digest, kind: classifyTag(tag, scheme) });
  for (const [digest, node] of Object.entries(graph.nodes)) {
    inv.nodes.set(digest, { digest, mediaType: 'application/vnd.oci.image.manifest.v1+json', children: [], attachments: [], ...node });
  }
  for (const [tag, { kind }] of inv.tags) if (kind.kind === 'attachment' && !inv.nodes.has(kind.subject)) inv.unaccounted.push(tag);
  return inv;
}

const policy = (over: Partial<StreamPolicy> = {}): StreamPolicy => ({
  keep: 2,
  listed: new Set(),
  retired: false,
  keepSupersededDays: 30,
  canUntag: true,
  ...over,
});
const NOW = new Date('2026-12-01T00:00:00Z');
const deletes = (plan: ReturnType<typeof planRepository>) => plan.actions.filter((a) => a.action === 'delete').map((a) => a.digest);

/** Three signed versions: v1 is an index of two platform manifests, each image with a .sig tag. */
const three: Graph = {
  tags: {
    '1.0.0': d('a1'),
    '1.1.0': d('b1'),
    '1.2.0': d('c1'),
    [`sha256-${'a1'.padEnd(64, '0')}.sig`]: d('a5'),
    [`sha256-${'b1'.padEnd(64, '0')}.sig`]: d('b5'),
    [`sha256-${'c1'.padEnd(64, '0')}.sig`]: d('c5'),
  },
  nodes: {
    [d('a1')]: { mediaType: 'application/vnd.oci.image.index.v1+json', children: [d('a2'), d('a3')], attachments: [d('a5')] },
    [d('a2')]: {},
    [d('a3')]: { attachments: [d('a4')] },
    [d('a4')]: {},
    [d('a5')]: {},
    [d('b1')]: { attachments: [d('b5')] },
    [d('b5')]: {},
    [d('c1')]: { attachments: [d('c5')] },
    [d('c5')]: {},
  },
};

describe('planRepository', () => {
  it('keeps the newest versions, removes the oldest with its signature and platform manifests, attachments first', () => {
    const plan = planRepository(inventory(three), policy(), EMPTY_STATE, NOW);
    expect(plan.kept.get('')).toEqual(['1.2.0', '1.1.0']);
    expect(plan.removed.get('')).toEqual(['1.0.0']);
    expect(deletes(plan)).toEqual([d('a5'), d('a1'), d('a2'), d('a4'), d('a3')]);
    for (const kept of [d('b1'), d('b5'), d('c1'), d('c5')]) expect(plan.keptDigests.has(kept)).toBe(true);
    expect(plan.next.tags).toEqual({ '1.2.0': d('c1'), '1.1.0': d('b1') });
  });

  it('orders by numbers, not text (1.10 is newer than 1.9), and keeps each variant identifier as its own stream', () => {
    const graph: Graph = {
      tags: { '1.9.0-aws1.0.0': d('1'), '1.10.0-aws1.0.0': d('2'), '1.10.0-aws1.1.0': d('3'), '1.9.0-gcp1.0.0': d('4') },
      nodes: { [d('1')]: {}, [d('2')]: {}, [d('3')]: {}, [d('4')]: {} },
    };
    const plan = planRepository(inventory(graph), policy({ keep: 2 }), EMPTY_STATE, NOW);
    expect(plan.kept.get('aws')).toEqual(['1.10.0-aws1.1.0', '1.10.0-aws1.0.0']);
    expect(plan.removed.get('aws')).toEqual(['1.9.0-aws1.0.0']);
    expect(plan.kept.get('gcp')).toEqual(['1.9.0-gcp1.0.0']);
  });

  it('never removes a version the catalog lists, however old', () => {
    const plan = planRepository(inventory(three), policy({ keep: 1, listed: new Set(['1.0.0']) }), EMPTY_STATE, NOW);
    expect(plan.kept.get('')).toEqual(['1.2.0', '1.0.0']);
    expect(deletes(plan)).toEqual([d('b5'), d('b1')]);
  });

  const shared: Graph = {
    tags: { '1.0.0': d('s'), '1.1.0': d('s'), '1.2.0': d('t') },
    nodes: { [d('s')]: {}, [d('t')]: {} },
  };
  it('a digest a kept tag shares survives: the removed tag alone is untagged', () => {
    const plan = planRepository(inventory(shared), policy({ keep: 2 }), EMPTY_STATE, NOW);
    expect(plan.kept.get('')).toEqual(['1.2.0', '1.1.0']);
    expect(plan.actions).toEqual([
      { action: 'untag', tag: '1.0.0', digest: d('s'), why: '1.0.0 is not kept; its digest stays for :1.1.0' },
    ]);
  });

  it('where the registry cannot delete a single tag, a shared digest keeps even the removed tag, and says why', () => {
    const plan = planRepository(inventory(shared), policy({ keep: 2, canUntag: false }), EMPTY_STATE, NOW);
    expect(plan.actions).toEqual([]);
    expect(plan.protected).toContainEqual({
      what: ':1.0.0',
      why: `shares ${'s'.padEnd(12, '0')} with :1.1.0, and this registry cannot delete a single tag`,
    });
  });

  it('a dry run, which asks the registry nothing, plans the untag and says it depends on the registry', () => {
    const plan = planRepository(inventory(shared), policy({ keep: 2, canUntag: 'unknown' }), EMPTY_STATE, NOW);
    expect(plan.actions).toEqual([
      {
        action: 'untag',
        tag: '1.0.0',
        digest: d('s'),
        why: '1.0.0 is not kept; its digest stays for :1.1.0 (where the registry can delete a single tag)',
      },
    ]);
  });

  it('tags outside the scheme and the build cache are untouched, and so is everything they name', () => {
    const graph: Graph = { ...three, tags: { ...three.tags, latest: d('a1'), 'v1.0.0': d('b1'), 'buildcache-velero': d('cc') } };
    const plan = planRepository(inventory(graph), policy({ keep: 1 }), EMPTY_STATE, NOW);
    expect(plan.removed.get('')).toEqual(['1.1.0', '1.0.0']);
    // 1.0.0's index is what :latest names, and 1.1.0's image is :v1.0.0's: both stay, only the version tags go.
    expect(deletes(plan)).toEqual([]);
    expect(plan.actions.map((a) => (a.action === 'untag' ? a.tag : a.digest))).toEqual(['1.1.0', '1.0.0']);
    expect(plan.protected.map((p) => p.what)).toEqual(expect.arrayContaining([':latest', ':v1.0.0', ':buildcache-velero']));
  });

  it('a kept index keeps every platform manifest, even one a removed index shares', () => {
    const graph: Graph = {
      tags: { '1.0.0': d('old'), '1.1.0': d('new') },
      nodes: {
        [d('old')]: { mediaType: 'application/vnd.oci.image.index.v1+json', children: [d('amd'), d('arm-old')] },
        [d('new')]: { mediaType: 'application/vnd.oci.image.index.v1+json', children: [d('amd'), d('arm-new')] },
        [d('amd')]: {},
        [d('arm-old')]: {},
        [d('arm-new')]: {},
      },
    };
    const plan = planRepository(inventory(graph), policy({ keep: 1 }), EMPTY_STATE, NOW);
    expect(deletes(plan)).toEqual([d('old'), d('arm-old')]);
    expect(plan.keptDigests.has(d('amd'))).toBe(true);
  });

  it('a deprecated image past remove-after loses every version, listed or not', () => {
    const plan = planRepository(inventory(three), policy({ retired: true, listed: new Set(['1.2.0']) }), EMPTY_STATE, NOW);
    expect(plan.kept.get('')).toEqual([]);
    expect(new Set(deletes(plan))).toEqual(new Set(Object.keys(three.nodes)));
  });

  describe('superseded digests', () => {
    // A rebuild moved 1.2.0 from c1 to c9; retention saw 1.2.0 at c1 last time.
    const moved: Graph = {
      tags: { ...three.tags, '1.2.0': d('c9'), [`sha256-${'c9'.padEnd(64, '0')}.sig`]: d('c8') },
      nodes: { ...three.nodes, [d('c9')]: { attachments: [d('c8')] }, [d('c8')]: {} },
    };
    const seen: RetentionState = { tags: { '1.2.0': d('c1'), '1.1.0': d('b1') }, superseded: [], pending: [] };

    it('a tag a rebuild moved leaves its old digest superseded from now, protected for the grace period', () => {
      const plan = planRepository(inventory(moved), policy({ keep: 3 }), seen, NOW);
      expect(deletes(plan)).toEqual([]);
      expect(plan.next.superseded).toEqual([{ digest: d('c1'), tag: '1.2.0', since: NOW.toISOString() }]);
      expect(plan.protected).toContainEqual({
        what: 'c10000000000',
        why: 'superseded as :1.2.0 on 2026-12-01; kept until 2026-12-31 (keep-superseded 30 days)',
      });
    });

    it('past the grace period it goes, with its signature; the tag and its new digest stay', () => {
      const later = { ...seen, superseded: [{ digest: d('c1'), tag: '1.2.0', since: '2026-10-01T00:00:00.000Z' }] };
      const plan = planRepository(inventory(moved), policy({ keep: 3 }), later, NOW);
      expect(deletes(plan)).toEqual([d('c5'), d('c1')]);
      expect(plan.next.superseded).toEqual([]);
      expect(plan.keptDigests.has(d('c9'))).toBe(true);
    });

    it('a superseded digest a kept tag names again is not removed', () => {
      const back = { ...seen, superseded: [{ digest: d('b1'), tag: '1.2.0', since: '2026-01-01T00:00:00.000Z' }] };
      const plan = planRepository(inventory(moved), policy({ keep: 3 }), back, NOW);
      expect(deletes(plan)).not.toContain(d('b1'));
    });

    it('the grace period is the catalog setting', () => {
      const later = { ...seen, superseded: [{ digest: d('c1'), tag: '1.2.0', since: '2026-11-20T00:00:00.000Z' }] };
      expect(deletes(planRepository(inventory(moved), policy({ keep: 3, keepSupersededDays: 30 }), later, NOW))).toEqual([]);
      expect(deletes(planRepository(inventory(moved), policy({ keep: 3, keepSupersededDays: 7 }), later, NOW))).toEqual([d('c5'), d('c1')]);
    });
  });

  it('finishes the removals an earlier run left pending, unless something kept now needs them', () => {
    const pending: RetentionState = {
      ...EMPTY_STATE,
      pending: [
        { action: 'delete', digest: d('gone'), why: 'a platform manifest of an index already deleted' },
        { action: 'delete', digest: d('b1'), why: 'stale' },
      ],
    };
    const plan = planRepository(inventory(three), policy({ keep: 3 }), pending, NOW);
    expect(plan.actions).toEqual([
      { action: 'delete', digest: d('gone'), why: 'a platform manifest of an index already deleted (left by an earlier run)' },
    ]);
  });

  it('a signature of a digest nothing names is not accounted for, and left alone', () => {
    const graph: Graph = { tags: { ...three.tags, [`sha256-${'ff'.padEnd(64, '0')}.sig`]: d('f5') }, nodes: three.nodes };
    const plan = planRepository(inventory(graph), policy({ keep: 3 }), EMPTY_STATE, NOW);
    expect(deletes(plan)).toEqual([]);
    expect(plan.protected).toContainEqual({
      what: `:sha256-${'ff'.padEnd(64, '0')}.sig`,
      why: 'attached to a digest nothing here names; not removed',
    });
  });
});

describe('classifyTag', () => {
  it.each([
    ['1.12.3-aws1.8.2', { kind: 'version', stream: 'aws', version: '1.12.3', variantVersion: '1.8.2' }],
    ['3.11.9', { kind: 'version', stream: '', version: '3.11.9', variantVersion: '0.0' }],
    [`sha256-${'a'.repeat(64)}.sig`, { kind: 'attachment', subject: `sha256:${'a'.repeat(64)}` }],
    [`sha256-${'a'.repeat(64)}`, { kind: 'attachment', subject: `sha256:${'a'.repeat(64)}` }],
    ['buildcache-velero', { kind: 'cache' }],
    ['image-actions-retention', { kind: 'state' }],
    ['latest', { kind: 'foreign' }],
    ['v1.12.3', { kind: 'foreign' }],
    ['1.12.3-rc1', { kind: 'foreign' }],
  ])('%s', (tag, kind) => expect(classifyTag(tag, scheme)).toEqual(kind));
});
