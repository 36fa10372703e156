import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ImageOutcome, writeOutcome } from '../../packages/chain/index.js';
import { signImage } from '../../packages/cosign/index.js';
import { MemoryLogger } from '../../packages/logging/index.js';
import { parseReference } from '../../packages/oci/index.js';
import type { Plan, PlanEntry } from '../../packages/plan/index.js';
import { runChecked } from '../../packages/process/index.js';
import type { ImageResult } from '../../packages/propagate/index.js';
import { publish } from '../../packages/publish/index.js';
import { ExplicitCredentials, RegistryClient, referrersTag } from '../../packages/registry/index.js';
import { gitIn } from '../harness/git.js';
import { type RegistryProxy, type SeenRequest, startRegistryProxy } from '../harness/registry-proxy.js';
import { type DistRun, runDist } from '../harness/run-dist.js';
import { build, RecordingRunner } from './build-lab.js';
import { type DockerConfig, freshDockerConfig } from './docker-config.js';
import { type Lab, lab, runToolOk } from './lab.js';

/**
 * Propagation for real: images built (two platforms each) and published by
 * the project's own code to the lab's anonymous registry, signed three ways
 * (cosign v2's `.sig`/`.att` tags, cosign v3's bundles as OCI referrers, and
 * v3's `--registry-referrers-mode=oci-1-1`), then the bundled propagate
 * action copies them to the basic-auth registry (distribution, no referrers
 * API, reached through a counting proxy) and to olareg (the referrers API).
 * cosign itself checks the copies at the mirrors' references.
 */

let l: Lab;
let work: string;
/** The propagate runs': no login at all; theirs come from 'mirror-logins'. */
let docker: DockerConfig;
/** The test's own checks: logged in to the basic-auth mirror with docker login. */
let verifier: DockerConfig;
let auth: RegistryProxy;
let down: RegistryProxy;
const ns = `e2e-propagate-${randomBytes(4).toString('hex')}`;
const PASSWORD = `pw-${randomBytes(6).toString('hex')}`;
const IMAGES = ['tagged', 'bundled', 'legacy'] as const;
type Name = (typeof IMAGES)[number];
const digests = {} as Record<Name, string>;
let publicKey: string;

const source = () => `${l.registry}/${ns}/src`;
const authMirror = (path = 'mirror') => `${auth.host}/${ns}/${path}`;
const apiMirror = (path = 'mirror') => `${l.referrersRegistry}/${ns}/${path}`;
const logins = () => JSON.stringify({ [auth.host]: { username: l.authRegistry.username, password: l.authRegistry.password } });
const client = () =>
  new RegistryClient({
    credentials: new ExplicitCredentials({ [auth.host]: l.authRegistry, [l.authRegistry.host]: l.authRegistry }),
  });

function writeCatalog(mirrors: string): void {
  const images = IMAGES.map(
    (name) => `  ${name}:\n    owner: platform-team@example.com\n    platforms: [linux/amd64, linux/arm64]\n    versions: ["1.0.0"]\n`,
  );
  writeFileSync(join(work, 'images.yaml'), `registry: ${l.registry}\nrepository: ${ns}/src\n${mirrors}\nimages:\n${images.join('')}`);
}

/** matrix-expand's bundle over the test's catalog; the plan file stays in the test's directory. */
async function plan(extra: Record<string, string> = {}): Promise<string> {
  const temp = mkdtempSync(join(work, 'plan-'));
  const run = await runDist(
    'matrix-expand',
    { catalog: 'images.yaml', changes: 'all', ...extra },
    { cwd: work, env: { RUNNER_TEMP: temp } },
  );
  expect(run.errors, run.stdout.slice(-2000)).toEqual([]);
  return run.outputs['plan-file'] ?? '';
}

function propagate(planFile: string, extra: Record<string, string> = {}): Promise<DistRun> {
  return runDist(
    'propagate',
    {
      'plan-file': planFile,
      'public-key': publicKey,
      'transparency-log': 'false',
      'tools-from-path': 'true',
      'mirror-logins': logins(),
      ...extra,
    },
    { cwd: work, env: { ...l.env, ...docker.env }, timeoutMs: 600_000 },
  );
}

