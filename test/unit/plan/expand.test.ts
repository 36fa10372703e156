import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Catalog, CatalogImage } from '../../../packages/catalog/model.js';
import { canonicalJson, expandPlan, type Plan } from '../../../packages/plan/index.js';
import { makeWorkspace, type Workspace } from './example-catalog.js';

let ws: Workspace;
beforeEach(() => {
  ws = makeWorkspace();
});
afterEach(() => ws.remove());

const ids = (plan: Plan) => plan.entries.map((e) => e.id);
const entry = (plan: Plan, id: string) => {
  const found = plan.entries.find((e) => e.id === id);
  if (!found) throw new Error(`no entry ${id} in ${ids(plan).join(', ')}`);
  return found;
};

/** The workspace's catalog with no mirrors anywhere. */
function makeWorkspaceCatalogWithout(w: Workspace): Catalog {
  const copy = structuredClone(w.catalog);
  for (const image of copy.images) delete image.mirrors;
  return copy;
}

describe('expandPlan: deprecated images', () => {
  const deprecate = (removeAfter: string) => ({
    ...ws.catalog,
    images: ws.catalog.images.map((image) =>
      image.name === 'velero' ? { ...image, deprecated: { reason: 'use velero-next', removeAfter, location: image.location } } : image,
    ),
  });
  const cases = [
    { name: 'before remove-after: still built, labelled with why and until when', removeAfter: '2026-11-02', built: true },
    { name: 'on the remove-after day itself: still built', removeAfter: '2026-11-01', built: true },
    { name: 'after remove-after: not planned, and named as retired', removeAfter: '2026-10-31', built: false },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const plan = await expandPlan(deprecate(c.removeAfter), ws.context());
      const velero = plan.entries.filter((e) => e.application === 'velero');
      if (c.built) {
        expect(velero).toHaveLength(4);
        for (const e of velero) {
          expect(e.labels).toMatchObject({
            'dev.image-actions.deprecated': 'use velero-next',
            'dev.image-actions.remove-after': c.removeAfter,
          });
          expect(e.deprecated).toEqual({ reason: 'use velero-next', removeAfter: c.removeAfter });
        }
        expect(plan.retired).toEqual([]);
      } else {
        expect(velero).toEqual([]);
        expect(plan.retired).toEqual([{ application: 'velero', reason: 'use velero-next', removeAfter: c.removeAfter }]);
      }
      // The other images are as they were.
      expect(plan.entries.find((e) => e.application === 'python-runner')?.labels['dev.image-actions.deprecated']).toBeUndefined();
    });
  }

  it('the deprecation changes the build id: the image carries it', async () => {
    const before = entry(await expandPlan(ws.catalog, ws.context()), 'velero-1.12.3-aws1.8.2').buildId;
    const after = entry(await expandPlan(deprecate('2027-03-01'), ws.context()), 'velero-1.12.3-aws1.8.2').buildId;
    expect(after).not.toBe(before);
  });
});

