import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dockerfileFroms, parseCatalog } from '../../../packages/catalog/index.js';
import { isUserError } from '../../../packages/errors/index.js';
import {
  expandPlan,
  importLines,
  type PlanContext,
  type PlanRegistry,
  parseUpstreamMirrors,
  throughMirror,
  unavailableLine,
} from '../../../packages/plan/index.js';

const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'plan-imports-'));
  mkdirSync(join(dir, 'images', 'tool'), { recursive: true });
  writeFileSync(join(dir, 'images', 'tool', 'Dockerfile'), 'FROM busybox:1.36.1\nCOPY tool /tool\n');
  writeFileSync(join(dir, 'images', 'tool', 'tool'), 'x');
  writeFileSync(join(dir, 'upstream.pub'), '-----BEGIN PUBLIC KEY-----\nabc\n-----END PUBLIC KEY-----\n');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const CATALOG = `registry: registry.example.com
repository: platform/curated
images:
  busybox:
    owner: platform@example.com
    import: docker.io/library/busybox
    platforms: [linux/amd64, linux/arm64]
    versions: ["1.36.1"]
  tool:
    owner: platform@example.com
    versions: ["1.0.0"]
`;

/** A registry of tags: the digest each names, a throw for a registry that does not answer. */
class Tags implements PlanRegistry {
  readonly asked: string[] = [];
  constructor(private readonly tags: Record<string, string | Error>) {}
  async digestOf(reference: string): Promise<string | undefined> {
    this.asked.push(reference);
    const found = this.tags[reference];
    if (found instanceof Error) throw found;
    return found;
  }
}

async function plan(reader: PlanRegistry, text = CATALOG, extra: Partial<PlanContext> = {}) {
  const file = join(dir, 'images.yaml');
  writeFileSync(file, text);
  const catalog = await parseCatalog(text, file, { workspace: dir });
  return expandPlan(catalog, {
    workspace: dir,
    commit: { sha: 'c'.repeat(40), time: '2026-11-01T00:00:00Z' },
    today: '2026-11-01',
    readFroms: async (dockerfile) => (await dockerfileFroms(dockerfile)).map((f) => ({ reference: f.reference, line: f.line })),
    reader,
    ...extra,
  });
}

