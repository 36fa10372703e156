import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Lab, lab, labStatePath, runTool, runToolOk, type ToolOptions, type ToolResult } from './lab.js';

/**
 * The lab's engine side, for real: buildx on the host BuildKit pushing by
 * digest to the loopback registry (multi-platform, SBOM, provenance), the
 * registry build cache, and logins to the registry behind basic auth.
 */

type Result = ToolResult;

interface Descriptor {
  mediaType: string;
  digest: string;
  platform?: { os: string; architecture: string };
  annotations?: Record<string, string>;
}

interface Manifest {
  mediaType?: string;
  manifests?: Descriptor[];
  layers?: Descriptor[];
}

let l: Lab;
let scratch: string;
// The lab registry keeps what earlier runs pushed: a fresh namespace per run.
const namespace = `e2e-lab-engine-${randomBytes(4).toString('hex')}`;

const run = (file: string, args: string[], options: ToolOptions = {}): Result => runTool(l, file, args, { cwd: scratch, ...options });
const runOk = (file: string, args: string[], options: ToolOptions = {}): Result => runToolOk(l, file, args, { cwd: scratch, ...options });

/** Writes a build context (a Dockerfile) and returns its directory. */
function context(name: string, dockerfile: string): string {
  const dir = mkdtempSync(join(scratch, `${name}-`));
  writeFileSync(join(dir, 'Dockerfile'), dockerfile);
  return dir;
}

/** `docker buildx build` pushing by digest, as the build action does; returns the pushed digest. */
function buildByDigest(dir: string, repository: string, extra: string[]): string {
  const metadata = join(dir, 'metadata.json');
  runOk(l.bin.docker, [
    'buildx',
    'build',
    '--output',
    `type=image,name=${l.registry}/${namespace}/${repository},push-by-digest=true,name-canonical=true,push=true`,
    '--metadata-file',
    metadata,
    ...extra,
    dir,
  ]);
  const digest = (JSON.parse(readFileSync(metadata, 'utf8')) as Record<string, unknown>)['containerimage.digest'];
  if (typeof digest !== 'string') throw new Error(`no containerimage.digest in ${metadata}`);
  return digest;
}

function inspectRaw(reference: string): Manifest {
  return JSON.parse(runOk(l.bin.docker, ['buildx', 'imagetools', 'inspect', '--raw', reference]).stdout) as Manifest;
}

async function blob(repository: string, digest: string): Promise<Buffer> {
  const response = await fetch(`http://${l.registry}/v2/${namespace}/${repository}/blobs/${digest}`);
  if (!response.ok) throw new Error(`blob ${digest}: HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

function lastLayer(manifest: Manifest): string {
  const layer = manifest.layers?.at(-1);
  if (!layer) throw new Error('manifest without layers');
  return layer.digest;
}

beforeAll(() => {
  l = lab();
  scratch = mkdtempSync(join(tmpdir(), 'lab-engine-e2e-'));
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('multi-platform build pushed by digest', () => {
  // Each platform records the machine it really ran on, read back from the pushed layers.
  const dockerfile = (base: string) => `FROM ${base}\nARG TARGETARCH\nRUN uname -m > /built-on-$TARGETARCH\n`;
  let index: Manifest;
  let digest: string;

  beforeAll(() => {
    const platforms = l.arm64 ? 'linux/amd64,linux/arm64' : 'linux/amd64';
    digest = buildByDigest(context('multi', dockerfile(l.baseImages.busybox)), 'multi', [
      '--platform',
      platforms,
      '--sbom=true',
      '--provenance=mode=max',
    ]);
    index = inspectRaw(`${l.registry}/${namespace}/multi@${digest}`);
  });

  it('is an OCI index with one image per platform and one attestation manifest per image', () => {
    expect(index.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    const manifests = index.manifests ?? [];
    const images = manifests.filter((m) => m.platform?.os === 'linux');
    const attestations = manifests.filter((m) => m.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest');
    expect(images.map((m) => m.platform?.architecture).sort()).toEqual(l.arm64 ? ['amd64', 'arm64'] : ['amd64']);
    expect(attestations.map((a) => a.annotations?.['vnd.docker.reference.digest']).sort()).toEqual(images.map((m) => m.digest).sort());
  });

  it('attaches an SPDX SBOM and SLSA provenance to every image', () => {
    const attestations = (index.manifests ?? []).filter((m) => m.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest');
    expect(attestations.length).toBeGreaterThan(0);
    for (const attestation of attestations) {
      const manifest = inspectRaw(`${l.registry}/${namespace}/multi@${attestation.digest}`);
      const predicates = (manifest.layers ?? []).map((layer) => layer.annotations?.['in-toto.io/predicate-type']).sort();
      expect(predicates).toEqual(['https://slsa.dev/provenance/v1', 'https://spdx.dev/Document']);
    }
  });

  it.skipIf(!lab().arm64)('runs the arm64 image build under QEMU emulation, as aarch64', async () => {
    const arm64 = (index.manifests ?? []).find((m) => m.platform?.architecture === 'arm64');
    expect(arm64).toBeDefined();
    const manifest = inspectRaw(`${l.registry}/${namespace}/multi@${arm64?.digest ?? ''}`);
    const layer = gunzipSync(await blob('multi', lastLayer(manifest))).toString('latin1');
    expect(layer).toContain('built-on-arm64');
    expect(layer).toContain('aarch64\n');
  });

  it('can be read back by skopeo, an independent client', () => {
    const raw = runOk(l.bin.skopeo, ['inspect', '--raw', '--tls-verify=false', `docker://${l.registry}/${namespace}/multi@${digest}`]);
    expect((JSON.parse(raw.stdout) as Manifest).manifests).toEqual(index.manifests);
  });
});