describe('expandPlan', () => {
  it('plans one entry per image x version x variant, parents first', async () => {
    const plan = await expandPlan(ws.catalog, ws.context());
    expect(ids(plan)).toEqual([
      'velero-1.12.3-aws1.8.2',
      'velero-1.12.3-gcp1.8.1',
      'velero-1.13.0-aws1.9.0',
      'velero-1.13.0-gcp1.9.0',
      'python-runner-3.11.9',
      'node-app-20.11.1',
      'pipeline-tool-1.0.0',
    ]);
    expect(plan.stages.map((s) => [s.stage, s.shards.map((sh) => sh.ids.length)])).toEqual([
      [0, [6]],
      [1, [1]],
    ]);
  });

  it('fills in everything a build needs', async () => {
    const plan = await expandPlan(ws.catalog, ws.context());
    const velero = entry(plan, 'velero-1.12.3-aws1.8.2');
    expect(velero).toMatchObject({
      application: 'velero',
      version: '1.12.3',
      variant: { id: 'aws', version: '1.8.2' },
      context: 'catalog/images/velero',
      dockerfile: 'catalog/images/velero/Dockerfile',
      buildArgs: { VELERO_VERSION: '1.12.3', PLUGIN: 'aws', PLUGIN_VERSION: '1.8.2' },
      repository: 'ghcr.io/example-org/curated-images/velero',
      tags: ['ghcr.io/example-org/curated-images/velero:1.12.3-aws1.8.2'],
      stage: 0,
      parents: [],
    });
    expect(velero.labels).toEqual({
      'org.opencontainers.image.source': 'https://github.com/example-org/curated-images',
      'org.opencontainers.image.revision': 'a'.repeat(40),
      'org.opencontainers.image.version': '1.12.3-aws1.8.2',
      'org.opencontainers.image.created': '2026-11-01T12:00:00Z',
      'org.opencontainers.image.title': 'velero',
      'org.opencontainers.image.vendor': 'example-org',
      'org.opencontainers.image.authors': 'platform-team@example.com',
    });
    expect(velero.buildId).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(entry(plan, 'pipeline-tool-1.0.0')).toMatchObject({
      buildArgs: { TOOL: 'v1.0.0' },
      stage: 1,
      parents: [{ reference: 'ghcr.io/example-org/curated-images/python-runner:3.11.9', entry: 'python-runner-3.11.9' }],
    });
    expect(entry(plan, 'node-app-20.11.1').debug).toEqual({
      target: 'debug',
      repository: 'ghcr.io/example-org/curated-images/node-app-debug',
      tags: ['ghcr.io/example-org/curated-images/node-app-debug:20.11.1'],
    });
  });

  it('is byte-identical for the same catalog and commit', async () => {
    const a = canonicalJson(await expandPlan(ws.catalog, ws.context()));
    const b = canonicalJson(await expandPlan(structuredClone(ws.catalog), ws.context()));
    expect(b).toBe(a);
  });

  it('publishes to another registry when asked', async () => {
    const plan = await expandPlan(ws.catalog, ws.context({ registry: '127.0.0.1:5001' }));
    expect(entry(plan, 'python-runner-3.11.9').tags).toEqual(['127.0.0.1:5001/example-org/curated-images/python-runner:3.11.9']);
    // The Dockerfile still names the catalog's registry; the parent link holds.
    expect(entry(plan, 'pipeline-tool-1.0.0').parents).toHaveLength(1);
  });

  it('lists each image\u2019s mirrors, <mirror>/<application>, for the image and its debug twin, and none without', async () => {
    const mirror = { registry: 'artifactory.example.com', repository: 'curated', overwrite: false, location: { file: 'x', line: 1 } };
    const own = { registry: '127.0.0.1:5002', repository: 'lab', overwrite: true, location: { file: 'x', line: 2 } };
    for (const image of ws.catalog.images) image.mirrors = image.name === 'velero' ? [own] : [mirror];
    const plan = await expandPlan(ws.catalog, ws.context());
    expect(entry(plan, 'velero-1.12.3-aws1.8.2').mirrors).toEqual([{ repository: '127.0.0.1:5002/lab/velero', overwrite: true }]);
    const node = entry(plan, 'node-app-20.11.1');
    expect(node.mirrors).toEqual([{ repository: 'artifactory.example.com/curated/node-app', overwrite: false }]);
    expect(node.debug?.mirrors).toEqual([{ repository: 'artifactory.example.com/curated/node-app-debug', overwrite: false }]);
    // Mirrors say where a published digest goes, not what is built: the build id stays.
    const without = await expandPlan(makeWorkspaceCatalogWithout(ws), ws.context());
    expect(entry(plan, 'node-app-20.11.1').buildId).toBe(entry(without, 'node-app-20.11.1').buildId);
    expect(entry(without, 'node-app-20.11.1')).not.toHaveProperty('mirrors');
    expect(entry(without, 'node-app-20.11.1').debug).not.toHaveProperty('mirrors');
  });

  it('replaces every image\u2019s mirrors with the ones it is given (the lab\u2019s second registry)', async () => {
    ws.catalog.images[0] = { ...(ws.catalog.images[0] as CatalogImage), mirrors: [] };
    const plan = await expandPlan(
      ws.catalog,
      ws.context({ mirrors: [{ registry: '127.0.0.1:5002', repository: 'mirror', overwrite: false }] }),
    );
    for (const e of plan.entries)
      expect(e.mirrors, e.id).toEqual([{ repository: `127.0.0.1:5002/mirror/${e.application}`, overwrite: false }]);
  });

  it('uses an organisation template', async () => {
    const plan = await expandPlan(ws.catalog, ws.context({ tagTemplate: '{application}:{version}_{variant}-{variant-version}' }));
    expect(entry(plan, 'velero-1.12.3_aws-1.8.2').tags).toEqual(['ghcr.io/example-org/curated-images/velero:1.12.3_aws-1.8.2']);
  });

  it('plans one job per platform when asked, parents per platform', async () => {
    const plan = await expandPlan(ws.catalog, ws.context({ perPlatform: true, applications: ['python-runner', 'pipeline-tool'] }));
    expect(ids(plan)).toEqual([
      'python-runner-3.11.9-linux-amd64',
      'python-runner-3.11.9-linux-arm64',
      'pipeline-tool-1.0.0-linux-amd64',
      'pipeline-tool-1.0.0-linux-arm64',
    ]);
    expect(entry(plan, 'pipeline-tool-1.0.0-linux-arm64')).toMatchObject({
      platform: 'linux/arm64',
      parents: [{ entry: 'python-runner-3.11.9-linux-arm64' }],
    });
  });
});