describe('expandPlan: imports', () => {
  it('resolves the upstream tag to its digest and plans the copy before the image built FROM it', async () => {
    const tags = new Tags({ 'docker.io/library/busybox:1.36.1': D1 });
    const p = await plan(tags);
    expect(p.entries.map((e) => [e.id, e.stage])).toEqual([
      ['busybox-1.36.1', 0],
      ['tool-1.0.0', 1],
    ]);
    const [busybox, tool] = p.entries;
    expect(busybox?.import).toEqual({
      upstream: 'docker.io/library/busybox:1.36.1',
      digest: D1,
      source: `docker.io/library/busybox@${D1}`,
    });
    expect(busybox).toMatchObject({ context: '', dockerfile: '', buildArgs: {}, labels: {}, platforms: ['linux/amd64', 'linux/arm64'] });
    // The FROM the upstream is built on the curated copy, as a catalog parent is.
    expect(tool?.parents).toEqual([{ reference: 'busybox:1.36.1', entry: 'busybox-1.36.1' }]);
    expect(importLines(p)).toEqual([`busybox-1.36.1: imports docker.io/library/busybox:1.36.1 at ${D1} (not published before)`]);
    expect(tags.asked).toContain('registry.example.com/platform/curated/busybox:1.36.1');
  });

  it('says when upstream moved, and gives the moved import (and what is built FROM it) a new build id', async () => {
    const before = await plan(
      new Tags({ 'docker.io/library/busybox:1.36.1': D1, 'registry.example.com/platform/curated/busybox:1.36.1': D1 }),
    );
    const after = await plan(
      new Tags({ 'docker.io/library/busybox:1.36.1': D2, 'registry.example.com/platform/curated/busybox:1.36.1': D1 }),
    );
    expect(importLines(before)).toEqual([`busybox-1.36.1: docker.io/library/busybox:1.36.1 is still ${D1}, as published`]);
    expect(importLines(after)).toEqual([`busybox-1.36.1: upstream moved from ${D1} to ${D2} (docker.io/library/busybox:1.36.1)`]);
    expect(after.entries[0]?.import?.published).toBe(D1);
    expect(after.entries[0]?.buildId).not.toBe(before.entries[0]?.buildId);
    expect(after.entries[1]?.buildId).not.toBe(before.entries[1]?.buildId);
  });

  it('reads upstream through the mirror it is given, and records the upstream name', async () => {
    const tags = new Tags({ 'mirror.example.com/hub/library/busybox:1.36.1': D1 });
    const p = await plan(tags, CATALOG, { upstreamMirrors: { 'docker.io': 'mirror.example.com/hub' } });
    expect(p.entries[0]?.import).toMatchObject({
      upstream: 'docker.io/library/busybox:1.36.1',
      source: `mirror.example.com/hub/library/busybox@${D1}`,
    });
  });

  it('leaves out an import whose upstream cannot be read; what is built FROM it uses the published copy', async () => {
    const tags = new Tags({
      'docker.io/library/busybox:1.36.1': new Error('connect ECONNREFUSED'),
      'registry.example.com/platform/curated/busybox:1.36.1': D1,
    });
    const p = await plan(tags);
    expect(p.entries.map((e) => e.id)).toEqual(['tool-1.0.0']);
    expect(p.entries[0]?.publishedParents).toEqual([
      { reference: 'busybox:1.36.1', image: 'registry.example.com/platform/curated/busybox:1.36.1' },
    ]);
    expect(p.unavailable).toEqual([
      {
        id: 'busybox-1.36.1',
        upstream: 'docker.io/library/busybox:1.36.1',
        reason: 'docker.io/library/busybox:1.36.1 could not be read: connect ECONNREFUSED',
        published: `registry.example.com/platform/curated/busybox@${D1}`,
      },
    ]);
    expect(unavailableLine(p.unavailable[0] ?? { id: '', upstream: '', reason: '' })).toMatch(
      /not imported this run: .*; registry\.example\.com\/platform\/curated\/busybox@sha256:1+ stays published, and builds FROM it use that\.$/,
    );
    // A tag upstream removed is the same: not an error, nothing planned for it.
    const gone = await plan(new Tags({}));
    expect(gone.unavailable[0]?.reason).toBe('docker.io/library/busybox:1.36.1 does not exist');
  });

  it('takes the upstream tag from the catalog when it differs from the scheme tag, and reads the upstream key', async () => {
    const text = CATALOG.replace(
      '    versions: ["1.36.1"]\n  tool:',
      '    upstream-signature: { key: upstream.pub, transparency-log: false }\n    versions:\n      "1.36.1": { upstream-tag: "1.36.1-musl" }\n  tool:',
    );
    const p = await plan(new Tags({ 'docker.io/library/busybox:1.36.1-musl': D1 }), text.replace('FROM busybox:1.36.1', ''));
    expect(p.entries[0]?.import).toMatchObject({
      upstream: 'docker.io/library/busybox:1.36.1-musl',
      signature: { kind: 'key', publicKey: expect.stringContaining('BEGIN PUBLIC KEY'), transparencyLog: false },
    });
    expect(p.entries[0]?.tags).toEqual(['registry.example.com/platform/curated/busybox:1.36.1']);
  });

  it('resolves only the imports the selection needs: a filter that leaves them out reads no registry', async () => {
    writeFileSync(join(dir, 'images', 'tool', 'Dockerfile'), 'FROM scratch\nCOPY tool /tool\n');
    const file = join(dir, 'images.yaml');
    const catalog = await parseCatalog(CATALOG, file, { workspace: dir });
    const context = {
      workspace: dir,
      commit: { sha: 'c', time: 't' },
      today: '2026-11-01',
      readFroms: async (f: string) => dockerfileFroms(f),
    };
    const p = await expandPlan(catalog, { ...context, applications: ['tool'] });
    expect(p.entries.map((e) => e.id)).toEqual(['tool-1.0.0']);
    expect(p.skipped).toEqual(['busybox-1.36.1']);
  });

  it('refuses to plan imports without a registry to resolve them with', async () => {
    const file = join(dir, 'images.yaml');
    const catalog = await parseCatalog(CATALOG, file, { workspace: dir });
    await expect(
      expandPlan(catalog, { workspace: dir, commit: { sha: 'c', time: 't' }, today: '2026-11-01', readFroms: () => [] }),
    ).rejects.toThrow(/imports images, and the plan was given no registry/);
  });
});

