import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dockerfileFroms } from '../../../packages/catalog/index.js';
import { expandPlan, type PlanEntry, type PlanRegistry } from '../../../packages/plan/index.js';
import { makeWorkspace, type Workspace } from './example-catalog.js';

let ws: Workspace;
beforeEach(() => {
  ws = makeWorkspace();
});
afterEach(() => ws.remove());

const DEBIAN = `sha256:${'d'.repeat(64)}`;
const BUSYBOX = `sha256:${'b'.repeat(64)}`;

/** A registry that names each tag's digest, and records what the plan asked. */
function registry(digests: Record<string, string | Error | undefined>): PlanRegistry & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    digestOf: async (reference) => {
      asked.push(reference);
      const found = digests[reference];
      if (found instanceof Error) throw found;
      return found;
    },
  };
}

async function plan(reader: PlanRegistry | undefined): Promise<Map<string, PlanEntry>> {
  const context = ws.context({
    readFroms: async (dockerfile) => (await dockerfileFroms(dockerfile)).map((f) => ({ reference: f.reference, line: f.line })),
    ...(reader !== undefined ? { reader } : {}),
  });
  return new Map((await expandPlan(ws.catalog, context)).entries.map((e) => [e.id, e]));
}

describe('base images in the plan', () => {
  const lab = {
    '127.0.0.1:5001/lab/debian:bookworm': DEBIAN,
    '127.0.0.1:5001/lab/busybox:stable': BUSYBOX,
  };

  it('resolves every FROM outside the catalog once, skipping stages and scratch, and pins it', async () => {
    const reader = registry(lab);
    const entries = await plan(reader);
    expect(entries.get('python-runner-3.11.9')?.bases).toEqual([
      { reference: '127.0.0.1:5001/lab/debian:bookworm', image: `127.0.0.1:5001/lab/debian@${DEBIAN}` },
    ]);
    expect(entries.get('node-app-20.11.1')?.bases).toEqual([
      { reference: '127.0.0.1:5001/lab/busybox:stable', image: `127.0.0.1:5001/lab/busybox@${BUSYBOX}` },
    ]);
    // A catalog parent is a parent, not a base image.
    expect(entries.get('pipeline-tool-1.0.0')?.bases).toEqual([]);
    // Four velero variants and python-runner share one FROM: asked once.
    expect(reader.asked.filter((r) => r.includes('debian'))).toEqual(['127.0.0.1:5001/lab/debian:bookworm']);
  });

  it('gives a moved base a new build id, and its children too, with the source id unchanged', async () => {
    const before = await plan(registry(lab));
    const after = await plan(registry({ ...lab, '127.0.0.1:5001/lab/debian:bookworm': `sha256:${'e'.repeat(64)}` }));
    for (const id of ['python-runner-3.11.9', 'pipeline-tool-1.0.0', 'velero-1.12.3-aws1.8.2']) {
      expect(after.get(id)?.buildId, id).not.toBe(before.get(id)?.buildId);
      expect(after.get(id)?.sourceId, id).toBe(before.get(id)?.sourceId);
    }
    // node-app is built on busybox only.
    expect(after.get('node-app-20.11.1')?.buildId).toBe(before.get('node-app-20.11.1')?.buildId);
  });

  it('leaves a base it cannot read unpinned and says why', async () => {
    const entries = await plan(
      registry({
        '127.0.0.1:5001/lab/debian:bookworm': new Error('503 Service Unavailable'),
        '127.0.0.1:5001/lab/busybox:stable': undefined,
      }),
    );
    expect(entries.get('python-runner-3.11.9')?.bases).toEqual([
      {
        reference: '127.0.0.1:5001/lab/debian:bookworm',
        unresolved: '127.0.0.1:5001/lab/debian:bookworm could not be read: 503 Service Unavailable',
      },
    ]);
    expect(entries.get('node-app-20.11.1')?.bases).toEqual([
      { reference: '127.0.0.1:5001/lab/busybox:stable', unresolved: '127.0.0.1:5001/lab/busybox:stable does not exist' },
    ]);
    const unread = await plan(undefined);
    expect(unread.get('node-app-20.11.1')?.bases[0]?.unresolved).toBe('the plan was given no registry to read it from');
  });
});
