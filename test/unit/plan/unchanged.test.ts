import { describe, expect, it } from 'vitest';
import { canonicalJson, type LastRescan, type Plan, type PlanEntry, planStages, skipUnchanged } from '../../../packages/plan/index.js';
import { BASES_LABEL, BUILD_ID_LABEL, SOURCE_ID_LABEL, type TaggedImage } from '../../../packages/tags/index.js';
import { planEntry } from '../../harness/plan-entry.js';

const R = 'registry.example.com/apps';
const NOW = new Date('2026-12-02T12:00:00Z');
const digest = (c: string) => `sha256:${c.repeat(64)}`;
const DEBIAN = `docker.io/library/debian@${digest('d')}`;

const base = planEntry({
  id: 'base-1.0.0',
  context: 'images/base',
  repository: `${R}/base`,
  tags: [`${R}/base:1.0.0`],
  buildId: digest('1'),
  bases: [{ reference: 'debian:bookworm', image: DEBIAN }],
});
const child = planEntry({
  id: 'child-2.0.0',
  context: 'images/child',
  repository: `${R}/child`,
  tags: [`${R}/child:2.0.0`],
  buildId: digest('2'),
  stage: 1,
  parents: [{ reference: `${R}/base:1.0.0`, entry: 'base-1.0.0' }],
});
const other = planEntry({
  id: 'other-3.0.0',
  context: 'images/other',
  repository: `${R}/other`,
  tags: [`${R}/other:3.0.0`],
  buildId: digest('3'),
});

function plan(entries: PlanEntry[]): Plan {
  return {
    schema: 1,
    catalog: 'images.yaml',
    commit: 'c',
    tagTemplate: 't',
    batch: 1,
    entries,
    stages: planStages(entries, { maxJobs: 256, maxBytes: 1_000_000 }),
    unchanged: [],
    skipped: [],
    unavailable: [],
    retired: [],
  };
}

interface Published {
  digest: string;
  labels: Record<string, string>;
  builtAt?: string;
  verifies?: boolean;
  rescan?: LastRescan;
}

/** A registry holding each entry as a nightly published it, which the cases then change. */
function published(entries: PlanEntry[], change: (byTag: Map<string, Published>) => void = () => {}) {
  const byTag = new Map<string, Published>();
  const digests = new Map<string, string>();
  entries.forEach((entry, i) => {
    const built = `${entry.repository}@${digest(String.fromCharCode(97 + i))}`;
    digests.set(entry.id, built);
    const bases: Record<string, string> = {};
    for (const b of entry.bases) if (b.image) bases[b.reference] = b.image;
    for (const p of entry.parents) bases[p.reference] = digests.get(p.entry) ?? '';
    for (const tag of entry.tags) {
      byTag.set(tag, {
        digest: built.split('@')[1] ?? '',
        labels: { [BUILD_ID_LABEL]: entry.buildId, [SOURCE_ID_LABEL]: entry.sourceId, [BASES_LABEL]: canonicalJson(bases) },
        builtAt: '2026-12-01T03:17:00Z',
      });
    }
  });
  change(byTag);
  const atDigest = (image: string) =>
    [...byTag.entries()].find(([tag, p]) => image === `${tag.slice(0, tag.lastIndexOf(':'))}@${p.digest}`)?.[1];
  const verified: string[] = [];
  return {
    verified,
    tagged: async (tag: string): Promise<TaggedImage | undefined> => {
      const p = byTag.get(tag);
      return p && { digest: p.digest, platforms: [p.labels] };
    },
    verify: async (image: string) => {
      verified.push(image);
      if (atDigest(image)?.verifies === false) throw new Error('no signatures found');
    },
    builtAt: async (image: string) => atDigest(image)?.builtAt,
    lastRescan: async (image: string) => atDigest(image)?.rescan,
  };
}

const settings = { force: false, now: NOW, severity: 'HIGH' as const, maxJobs: 256, maxBytes: 1_000_000 };
const why = (p: Plan) => Object.fromEntries(p.entries.map((e) => [e.id, e.rebuild]));