describe('registry build cache', () => {
  // A step whose output is random: the only way two builds produce the same
  // layer is that the second took the step from the cache.
  const marker = `lab-cache-${randomBytes(6).toString('hex')}`;
  const cacheRef = () => `${l.registry}/${namespace}/cache:${marker}`;
  let dir: string;

  /** Drops this test's step from the builder's local cache, so only the registry cache can supply it. */
  function forgetLocally(): void {
    const socket = join(dirname(labStatePath()), 'buildkitd.sock');
    runOk(join(dirname(labStatePath()), 'bin', 'buildctl'), ['--addr', `unix://${socket}`, 'prune', '--filter', `description~=${marker}`]);
  }

  function layerOf(extra: string[]): string {
    const digest = buildByDigest(dir, 'cached', ['--platform', 'linux/amd64', '--provenance=false', ...extra]);
    return lastLayer(inspectRaw(`${l.registry}/${namespace}/cached@${digest}`));
  }

  beforeAll(() => {
    dir = context('cache', `FROM ${l.baseImages.busybox}\nRUN head -c 32 /dev/urandom | od -An -tx1 > /${marker}\n`);
  });

  it('exports to the registry, and a build with an empty local cache imports the step from there', () => {
    const exported = layerOf(['--cache-to', `type=registry,ref=${cacheRef()},mode=max`]);
    forgetLocally();
    // Control: with the step forgotten and no --cache-from, the step runs again.
    const rerun = layerOf([]);
    expect(rerun).not.toBe(exported);
    forgetLocally();
    const imported = layerOf(['--cache-from', `type=registry,ref=${cacheRef()}`]);
    expect(imported).toBe(exported);
  });
});

describe('registry behind basic auth', () => {
  let config: string;

  beforeAll(() => {
    // A private docker config: the test's logins must not touch the machine's.
    config = mkdtempSync(join(scratch, 'docker-config-'));
  });

  const cases = [
    { name: 'the right password logs in', password: () => l.authRegistry.password, succeeds: true },
    { name: 'a wrong password is refused', password: () => `${l.authRegistry.password}-wrong`, succeeds: false },
  ];

  it.each(cases)('$name', ({ password, succeeds }) => {
    const result = run(l.bin.docker, ['login', '--username', l.authRegistry.username, '--password-stdin', l.authRegistry.host], {
      env: { DOCKER_CONFIG: config },
      input: password(),
    });
    expect(result.status === 0).toBe(succeeds);
    if (!succeeds) expect(result.stderr).toMatch(/unauthorized|401/i);
  });

  it('answers 401 without credentials and 200 with them', async () => {
    const anonymous = await fetch(`http://${l.authRegistry.host}/v2/`);
    expect(anonymous.status).toBe(401);
    const basic = Buffer.from(`${l.authRegistry.username}:${l.authRegistry.password}`).toString('base64');
    const authorised = await fetch(`http://${l.authRegistry.host}/v2/`, { headers: { authorization: `Basic ${basic}` } });
    expect(authorised.status).toBe(200);
  });
});