const report = (run: DistRun) => JSON.parse(run.outputs.report ?? '[]') as ImageResult[];
const states = (run: DistRun) =>
  report(run)
    .flatMap((i) => i.mirrors.map((m) => `${i.id.replace(/-1\.0\.0$/, '')} ${m.mirror.slice(m.mirror.indexOf('/') + 1)} ${m.state}`))
    .sort();
const writes = (seen: readonly SeenRequest[]) => seen.filter((r) => r.method !== 'GET' && r.method !== 'HEAD');
const blobUploads = (seen: readonly SeenRequest[]) => seen.filter((r) => r.path.includes('/blobs/uploads/'));

/**
 * A tool the test runs against the proxy: asynchronously, so the proxy (in
 * this process) can answer it.
 */
async function tool(file: string, args: string[], env: Record<string, string>, stdin?: string): Promise<void> {
  await runChecked(new RecordingRunner({ ...l.env, ...env }), { file, args, ...(stdin !== undefined ? { stdin } : {}) });
}

/** cosign itself, at a mirror's reference: the signature and the SBOM attestation. */
async function cosignVerifies(image: string, name: Name): Promise<void> {
  const legacy = name === 'legacy' ? ['--experimental-oci11'] : [];
  const key = join(work, 'cosign.pub');
  await tool(l.bin.cosign, ['verify', '--key', key, '--insecure-ignore-tlog', ...legacy, image], verifier.env);
  await tool(l.bin.cosign, ['verify-attestation', '--type', 'cyclonedx', '--key', key, '--insecure-ignore-tlog', image], verifier.env);
}

beforeAll(async () => {
  l = lab();
  work = mkdtempSync(join(tmpdir(), 'propagate-e2e-'));
  docker = freshDockerConfig();
  verifier = freshDockerConfig();
  auth = await startRegistryProxy(l.authRegistry.host);
  await tool(
    l.bin.docker,
    ['login', auth.host, '--username', l.authRegistry.username, '--password-stdin'],
    verifier.env,
    l.authRegistry.password,
  );
  down = await startRegistryProxy(l.referrersRegistry, () => ({ status: 503, body: '{"errors":[{"code":"UNAVAILABLE"}]}' }));
  execFileSync(l.bin.cosign, ['generate-key-pair'], { cwd: work, env: { ...process.env, COSIGN_PASSWORD: PASSWORD }, stdio: 'ignore' });
  publicKey = readFileSync(join(work, 'cosign.pub'), 'utf8');
  const git = (...args: string[]) => gitIn(work, ...args);
  for (const name of IMAGES) {
    mkdirSync(join(work, 'images', name), { recursive: true });
    // Each its own content, so each has its own digest.
    writeFileSync(join(work, 'images', name, 'Dockerfile'), `FROM ${l.baseImages.busybox}\nLABEL e2e.propagate=${name}\n`);
  }
  writeCatalog(`mirrors: [${authMirror()}, ${apiMirror()}]`);
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-q', '-m', 'catalog');

  const entries = (JSON.parse(readFileSync(await plan(), 'utf8')) as Plan).entries;
  const registry = new RegistryClient();
  const sbomCache = join(work, 'trivy-cache');
  for (const entry of entries) {
    const name = entry.application as Name;
    // The project's build: both platforms in one index, with BuildKit's attestation manifests, pushed by digest.
    const { result } = await build(l, entry as PlanEntry, { workspace: work, sbom: false, provenance: 'min' });
    const image = result.main.image;
    const sbom = join(work, `${name}.cdx.json`);
    runToolOk(l, l.bin.trivy, ['image', '--format', 'cyclonedx', '--output', sbom, '--cache-dir', sbomCache, '--offline-scan', image]);
    if (name === 'legacy') {
      // cosign v3 storing its classic signature as an OCI 1.1 referrer, and the attestation as a .att tag.
      const env = { COSIGN_PASSWORD: PASSWORD, COSIGN_EXPERIMENTAL: '1' };
      const key = join(work, 'cosign.key');
      const old = ['--tlog-upload=false', '--use-signing-config=false', '--new-bundle-format=false'];
      runToolOk(l, l.bin.cosign, ['sign', '--yes', '--key', key, ...old, '--registry-referrers-mode=oci-1-1', image], { env });
      runToolOk(l, l.bin.cosign, ['attest', '--yes', '--key', key, ...old, '--type', 'cyclonedx', '--predicate', sbom, image], { env });
    } else {
      await signImage(new RecordingRunner(l.env), new MemoryLogger(), {
        cosign: name === 'tagged' ? l.bin['cosign-v2'] : l.bin.cosign,
        image,
        key: { privateKey: readFileSync(join(work, 'cosign.key'), 'utf8'), password: PASSWORD, publicKey },
        identity: {},
        storage: 'auto',
        transparencyLog: false,
        sbom,
        provenance: false,
        workDir: work,
        env: {},
      });
    }
    // The project's publish, on the evidence of this digest.
    await publish(
      registry,
      new MemoryLogger(),
      { image, tags: entry.tags },
      {
        built: image,
        scan: { image, verdict: 'pass' },
        signature: { image, verified: true },
      },
    );
    digests[name] = parseReference(image).digest ?? '';
  }
}, 900_000);

