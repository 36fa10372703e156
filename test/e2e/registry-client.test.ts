import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryLogger } from '../../packages/logging/index.js';
import { ExecRunner } from '../../packages/process/index.js';
import { publish } from '../../packages/publish/index.js';
import { ANONYMOUS, actionCredentials, RegistryClient } from '../../packages/registry/index.js';
import { type RegistryProxy, startRegistryProxy } from '../harness/registry-proxy.js';
import { type DockerConfig, dockerLogin, freshDockerConfig, passHelper } from './docker-config.js';
import { type Lab, lab, runToolOk } from './lab.js';

/**
 * The one registry client against the lab's real registries: distribution
 * 2.8 (anonymous, and behind basic auth; no referrers API, no tag deletion)
 * and olareg (both APIs), with logins as docker writes them and faults from
 * a proxy in front.
 */
let l: Lab;
const suffix = randomBytes(4).toString('hex');
const repository = `e2e-registry-${suffix}/busybox`;
let digest: string;
const configs: DockerConfig[] = [];
const proxies: RegistryProxy[] = [];
const quick = { attempts: 3, baseDelayMs: 10, maxDelayMs: 5_000 };

/** Copies the lab's busybox index (both platforms) into `host/path` with skopeo, by digest. */
function copyBusybox(host: string, path: string, tag: string): void {
  const source = l.baseImages.busybox;
  runToolOk(l, l.bin.skopeo, [
    'copy',
    '--all',
    '--src-tls-verify=false',
    '--dest-tls-verify=false',
    `docker://${source}`,
    `docker://${host}/${path}:${tag}`,
  ]);
}

beforeAll(() => {
  l = lab();
  digest = l.baseImages.busybox.split('@')[1] ?? '';
  copyBusybox(l.registry, repository, 'base');
  copyBusybox(l.referrersRegistry, repository, 'base');
});

afterAll(async () => {
  for (const config of configs) config.remove();
  for (const proxy of proxies) await proxy.close();
});

