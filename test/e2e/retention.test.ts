import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubApi } from '../../actions/_common/github.js';
import { loadCatalog } from '../../packages/catalog/index.js';
import { verifySignature } from '../../packages/cosign/index.js';
import { MemoryLogger } from '../../packages/logging/index.js';
import { ExecRunner } from '../../packages/process/index.js';
import { ANONYMOUS, RegistryClient } from '../../packages/registry/index.js';
import {
  type Deleter,
  ghcrDeleter,
  packageOf,
  type RetainResult,
  registryDeleter,
  retainVersions,
} from '../../packages/retention/index.js';
import { startGitHubApi } from '../harness/github-api.js';
import { type RegistryProxy, startRegistryProxy } from '../harness/registry-proxy.js';
import { type Lab, lab } from './lab.js';
import { type PublishedImage, publishSigned, type TestKey, testKey } from './publish-lab.js';

/**
 * Retention against the lab's real registries, on images published for real
 * (built by buildx as two-platform indexes, signed and attested by cosign):
 * in both of cosign's storage modes (v2's .sig/.att tags, v3's referrers) and
 * on a registry with the referrers API (olareg) and one without it
 * (distribution 2.8, the fallback tag).
 */
let l: Lab;
let scratch: string;
let key: TestKey;
const client = new RegistryClient({ credentials: ANONYMOUS });
const proxies: RegistryProxy[] = [];

beforeAll(() => {
  l = lab();
  scratch = mkdtempSync(join(tmpdir(), 'retention-e2e-'));
  key = testKey(l, scratch);
});