afterAll(async () => {
  await auth?.close();
  await down?.close();
  docker?.remove();
  verifier?.remove();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('propagation to the lab\u2019s mirrors', () => {
  let first: DistRun;

  it('copies every published image to both mirrors with the same digest, verified there, then tagged', async () => {
    first = await propagate(await plan());
    expect(first.errors, first.stdout.slice(-4000)).toEqual([]);
    expect(first.exitCode).toBe(0);
    expect(states(first)).toEqual(
      IMAGES.flatMap((name) => [`${name} ${ns}/mirror/${name} updated`, `${name} ${ns}/mirror/${name} updated`]).sort(),
    );
    expect(first.outputs).toMatchObject({ lagging: '0', written: '6' });
    const registry = client();
    for (const name of IMAGES) {
      for (const mirror of [authMirror(), apiMirror()]) {
        const { registry: host, repository } = parseReference(`${mirror}/${name}`);
        const tagged = await registry.manifest(host, repository, '1.0.0');
        expect(tagged.digest, `${mirror}/${name}`).toBe(digests[name]);
        // The whole index: every platform (and BuildKit's attestation manifests).
        const index = JSON.parse(tagged.body.toString()) as { manifests: Array<{ digest: string; platform?: { architecture: string } }> };
        expect(
          index.manifests
            .filter((m) => m.platform?.architecture !== 'unknown')
            .map((m) => m.platform?.architecture)
            .sort(),
        ).toEqual(['amd64', 'arm64']);
        for (const child of index.manifests)
          expect(await registry.findManifest(host, repository, child.digest), child.digest).toBeDefined();
        await cosignVerifies(`${mirror}/${name}@${digests[name]}`, name);
      }
    }
    // The basic-auth mirror was written through the proxy, blobs included.
    expect(blobUploads(auth.seen).length).toBeGreaterThan(0);
    // Its login came from 'mirror-logins' alone; the runner's docker config was not touched.
    expect(existsSync(join(docker.dir, 'config.json'))).toBe(false);
  });

  it('writes signatures in the form each mirror supports: the fallback tag without the referrers API, the API with it', async () => {
    const registry = client();
    const tagsAt = async (mirror: string, name: Name) => {
      const { registry: host, repository } = parseReference(`${mirror}/${name}`);
      return registry.tags(host, repository);
    };
    const hex = (name: Name) => referrersTag(digests[name]);
    // distribution 2.8: referrers in the sha256-<hex> index tag; cosign v2's tags as they were.
    expect(await tagsAt(authMirror(), 'bundled')).toContain(hex('bundled'));
    expect(await tagsAt(authMirror(), 'legacy')).toEqual(expect.arrayContaining([hex('legacy'), `${hex('legacy')}.att`]));
    expect(await tagsAt(authMirror(), 'tagged')).toEqual(expect.arrayContaining([`${hex('tagged')}.sig`, `${hex('tagged')}.att`]));
    // olareg: the referrers API, no fallback tag; cosign v2's .sig/.att tags are tags there too.
    expect(await tagsAt(apiMirror(), 'bundled')).not.toContain(hex('bundled'));
    expect(await tagsAt(apiMirror(), 'legacy')).not.toContain(hex('legacy'));
    const { registry: host, repository } = parseReference(`${apiMirror()}/bundled`);
    const referrers = await registry.referrers(host, repository, digests.bundled);
    expect(referrers.via).toBe('api');
    expect(referrers.descriptors).toHaveLength(2);
  });

  it('a second run with nothing missing sends no blob, writes nothing and adds no signature', async () => {
    const registry = client();
    const { registry: host, repository } = parseReference(`${authMirror()}/bundled`);
    const before = await registry.referrers(host, repository, digests.bundled);
    const seenBefore = auth.seen.length;
    const again = await propagate(await plan());
    expect(again.errors, again.stdout.slice(-3000)).toEqual([]);
    expect(again.outputs).toMatchObject({ lagging: '0', written: '0' });
    expect(new Set(states(again).map((s) => s.split(' ').pop()))).toEqual(new Set(['in-sync']));
    const seen = auth.seen.slice(seenBefore);
    expect(seen.length).toBeGreaterThan(0);
    expect(writes(seen)).toEqual([]);
    expect(blobUploads(seen)).toEqual([]);
    expect((await registry.referrers(host, repository, digests.bundled)).descriptors).toEqual(before.descriptors);
    // No copy, no check, not even a tool started: nothing was missing.
    expect(again.stdout).not.toMatch(/verifies$/m);
    expect(again.stdout).not.toMatch(/regctl \d|cosign \d/);
  });

  it('a mirror that answers 503 for the whole run lags, the others and the source stay complete; the next run fills it', async () => {
    const late = `${down.host}/${ns}/late`;
    const planFile = await plan({ mirrors: `${authMirror()}\n${late}` });
    const run = await propagate(planFile);
    expect(run.exitCode).toBe(1);
    expect(run.outputs.lagging).toBe('3');
    expect(states(run)).toEqual(
      IMAGES.flatMap((name) => [`${name} ${ns}/late/${name} lagging`, `${name} ${ns}/mirror/${name} in-sync`]).sort(),
    );
    expect(run.summary).toContain(`\`${late}/tagged\`: **lagging**`);
    expect(run.errors.at(-1)).toMatch(/^propagate: 3 mirror copy\(ies\) lag; the next run copies what is missing/);
    // Asked until the retries ran out for the first image only, then left alone.
    expect(
      report(run)
        .flatMap((i) => i.mirrors.filter((m) => m.mirror.startsWith(down.host)).map((m) => m.detail))
        .filter((d) => d.startsWith('not tried')),
    ).toHaveLength(2);
    const registry = new RegistryClient();
    for (const name of IMAGES) expect((await registry.manifest(l.registry, `${ns}/src/${name}`, '1.0.0')).digest).toBe(digests[name]);

    down.setRule(() => undefined);
    const next = await propagate(planFile);
    expect(next.errors, next.stdout.slice(-3000)).toEqual([]);
    expect(states(next)).toEqual(
      IMAGES.flatMap((name) => [`${name} ${ns}/late/${name} updated`, `${name} ${ns}/mirror/${name} in-sync`]).sort(),
    );
    for (const name of IMAGES) await cosignVerifies(`${late}/${name}@${digests[name]}`, name);
  });

  it('a mirror that holds the tag for another digest is refused, naming both, unless the catalog says overwrite', async () => {
    const taken = `${authMirror('taken')}/bundled:1.0.0`;
    // Someone else's image under the tag: the one published as `tagged`.
    await tool(l.bin.regctl, ['image', 'copy', `${source()}/tagged@${digests.tagged}`, taken], {
      ...verifier.env,
      REGCTL_CONFIG: regctlConfig(),
    });
    const refused = await propagate(await plan({ mirrors: authMirror('taken') }));
    expect(refused.exitCode).toBe(1);
    const bundled = report(refused).find((i) => i.id === 'bundled-1.0.0')?.mirrors[0];
    expect(bundled?.state).toBe('refused');
    expect(bundled?.detail).toContain(`${authMirror('taken')}/bundled:1.0.0 names ${digests.tagged}, not the published ${digests.bundled}`);
    const registry = client();
    const at = parseReference(taken);
    expect((await registry.manifest(at.registry, at.repository, '1.0.0')).digest).toBe(digests.tagged);
    expect(states(refused).filter((s) => !s.startsWith('bundled'))).toEqual([
      `legacy ${ns}/taken/legacy updated`,
      `tagged ${ns}/taken/tagged updated`,
    ]);

    writeCatalog(`mirrors:\n  - target: ${authMirror('taken')}\n    overwrite: true`);
    const moved = await propagate(await plan());
    expect(moved.errors, moved.stdout.slice(-3000)).toEqual([]);
    const detail = report(moved).find((i) => i.id === 'bundled-1.0.0')?.mirrors[0]?.detail ?? '';
    expect(detail).toContain(`tagged 1.0.0 (moved from 1.0.0: ${digests.tagged}, as overwrite allows)`);
    expect((await registry.manifest(at.registry, at.repository, '1.0.0')).digest).toBe(digests.bundled);
    writeCatalog(`mirrors: [${authMirror()}, ${apiMirror()}]`);
  });

  it('without a trusted key, verifies with the key the sign job recorded, and without either refuses to tag', async () => {
    const results = join(work, 'records');
    for (const name of IMAGES) {
      const record: ImageOutcome = {
        id: `${name}-1.0.0`,
        application: name,
        repository: `${source()}/${name}`,
        plannedTags: [`${source()}/${name}:1.0.0`],
        status: 'published',
        phase: 'publish',
        image: `${source()}/${name}@${digests[name]}`,
        passed: ['build', 'scan', 'sign', 'publish'],
        publicKey,
        evidence: {},
        published: [`${source()}/${name}:1.0.0`],
      };
      await writeOutcome(results, record);
    }
    const recorded = await propagate(await plan({ mirrors: authMirror('recorded') }), { 'public-key': '', 'results-dir': results });
    expect(recorded.errors, recorded.stdout.slice(-3000)).toEqual([]);
    expect(recorded.outputs.written).toBe('3');
    expect(JSON.parse(readFileSync(join(results, 'propagation-all-all.json'), 'utf8'))).toMatchObject({ images: expect.any(Array) });

    const unknown = await propagate(await plan({ mirrors: authMirror('untrusted') }), { 'public-key': '' });
    expect(unknown.exitCode).toBe(1);
    for (const image of report(unknown)) {
      expect(image.mirrors[0]?.state).toBe('lagging');
      expect(image.mirrors[0]?.detail).toMatch(/^does not verify at the mirror, so it was not tagged: keyless signing needs an identity/);
    }
    const registry = client();
    const { registry: host, repository } = parseReference(`${authMirror('untrusted')}/bundled`);
    expect(await registry.tags(host, repository)).not.toContain('1.0.0');
  });
});

/** A regctl configuration of the test's own: plain HTTP to the loopback registries and the proxy. */
function regctlConfig(): string {
  const file = join(work, 'regctl.json');
  const hosts = [l.registry, l.referrersRegistry, auth.host];
  writeFileSync(file, JSON.stringify({ hosts: Object.fromEntries(hosts.map((h) => [h, { tls: 'disabled' }])) }));
  return file;
}