describe('the registry client against the lab', () => {
  it('reads a tags list of several pages whole (olareg pages it with Link headers; distribution 2.8 never pages tags)', async () => {
    const client = new RegistryClient({ credentials: ANONYMOUS, pageSize: 2 });
    const manifest = await client.manifest(l.referrersRegistry, repository, 'base');
    for (const tag of ['t1', 't2', 't3', 't4'])
      await client.putManifest(l.referrersRegistry, repository, tag, manifest.mediaType, manifest.body);
    const proxy = await startRegistryProxy(l.referrersRegistry);
    proxies.push(proxy);
    const tags = await new RegistryClient({ credentials: ANONYMOUS, pageSize: 2 }).tags(proxy.host, repository);
    expect(tags.sort()).toEqual(['base', 't1', 't2', 't3', 't4']);
    // One request per page of two: the client followed every next link.
    expect(proxy.seen.filter((s) => s.path.includes('/tags/list'))).toHaveLength(3);
  });

  it('finds referrers through the referrers API on olareg and through the fallback tag on distribution', async () => {
    const work = mkdtempSync(join(tmpdir(), 'referrers-'));
    try {
      writeFileSync(join(work, 'note.json'), '{"note":"attached by the test"}');
      for (const host of [l.referrersRegistry, l.registry]) {
        runToolOk(
          l,
          l.bin.oras,
          [
            'attach',
            '--plain-http',
            '--artifact-type',
            'application/vnd.example.note+json',
            `${host}/${repository}@${digest}`,
            'note.json',
          ],
          {
            cwd: work,
          },
        );
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    const client = new RegistryClient({ credentials: ANONYMOUS });
    const viaApi = await client.referrers(l.referrersRegistry, repository, digest);
    const viaTag = await client.referrers(l.registry, repository, digest);
    expect(viaApi.via).toBe('api');
    expect(viaTag.via).toBe('tag');
    for (const found of [viaApi, viaTag]) {
      expect(found.descriptors.map((d) => d.artifactType)).toEqual(['application/vnd.example.note+json']);
    }
    expect(client.hasReferrersApi(l.referrersRegistry)).toBe(true);
    expect(client.hasReferrersApi(l.registry)).toBe(false);
  });

  it('deletes one tag where the registry can, and says where it cannot', async () => {
    const client = new RegistryClient({ credentials: ANONYMOUS });
    const manifest = await client.manifest(l.referrersRegistry, repository, 'base');
    await client.putManifest(l.referrersRegistry, repository, 'doomed', manifest.mediaType, manifest.body);
    expect(await client.deleteTag(l.referrersRegistry, repository, 'doomed')).toBe('deleted');
    expect(await client.tags(l.referrersRegistry, repository)).not.toContain('doomed');
    // The digest and its other tag are still there.
    expect((await client.manifest(l.referrersRegistry, repository, 'base')).digest).toBe(digest);
    const kept = await client.manifest(l.registry, repository, 'base');
    await client.putManifest(l.registry, repository, 'kept', kept.mediaType, kept.body);
    expect(await client.deleteTag(l.registry, repository, 'kept')).toBe('unsupported');
    expect(await client.tags(l.registry, repository)).toContain('kept');
  });

  it('waits as the registry asks (Retry-After: 2), says so, and succeeds', async () => {
    const proxy = await startRegistryProxy(l.registry, (_request, index) =>
      index === 0 ? { status: 429, headers: { 'retry-after': '2' } } : undefined,
    );
    proxies.push(proxy);
    const log = new MemoryLogger();
    const started = Date.now();
    const found = await new RegistryClient({ credentials: ANONYMOUS, log, retry: quick }).manifest(proxy.host, repository, 'base');
    expect(found.digest).toBe(digest);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    expect(proxy.seen.map((s) => `${s.answeredBy} ${s.status}`)).toEqual(['proxy 429', 'registry 200']);
    expect(log.messages('warning')).toEqual([
      `${proxy.host}: GET manifests/base failed (rate limited (429)), attempt 1 of 3; waiting 2.0s as the registry asked (Retry-After)`,
    ]);
  });

  it('a registry that never stops answering 429 fails the publish within the limit, and nothing is tagged', async () => {
    const proxy = await startRegistryProxy(l.registry, (request) => (request.method === 'PUT' ? { status: 429 } : undefined));
    proxies.push(proxy);
    const client = new RegistryClient({ credentials: ANONYMOUS, retry: quick });
    const image = `${proxy.host}/${repository}@${digest}`;
    const evidence = { built: image, scan: { image, verdict: 'pass' as const }, signature: { image, verified: true } };
    await expect(publish(client, new MemoryLogger(), { image, tags: [`${proxy.host}/${repository}:1.0.0`] }, evidence)).rejects.toThrow(
      new RegExp(`^${proxy.host.replace(/\./g, '\\.')}: gave up after 3 attempts \\(the retry limit\\): PUT .*: 429`),
    );
    expect(proxy.seen.filter((s) => s.method === 'PUT')).toHaveLength(3);
    expect(await new RegistryClient({ credentials: ANONYMOUS }).tags(l.registry, repository)).not.toContain('1.0.0');
  });

  describe('logins from the docker config, on the basic-auth registry', () => {
    const authRepository = `e2e-registry-${suffix}/auth`;

    beforeAll(() => {
      const auth = l.authRegistry;
      runToolOk(l, l.bin.skopeo, [
        'copy',
        '--all',
        '--src-tls-verify=false',
        '--dest-tls-verify=false',
        '--dest-creds',
        `${auth.username}:${auth.password}`,
        `docker://${l.baseImages.busybox}`,
        `docker://${auth.host}/${authRepository}:1.0.0`,
      ]);
    });

    function client(config: DockerConfig): RegistryClient {
      return new RegistryClient({
        credentials: actionCredentials(undefined, { runner: new ExecRunner(), env: { ...process.env, ...config.env } }),
      });
    }

    it('after only docker login', async () => {
      const config = freshDockerConfig();
      configs.push(config);
      dockerLogin(l, config, l.authRegistry.host, l.authRegistry.username, l.authRegistry.password);
      expect(await client(config).tags(l.authRegistry.host, authRepository)).toEqual(['1.0.0']);
    });

    it('through a credential helper named in credHelpers (docker-credential-pass)', async () => {
      const config = freshDockerConfig();
      configs.push(config);
      passHelper(l, config, l.authRegistry.host, l.authRegistry.username, l.authRegistry.password);
      const saved = { ...process.env };
      // The helper finds its store through these; the client's runner passes the environment on.
      Object.assign(process.env, config.env);
      try {
        expect(await client(config).tags(l.authRegistry.host, authRepository)).toEqual(['1.0.0']);
      } finally {
        process.env = saved;
      }
    });

    it('with neither, names the host and the ways to log in', async () => {
      const config = freshDockerConfig();
      configs.push(config);
      await expect(client(config).tags(l.authRegistry.host, authRepository)).rejects.toThrow(
        new RegExp(
          `^${l.authRegistry.host.replace(/\./g, '\\.')} asks for a login \\(basic authentication\\), and none was found for it\\. Log in with .*registry-username.*docker login.*credHelpers`,
        ),
      );
    });
  });
});