afterAll(async () => {
  for (const proxy of proxies) await proxy.close();
  key?.remove();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** A catalog of its own, in a workspace of its own, publishing to `host/<unique>/curated`. */
async function catalog(host: string, images: string) {
  const dir = mkdtempSync(join(scratch, 'catalog-'));
  const repository = `e2e-retain-${randomBytes(4).toString('hex')}/curated`;
  mkdirSync(join(dir, 'images', 'web'), { recursive: true });
  writeFileSync(join(dir, 'images', 'web', 'Dockerfile'), 'FROM scratch\n');
  mkdirSync(join(dir, 'images', 'old'), { recursive: true });
  writeFileSync(join(dir, 'images', 'old', 'Dockerfile'), 'FROM scratch\n');
  writeFileSync(join(dir, 'images.yaml'), `registry: "${host}"\nrepository: ${repository}\nimages:\n${images}`);
  return { catalog: await loadCatalog(join(dir, 'images.yaml')), base: `${host}/${repository}`, path: repository };
}

function retain(
  c: Awaited<ReturnType<typeof catalog>>,
  now: Date,
  options: { registry?: string; clientOf?: RegistryClient; cosign?: string; deleter?: Deleter } = {},
) {
  const used = options.clientOf ?? client;
  const log = new MemoryLogger();
  const runner = new ExecRunner();
  return {
    log,
    run: retainVersions({
      catalog: c.catalog,
      ...(options.registry !== undefined ? { registry: options.registry } : {}),
      client: used,
      deleter: options.deleter ?? registryDeleter(used),
      dryRun: false,
      now,
      log,
      verify: async (image) => {
        await verifySignature(runner, log, {
          cosign: options.cosign ?? l.bin.cosign,
          image,
          publicKey: key.publicKey,
          identity: {},
          transparencyLog: false,
          workDir: mkdtempSync(join(scratch, 'verify-')),
          env: {},
        });
      },
    }),
  };
}

/** A catalog keeping one version of `web`, which has two published: 1.0.0 to remove, 2.0.0 to keep. */
async function oldAndKept(content: string) {
  const c = await catalog(
    l.registry,
    `  web:\n    owner: team@example.com\n    context: images/web\n    keep: 1\n    versions: ["2.0.0"]\n`,
  );
  const repository = `${c.base}/web`;
  const publish = (tag: string, what: string) =>
    publishSigned(l, { repository, tags: [tag], content: `${content} ${what}`, key, cosign: l.bin.cosign, scratch });
  return { c, repository, old: await publish('1.0.0', 'old'), kept: await publish('2.0.0', 'kept') };
}

const hostOf = (repository: string) => repository.slice(0, repository.indexOf('/'));
const pathOf = (repository: string) => repository.slice(repository.indexOf('/') + 1);

/** Whether a manifest is still in the registry, by digest. */
async function exists(repository: string, digest: string): Promise<boolean> {
  return (await client.findManifest(hostOf(repository), pathOf(repository), digest)) !== undefined;
}

/** The manifests of every signature and attestation of a digest, in whichever storage: cosign's tags and referrers. */
async function attachments(repository: string, digest: string): Promise<string[]> {
  const [host, path] = [hostOf(repository), pathOf(repository)];
  const tags = (await client.tags(host, path)).filter((t) => t.startsWith(digest.replace(':', '-')));
  const tagged = await Promise.all(tags.map(async (t) => (await client.manifest(host, path, t)).digest));
  const referrers = await client.referrers(host, path, digest);
  return [...new Set([...tagged, ...referrers.descriptors.map((d) => d.digest)])];
}

const NOW = new Date('2026-12-01T00:00:00Z');

describe.each([
  { mode: 'cosign v2 (.sig and .att tags) on distribution', host: () => l.registry, cosign: () => l.bin['cosign-v2'] },
  { mode: 'cosign v3 (referrers, fallback tag) on distribution', host: () => l.registry, cosign: () => l.bin.cosign },
  { mode: 'cosign v3 (referrers API) on olareg', host: () => l.referrersRegistry, cosign: () => l.bin.cosign },
])('keep: 2 after three versions, $mode', ({ host, cosign }) => {
  let c: Awaited<ReturnType<typeof catalog>>;
  let repository: string;
  const published: Record<string, PublishedImage> = {};
  let oldestAttachments: string[];
  let result: RetainResult;

  beforeAll(async () => {
    c = await catalog(host(), `  web:\n    owner: team@example.com\n    context: images/web\n    keep: 2\n    versions: ["1.2.0"]\n`);
    repository = `${c.base}/web`;
    for (const version of ['1.0.0', '1.1.0', '1.2.0']) {
      published[version] = await publishSigned(l, {
        repository,
        tags: [version],
        content: `${repository} ${version}`,
        key,
        cosign: cosign(),
        scratch,
      });
    }
    // A user's own tag, outside the scheme, on the newest.
    const newest = await client.manifest(hostOf(repository), pathOf(repository), '1.2.0');
    await client.putManifest(hostOf(repository), pathOf(repository), 'latest', newest.mediaType, newest.body);
    // The signature and the SBOM attestation, wherever this cosign put them.
    oldestAttachments = await attachments(repository, published['1.0.0']?.digest ?? '');
    expect(oldestAttachments.length).toBeGreaterThanOrEqual(2);
    result = await retain(c, NOW, { cosign: cosign() }).run;
  });

  it('the oldest version is gone, with its index, both platform manifests, its signature and its attestation', async () => {
    const oldest = published['1.0.0'];
    if (!oldest) throw new Error('not published');
    expect(await client.tags(hostOf(repository), pathOf(repository))).not.toContain('1.0.0');
    expect(await exists(repository, oldest.digest)).toBe(false);
    for (const platform of oldest.platforms) expect(await exists(repository, platform)).toBe(false);
    expect(await attachments(repository, oldest.digest)).toEqual([]);
    for (const attachment of oldestAttachments) expect(await exists(repository, attachment)).toBe(false);
    expect(result.done.length).toBeGreaterThanOrEqual(3 + oldestAttachments.length);
  });

  it('the two kept ones still resolve, keep both platform manifests, and still verify', async () => {
    for (const version of ['1.1.0', '1.2.0']) {
      const kept = published[version];
      if (!kept) throw new Error('not published');
      expect((await client.manifest(hostOf(repository), pathOf(repository), version)).digest).toBe(kept.digest);
      expect(kept.platforms).toHaveLength(2);
      for (const platform of kept.platforms) expect(await exists(repository, platform)).toBe(true);
      expect(await attachments(repository, kept.digest)).not.toEqual([]);
    }
    expect(result.verified.sort()).toEqual([`${repository}:1.1.0`, `${repository}:1.2.0`]);
  });

  it('a tag outside the scheme is untouched', async () => {
    expect((await client.manifest(hostOf(repository), pathOf(repository), 'latest')).digest).toBe(published['1.2.0']?.digest);
    expect(result.plans[0]?.protected).toContainEqual({ what: ':latest', why: 'not a version of the tag scheme' });
  });

  it('a second run with nothing to remove removes nothing', async () => {
    const again = await retain(c, NOW, { cosign: cosign() }).run;
    expect(again.done).toEqual([]);
  });
});

describe('retention, the other rules, on the lab', () => {
  it('a digest shared by a kept and a removed tag survives: untagged on olareg, left tagged on distribution', async () => {
    for (const host of [l.referrersRegistry, l.registry]) {
      const c = await catalog(host, `  web:\n    owner: team@example.com\n    context: images/web\n    keep: 1\n    versions: ["2.0.0"]\n`);
      const repository = `${c.base}/web`;
      const shared = await publishSigned(l, {
        repository,
        tags: ['1.0.0', '2.0.0'],
        content: 'shared',
        key,
        cosign: l.bin.cosign,
        scratch,
      });
      const result = await retain(c, NOW).run;
      expect(await exists(repository, shared.digest)).toBe(true);
      expect((await client.manifest(hostOf(repository), pathOf(repository), '2.0.0')).digest).toBe(shared.digest);
      const tags = await client.tags(hostOf(repository), pathOf(repository));
      if (host === l.referrersRegistry) {
        expect(tags).not.toContain('1.0.0');
        expect(result.done).toEqual([expect.objectContaining({ action: 'untag', tag: '1.0.0' })]);
      } else {
        expect(tags).toContain('1.0.0');
        expect(result.plans[0]?.protected.map((p) => p.why)).toContainEqual(expect.stringMatching(/cannot delete a single tag/));
      }
    }
  });

  it('the same rules on every mirror the catalog names, each with its own record', async () => {
    const mirror = `${l.referrersRegistry}/e2e-retain-mirror-${randomBytes(4).toString('hex')}`;
    const c = await catalog(
      l.registry,
      `  web:\n    owner: team@example.com\n    context: images/web\n    keep: 1\n    mirrors: ["${mirror}"]\n    versions: ["2.0.0"]\n`,
    );
    const places = [`${c.base}/web`, `${mirror}/web`];
    const published: Record<string, PublishedImage[]> = {};
    for (const repository of places) {
      published[repository] = [];
      for (const version of ['1.0.0', '2.0.0']) {
        published[repository]?.push(
          await publishSigned(l, { repository, tags: [version], content: `${repository} ${version}`, key, cosign: l.bin.cosign, scratch }),
        );
      }
    }
    const log = new MemoryLogger();
    const result = await retainVersions({
      catalog: c.catalog,
      client,
      deleter: registryDeleter(client),
      dryRun: false,
      includeMirrors: true,
      now: NOW,
      log,
      verify: async () => {},
    });
    expect(result.plans.map((p) => p.repository)).toEqual(places);
    for (const repository of places) {
      const [old, kept] = published[repository] ?? [];
      expect(await exists(repository, old?.digest ?? '')).toBe(false);
      expect(await exists(repository, kept?.digest ?? '')).toBe(true);
      expect((await client.tags(hostOf(repository), pathOf(repository))).filter((t) => !t.startsWith('sha256-'))).toEqual(
        expect.arrayContaining(['2.0.0', 'image-actions-retention']),
      );
    }
  });

  it('on ghcr.io, removes through the Packages API: the version ids of what is removed, and nothing else', async () => {
    // The registry API is read as on ghcr.io (the lab's registry stands in for its reads); deletes go to the
    // loopback stand-in of GitHub's Packages API, whose versions are the registry's manifests.
    const { c, repository, old, kept } = await oldAndKept('ghcr');
    const { owner, name } = packageOf(`${c.path}/web`);
    const versions: Array<{ digest: string; tags: string[] }> = [];
    for (const tag of await client.tags(hostOf(repository), pathOf(repository))) {
      versions.push({ digest: (await client.manifest(hostOf(repository), pathOf(repository), tag)).digest, tags: [tag] });
    }
    for (const image of [old, kept]) for (const platform of image.platforms) versions.push({ digest: platform, tags: [] });
    for (const digest of [...(await attachments(repository, old.digest)), ...(await attachments(repository, kept.digest))]) {
      if (!versions.some((v) => v.digest === digest)) versions.push({ digest, tags: [] });
    }
    const standIn = await startGitHubApi();
    try {
      const ids = standIn.addPackageVersions({ kind: 'org', name: owner }, name, versions);
      const idOf = new Map(versions.map((v, i) => [v.digest, ids[i]]));
      const removedDigests = [old.digest, ...old.platforms, ...(await attachments(repository, old.digest))];
      const deleter = ghcrDeleter(githubApi('test-token', new MemoryLogger(), { baseUrl: standIn.url }));
      // The kept version is read back and verified with cosign, as on any registry.
      const result = await retain(c, NOW, { deleter }).run;
      const deleted = standIn.requests.filter((r) => r.method === 'DELETE').map((r) => Number(r.path.split('/').at(-1)));
      expect(deleted.sort()).toEqual(removedDigests.map((d) => idOf.get(d)).sort());
      expect(result.done.every((a) => a.action === 'delete')).toBe(true);
      expect(result.verified).toEqual([`${repository}:2.0.0`]);
      // Nothing went through the registry API: the lab's registry still holds the removed version.
      expect(await exists(repository, old.digest)).toBe(true);
      expect(await exists(repository, kept.digest)).toBe(true);
    } finally {
      await standIn.close();
    }
  });

  it('a deprecated image past remove-after is removed entirely, its debug-free neighbour untouched', async () => {
    const c = await catalog(
      l.registry,
      `  web:\n    owner: team@example.com\n    context: images/web\n    versions: ["1.0.0"]\n` +
        `  old:\n    owner: team@example.com\n    context: images/old\n    deprecated: { reason: "use web", remove-after: "2026-11-30" }\n    versions: ["1.0.0", "1.1.0"]\n`,
    );
    const web = await publishSigned(l, {
      repository: `${c.base}/web`,
      tags: ['1.0.0'],
      content: 'web',
      key,
      cosign: l.bin.cosign,
      scratch,
    });
    const old = [];
    for (const version of ['1.0.0', '1.1.0']) {
      old.push(
        await publishSigned(l, {
          repository: `${c.base}/old`,
          tags: [version],
          content: `old ${version}`,
          key,
          cosign: l.bin.cosign,
          scratch,
        }),
      );
    }
    // The day after remove-after.
    await retain(c, NOW).run;
    const oldTags = (await client.tags(hostOf(c.base), `${c.path}/old`)).filter((t) => t !== 'image-actions-retention');
    expect(oldTags).toEqual([]);
    for (const image of old) expect(await exists(`${c.base}/old`, image.digest)).toBe(false);
    expect(await exists(`${c.base}/web`, web.digest)).toBe(true);
  });

  it('a superseded digest survives its grace period, and is removed with its signature after it', async () => {
    const c = await catalog(
      l.registry,
      `  web:\n    owner: team@example.com\n    context: images/web\n    keep-superseded: 30\n    versions: ["1.0.0"]\n`,
    );
    const repository = `${c.base}/web`;
    const first = await publishSigned(l, { repository, tags: ['1.0.0'], content: 'first build', key, cosign: l.bin.cosign, scratch });
    await retain(c, new Date('2026-11-01T00:00:00Z')).run;
    // The nightly rebuilt 1.0.0 and moved the tag.
    const second = await publishSigned(l, { repository, tags: ['1.0.0'], content: 'second build', key, cosign: l.bin.cosign, scratch });
    const within = await retain(c, new Date('2026-11-02T00:00:00Z')).run;
    expect(within.done).toEqual([]);
    expect(await exists(repository, first.digest)).toBe(true);
    expect(within.plans[0]?.protected.map((p) => p.why)).toContainEqual(
      'superseded as :1.0.0 on 2026-11-02; kept until 2026-12-02 (keep-superseded 30 days)',
    );
    const after = await retain(c, new Date('2026-12-03T00:00:00Z')).run;
    expect(after.done.map((a) => (a.action === 'delete' ? a.digest : a.tag))).toContain(first.digest);
    expect(await exists(repository, first.digest)).toBe(false);
    expect(await attachments(repository, first.digest)).toEqual([]);
    expect((await client.manifest(hostOf(repository), pathOf(repository), '1.0.0')).digest).toBe(second.digest);
    expect(after.verified).toEqual([`${repository}:1.0.0`]);
  });

  it('the registry fails in the middle of a run: nothing kept is harmed, and the next run finishes the job', async () => {
    const { c, repository, old, kept } = await oldAndKept('fault');
    // Through a proxy that lets two deletes through and then answers 503 to every delete.
    let deletes = 0;
    const proxy = await startRegistryProxy(l.registry, (request) =>
      request.method === 'DELETE' && ++deletes > 2 ? { status: 503 } : undefined,
    );
    proxies.push(proxy);
    const faulty = new RegistryClient({ credentials: ANONYMOUS, retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 100 } });
    const oldAttachments = await attachments(repository, old.digest);
    await expect(retain(c, NOW, { registry: proxy.host, clientOf: faulty }).run).rejects.toThrow(/503/);
    // It stopped halfway: some deletes went through, the rest were refused.
    expect(proxy.seen.filter((s) => s.method === 'DELETE' && s.answeredBy === 'registry' && s.status === 202).length).toBeGreaterThan(0);
    expect(proxy.seen.some((s) => s.method === 'DELETE' && s.status === 503)).toBe(true);
    expect(await exists(repository, kept.digest)).toBe(true);
    for (const platform of kept.platforms) expect(await exists(repository, platform)).toBe(true);
    await verifySignature(new ExecRunner(), new MemoryLogger(), {
      cosign: l.bin.cosign,
      image: kept.image,
      publicKey: key.publicKey,
      identity: {},
      transparencyLog: false,
      workDir: mkdtempSync(join(scratch, 'verify-')),
      env: {},
    });
    proxy.setRule(() => undefined);
    const next = await retain(c, NOW, { registry: proxy.host, clientOf: faulty }).run;
    expect(next.done.length).toBeGreaterThan(0);
    expect(await exists(repository, old.digest)).toBe(false);
    for (const platform of old.platforms) expect(await exists(repository, platform)).toBe(false);
    expect(await attachments(repository, old.digest)).toEqual([]);
    for (const attachment of oldAttachments) expect(await exists(repository, attachment)).toBe(false);
    expect(next.verified).toEqual([`${proxy.host}/${c.path}/web:2.0.0`]);
  });
});