describe('filters', () => {
  const cases: Array<{ name: string; applications?: string[]; glob?: string; want: string[] }> = [
    { name: 'one application', applications: ['python-runner'], want: ['python-runner-3.11.9'] },
    { name: 'a glob', glob: 'velero-1.13.*', want: ['velero-1.13.0-aws1.9.0', 'velero-1.13.0-gcp1.9.0'] },
    { name: 'both', applications: ['velero'], glob: '*-gcp*', want: ['velero-1.12.3-gcp1.8.1', 'velero-1.13.0-gcp1.9.0'] },
    { name: 'a child without its parent builds FROM the published parent', applications: ['pipeline-tool'], want: ['pipeline-tool-1.0.0'] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const plan = await expandPlan(
        ws.catalog,
        ws.context({ ...(c.applications ? { applications: c.applications } : {}), ...(c.glob ? { glob: c.glob } : {}) }),
      );
      expect(ids(plan)).toEqual(c.want);
      expect(plan.entries.every((e) => e.stage === 0 && e.parents.length === 0)).toBe(true);
    });
  }

  it.each([
    { name: 'where the catalog publishes', registry: undefined, image: 'ghcr.io/example-org/curated-images/python-runner:3.11.9' },
    {
      name: 'in the registry the plan publishes to instead',
      registry: '127.0.0.1:5001',
      image: '127.0.0.1:5001/example-org/curated-images/python-runner:3.11.9',
    },
  ])('a parent the plan does not build is read from its published image, $name', async ({ registry, image }) => {
    const plan = await expandPlan(ws.catalog, ws.context({ applications: ['pipeline-tool'], ...(registry ? { registry } : {}) }));
    expect(entry(plan, 'pipeline-tool-1.0.0').publishedParents).toEqual([
      { reference: 'ghcr.io/example-org/curated-images/python-runner:3.11.9', image },
    ]);
  });

  it('a parent the plan builds is a parent in the plan, not a published one', async () => {
    const child = entry(await expandPlan(ws.catalog, ws.context()), 'pipeline-tool-1.0.0');
    expect([child.parents.map((p) => p.entry), child.publishedParents]).toEqual([['python-runner-3.11.9'], []]);
  });

  it('refuses an application the catalog does not have', async () => {
    await expect(expandPlan(ws.catalog, ws.context({ applications: ['velro'] }))).rejects.toThrow(/input 'images' names 'velro'/);
  });
});

