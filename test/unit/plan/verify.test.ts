import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expandPlan, verifyTags } from '../../../packages/plan/index.js';
import { SOURCE_ID_LABEL, type TagRegistry } from '../../../packages/tags/index.js';
import { makeWorkspace, type Workspace } from './example-catalog.js';

let ws: Workspace;
beforeEach(() => {
  ws = makeWorkspace();
});
afterEach(() => ws.remove());

/** An in-memory registry: repository -> tag -> source ids of its platform images. */
function memoryRegistry(content: Record<string, Record<string, Array<string | undefined>>>): TagRegistry {
  return {
    listTags: async (repository) => Object.keys(content[repository] ?? {}).sort(),
    labelValues: async (repository, tag, label) => (label === SOURCE_ID_LABEL ? content[repository]?.[tag] : undefined),
  };
}

const BASE = 'ghcr.io/example-org/curated-images';

describe('verifyTags', () => {
  it('accepts the tags a good catalog plans', async () => {
    const result = await verifyTags({ tags: [], catalog: ws.catalog, plan: ws.context() });
    expect(result.violations).toEqual([]);
    // 4 velero + python-runner + pipeline-tool + node-app and its twin, plus one FROM line.
    expect(result.checked).toBe(9);
  });

  it('checks given tags against the catalog repository', async () => {
    const result = await verifyTags({ tags: [`${BASE}/velero:v1.12.3`, 'quay.io/x/y/velero:1.0'], catalog: ws.catalog });
    expect(result.violations.map((v) => v.rule)).toEqual(['no-version-prefix', 'repository']);
  });

  it('blames a FROM line that names a catalog image by a tag outside the scheme', async () => {
    ws.write('catalog/images/pipeline-tool/Dockerfile', `FROM ${BASE}/python-runner:latest\n`);
    const result = await verifyTags({ tags: [], catalog: ws.catalog, plan: ws.context() });
    expect(result.violations).toEqual([
      expect.objectContaining({ rule: 'template', location: { file: 'catalog/images/pipeline-tool/Dockerfile', line: 1 } }),
    ]);
  });

  it('checks the tags already in the registry, ignoring signatures and caches', async () => {
    const registry = memoryRegistry({
      [`${BASE}/velero`]: { '1.12.3-aws1.8.2': [], 'v1.0': [], 'sha256-abc.sig': [], 'buildcache-velero': [] },
    });
    const result = await verifyTags({ tags: [], catalog: ws.catalog, tagRegistry: registry });
    expect(result.violations.map((v) => [v.rule, v.tag, v.location?.line])).toEqual([['no-version-prefix', `${BASE}/velero:v1.0`, 10]]);
  });

  it('catches a planned tag that would silently move to other content', async () => {
    const plan = await expandPlan(ws.catalog, ws.context());
    const runner = plan.entries.find((e) => e.id === 'python-runner-3.11.9');
    const registry = memoryRegistry({
      [`${BASE}/python-runner`]: { '3.11.9': [`sha256:${'1'.repeat(64)}`, runner?.sourceId] },
      [`${BASE}/velero`]: { '1.12.3-aws1.8.2': [plan.entries[0]?.sourceId] },
      [`${BASE}/node-app`]: { '20.11.1': [undefined] },
    });
    const result = await verifyTags({ tags: [], catalog: ws.catalog, plan: ws.context(), tagRegistry: registry });
    expect(result.violations.map((v) => [v.rule, v.tag, v.location?.line])).toEqual([
      ['overwrite', `${BASE}/python-runner:3.11.9`, 29],
      ['overwrite', `${BASE}/node-app:20.11.1`, 43],
    ]);
    expect(result.violations[1]?.message).toContain('without the dev.image-actions.source-id label');
  });
});