describe('catalog: imports', () => {
  const problems = async (text: string): Promise<string[]> => {
    try {
      await parseCatalog(text, join(dir, 'images.yaml'), { workspace: dir });
      return [];
    } catch (error: unknown) {
      if (!isUserError(error)) throw error;
      return error.problems.map((p) => `${p.location?.line}: ${p.message}`);
    }
  };

  it('refuses build fields on an import, at their lines', async () => {
    const text = CATALOG.replace(
      '    import: docker.io/library/busybox\n',
      '    import: docker.io/library/busybox\n    context: images/tool\n    build-args: { A: b }\n',
    );
    expect(await problems(text)).toEqual([
      "7: 'busybox' imports docker.io/library/busybox, so 'context' has no meaning: an imported image is copied, not built.",
      "8: 'busybox' imports docker.io/library/busybox, so 'build-args' has no meaning: an imported image is copied, not built.",
    ]);
  });

  it('refuses import fields without an import, an upstream without a registry, and a missing key file', async () => {
    const noImport = CATALOG.replace('    import: docker.io/library/busybox\n', '    upstream-signature: { key: upstream.pub }\n');
    expect(await problems(noImport)).toContain(
      "6: 'busybox' has 'upstream-signature' but no 'import': only an imported image has an upstream to verify.",
    );
    expect((await problems(CATALOG.replace('import: docker.io/library/busybox', 'import: busybox')))[0]).toMatch(
      /^6: 'images\.busybox\.import' 'busybox' does not have the allowed form/,
    );
    const missingKey = CATALOG.replace(
      '    import: docker.io/library/busybox\n',
      '    import: docker.io/library/busybox\n    upstream-signature: { key: nope.pub }\n',
    );
    expect(await problems(missingKey)).toEqual(["7: the upstream key 'nope.pub' of 'busybox' does not exist."]);
  });
});

describe('upstream mirrors', () => {
  it('reads mirror lines, and names the input when one is wrong', () => {
    expect(parseUpstreamMirrors(['docker.io=127.0.0.1:5001', 'ghcr.io = mirror.example.com/ghcr'], 'upstream-mirrors')).toEqual({
      'docker.io': '127.0.0.1:5001',
      'ghcr.io': 'mirror.example.com/ghcr',
    });
    expect(() => parseUpstreamMirrors(['docker.io'], 'upstream-mirrors')).toThrow(
      "input 'upstream-mirrors' has 'docker.io', which is not <upstream registry>=<mirror>.",
    );
    expect(() => parseUpstreamMirrors(['docker.io=a.example.com', 'docker.io=b.example.com'], 'upstream-mirrors')).toThrow(/twice/);
  });

  it('rewrites only the registry the mirror is for', () => {
    const mirrors = { 'docker.io': 'mirror.example.com/hub/' };
    expect(throughMirror('docker.io/library/redis:7.2.4', mirrors)).toBe('mirror.example.com/hub/library/redis:7.2.4');
    expect(throughMirror('cgr.dev/chainguard/static:latest', mirrors)).toBe('cgr.dev/chainguard/static:latest');
  });
});