describe('build ids', () => {
  const idOf = async (id: string) => entry(await expandPlan(ws.catalog, ws.context()), id).buildId;

  it('do not change with the commit', async () => {
    const a = entry(await expandPlan(ws.catalog, ws.context()), 'python-runner-3.11.9').buildId;
    const b = entry(
      await expandPlan(ws.catalog, ws.context({ commit: { sha: 'b'.repeat(40), time: '2026-11-02T00:00:00Z' } })),
      'python-runner-3.11.9',
    ).buildId;
    expect(b).toBe(a);
  });

  const changes: Array<{ name: string; change: (ws: Workspace) => void; changed: string[]; same: string[] }> = [
    {
      name: 'a file in the context',
      change: (w) => w.write('catalog/images/velero/plugin.sh', 'echo other\n'),
      changed: ['velero-1.12.3-aws1.8.2'],
      same: ['python-runner-3.11.9'],
    },
    {
      name: "a parent's Dockerfile changes the parent and the child",
      change: (w) => w.write('catalog/images/python-runner/Dockerfile', 'FROM scratch\n'),
      changed: ['python-runner-3.11.9', 'pipeline-tool-1.0.0'],
      same: ['velero-1.12.3-aws1.8.2'],
    },
  ];
  for (const c of changes) {
    it(c.name, async () => {
      const before = await expandPlan(ws.catalog, ws.context());
      c.change(ws);
      const after = await expandPlan(ws.catalog, ws.context());
      for (const id of c.changed) expect(entry(after, id).buildId, id).not.toBe(entry(before, id).buildId);
      for (const id of c.same) expect(entry(after, id).buildId, id).toBe(entry(before, id).buildId);
    });
  }

  it('ignore what the .dockerignore leaves out of the context', async () => {
    ws.write('catalog/images/velero/.dockerignore', '# notes are not built\nnotes/\n');
    const before = await idOf('velero-1.12.3-aws1.8.2');
    ws.write('catalog/images/velero/notes/a.md', 'something else');
    expect(await idOf('velero-1.12.3-aws1.8.2')).toBe(before);
    ws.write('catalog/images/velero/kept.md', 'seen by the build');
    expect(await idOf('velero-1.12.3-aws1.8.2')).not.toBe(before);
  });

  it('differ between variants of one context', async () => {
    const plan = await expandPlan(ws.catalog, ws.context());
    expect(new Set(plan.entries.map((e) => e.buildId)).size).toBe(plan.entries.length);
  });
});

describe('refusals', () => {
  it('a FROM naming a tag the catalog does not plan, at the Dockerfile line', async () => {
    ws.write('catalog/images/pipeline-tool/Dockerfile', '# tool\nFROM ghcr.io/example-org/curated-images/python-runner:3.12.0\n');
    await expect(expandPlan(ws.catalog, ws.context())).rejects.toThrow(
      /^catalog\/images\/pipeline-tool\/Dockerfile:2: FROM ghcr.io\/example-org\/curated-images\/python-runner:3.12.0 names a catalog image that the catalog does not plan/,
    );
  });

  it('images that build FROM each other', async () => {
    ws.write('catalog/images/python-runner/Dockerfile', 'FROM ghcr.io/example-org/curated-images/pipeline-tool:1.0.0\n');
    await expect(expandPlan(ws.catalog, ws.context())).rejects.toThrow(
      /cycle: .*python-runner-3.11.9 -> pipeline-tool-1.0.0 -> python-runner-3.11.9/,
    );
  });

  it('a tag two entries would share', async () => {
    const copy = structuredClone(ws.catalog);
    const node = copy.images[3];
    if (!node) throw new Error('fixture changed');
    const { debug: _twin, ...withoutTwin } = node;
    copy.images.push({ ...withoutTwin, name: 'node-app-debug', location: { file: 'catalog/images.yaml', line: 50 } });
    await expect(expandPlan(copy, ws.context())).rejects.toThrow(
      /\[duplicate-tag\] 'ghcr.io\/example-org\/curated-images\/node-app-debug:20.11.1' is planned twice/,
    );
  });

  it('a variant placeholder in an image without variants, at the version line', async () => {
    const copy = structuredClone(ws.catalog);
    const runner = copy.images[1];
    if (!runner) throw new Error('fixture changed');
    runner.buildArgs = { X: '{{variant.id}}' };
    await expect(expandPlan(copy, ws.context())).rejects.toThrow(
      /^catalog\/images.yaml:29:3: build arg X of python-runner 3.11.9 uses \{\{variant.id\}\}, but this version has no variants/,
    );
  });

  it('a version the scheme cannot tag, at its line', async () => {
    const copy = structuredClone(ws.catalog);
    const version = copy.images[1]?.versions[0];
    if (!version) throw new Error('fixture changed');
    version.version = 'v3.11.9';
    await expect(expandPlan(copy, ws.context())).rejects.toThrow(/^catalog\/images.yaml:29:3: \[no-version-prefix\]/);
  });
});