describe('skipUnchanged', () => {
  it('leaves out what is published with its build id, verified, and says what it checked', async () => {
    const registry = published([base, child, other]);
    const result = await skipUnchanged(plan([base, child, other]), registry, settings);
    expect(result.entries).toEqual([]);
    expect(result.stages).toEqual([]);
    expect(result.unchanged.map((u) => [u.id, u.image])).toEqual([
      ['base-1.0.0', `${R}/base@${digest('a')}`],
      ['child-2.0.0', `${R}/child@${digest('b')}`],
      ['other-3.0.0', `${R}/other@${digest('c')}`],
    ]);
    expect(result.unchanged[0]?.reason).toBe(
      `unchanged: build id ${digest('1')}; signature and SBOM attestation verified, built 1.4 days ago`,
    );
    expect(registry.verified).toHaveLength(3);
  });

  it('rebuilds a moved base, and the children of what it rebuilds, on the stages that remain', async () => {
    const moved = {
      ...base,
      bases: [{ reference: 'debian:bookworm', image: `docker.io/library/debian@${digest('e')}` }],
      buildId: digest('4'),
    };
    const result = await skipUnchanged(plan([moved, child, other]), published([base, child, other]), settings);
    expect(why(result)).toEqual({
      'base-1.0.0': [`FROM debian:bookworm moved from ${DEBIAN} to docker.io/library/debian@${digest('e')}`],
      'child-2.0.0': ['its parent base-1.0.0 is rebuilt'],
    });
    expect(result.entries.map((e) => [e.id, e.stage])).toEqual([
      ['base-1.0.0', 0],
      ['child-2.0.0', 1],
    ]);
    expect(result.unchanged.map((u) => u.id)).toEqual(['other-3.0.0']);
  });

  it('builds a child of an unchanged parent on the digest it verified', async () => {
    const changed = { ...child, buildId: digest('5'), sourceId: digest('6') };
    const result = await skipUnchanged(plan([base, changed]), published([base, child]), settings);
    expect(why(result)).toEqual({ 'child-2.0.0': [`its sources or build inputs changed (build id ${digest('5')})`] });
    expect(result.entries[0]).toMatchObject({
      stage: 0,
      parents: [],
      publishedParents: [{ reference: `${R}/base:1.0.0`, image: `${R}/base@${digest('a')}` }],
    });
  });

  it('rebuilds on every other trigger, each saying why', async () => {
    const entries = [
      other,
      { ...other, id: 'unsigned', tags: [`${R}/other:3.0.1`] },
      { ...other, id: 'old', tags: [`${R}/other:3.0.2`] },
      { ...other, id: 'fixable', tags: [`${R}/other:3.0.3`] },
      { ...other, id: 'missing', tags: [`${R}/other:3.0.4`] },
      { ...other, id: 'split', tags: [`${R}/other:3.0.5`, `${R}/other:3.0`] },
      { ...other, id: 'unresolved', tags: [`${R}/other:3.0.6`], bases: [{ reference: 'x:1', unresolved: 'x:1 does not exist' }] },
    ];
    const registry = published(entries, (byTag) => {
      const at = (tag: string) => byTag.get(`${R}/other:${tag}`) as Published;
      at('3.0.1').verifies = false;
      at('3.0.2').builtAt = '2026-11-20T00:00:00Z';
      at('3.0.3').rescan = {
        scannedAt: '2026-12-02T01:00:00Z',
        findings: [
          { id: 'CVE-1', pkg: 'zlib', installedVersion: '1.2', severity: 'HIGH', fixedVersion: '1.3' },
          { id: 'CVE-2', pkg: 'zlib', installedVersion: '1.2', severity: 'LOW', fixedVersion: '1.3' },
          { id: 'CVE-3', pkg: 'gzip', installedVersion: '1.1', severity: 'CRITICAL' },
          { id: 'CVE-4', pkg: 'tar', installedVersion: '1.0', severity: 'CRITICAL', fixedVersion: '1.1' },
        ],
        ignored: [{ key: 'CVE-4 tar@1.0' }],
      };
      byTag.delete(`${R}/other:3.0.4`);
      byTag.set(`${R}/other:3.0`, { ...at('3.0.5'), digest: digest('9') });
    });
    const result = await skipUnchanged(plan(entries), registry, settings);
    const reasons = why(result);
    expect(reasons.unsigned?.[0]).toMatch(/^registry\.example\.com\/apps\/other@sha256:b+ does not verify: no signatures found$/);
    expect(reasons.old).toEqual(['built 12.5 days ago (2026-11-20T00:00:00Z), older than max-age 7 days']);
    expect(reasons.fixable).toEqual([
      'the last rescan (2026-12-02T01:00:00Z) found 1 fixable finding(s) at or above HIGH: CVE-1 (zlib 1.2 -> 1.3)',
    ]);
    expect(reasons.missing).toEqual([`${R}/other:3.0.4 is not published`]);
    expect(reasons.split?.[0]).toMatch(/^its tags name different digests/);
    expect(reasons.unresolved).toEqual(['base image x:1 was not resolved: x:1 does not exist']);
    expect(result.unchanged.map((u) => u.id)).toEqual(['other-3.0.0']);

    const forced = await skipUnchanged(plan([other]), published([other]), { ...settings, force: true });
    expect(why(forced)).toEqual({ 'other-3.0.0': ['forced (force: true)'] });
  });
});
