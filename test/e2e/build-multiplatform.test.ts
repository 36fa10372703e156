import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildxFeatures, mergePlatforms } from '../../packages/buildx/index.js';
import { MemoryLogger } from '../../packages/logging/index.js';
import type { PlanEntry } from '../../packages/plan/index.js';
import { readImage } from '../../packages/prebuilt/index.js';
import { RegistryClient } from '../../packages/registry/index.js';
import { planEntry } from '../harness/plan-entry.js';
import { build, namespace, RecordingRunner, rawManifest, tagsOf } from './build-lab.js';
import { type Lab, lab } from './lab.js';

/**
 * Both multi-platform paths, for real: one build for every platform, and one
 * build per platform (as a per-platform plan runs them, in separate jobs)
 * merged into an index that is pushed by digest only. arm64 runs under the
 * lab's QEMU; without it, linux/386 (native on an amd64 builder) stands in.
 */

let l: Lab;
let context: string;
let base: string;
let platforms: string[];

beforeAll(() => {
  l = lab();
  platforms = ['linux/amd64', l.arm64 ? 'linux/arm64' : 'linux/386'];
  base = namespace(l, 'multi');
  context = mkdtempSync(join(tmpdir(), 'build-multi-'));
  writeFileSync(
    join(context, 'Dockerfile'),
    'FROM busybox:stable\nRUN uname -m > /built-on\nUSER 65532\nENTRYPOINT ["/bin/cat", "/built-on"]\n',
  );
});

afterAll(() => rmSync(context, { recursive: true, force: true }));

function entry(name: string, change: Partial<PlanEntry> = {}): PlanEntry {
  return planEntry({
    id: name,
    context,
    platforms,
    repository: `${base}/${name}`,
    labels: { 'org.opencontainers.image.title': name },
    buildId: `sha256:${name}`,
    ...change,
  });
}

const architectures = () => platforms.map((p) => p.split('/')[1]).sort();

describe('one multi-platform build', () => {
  it('pushes one index by digest with an image and attestations per platform, and checks each platform', async () => {
    const e = entry('together', { mode: 'prebuilt' });
    const { result } = await build(l, e);
    expect(result.main.platforms.map((p) => p.platform).sort()).toEqual([...platforms].sort());
    const index = rawManifest(l, result.main.image);
    const images = (index.manifests ?? []).filter((m) => m.platform?.os === 'linux');
    expect(images.map((m) => m.platform?.architecture).sort()).toEqual(architectures());
    expect((index.manifests ?? []).filter((m) => m.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest')).toHaveLength(2);
    // busybox has a shell on every platform, and the check says so per platform.
    for (const platform of platforms) expect(result.problems.some((p) => p.startsWith(`no-shell: ${platform}: `))).toBe(true);
    expect(await tagsOf(e.repository)).toEqual([]);
  });
});

describe('one build per platform, then a merge', () => {
  it('merges the platform images into an index pushed by digest only', async () => {
    const repository = `${base}/merged`;
    const perPlatform = [];
    for (const platform of platforms) {
      const { result } = await build(l, entry('merged', { id: `merged-${platform}`, platform, repository }));
      expect(result.main.platforms.map((p) => p.platform)).toEqual([platform]);
      perPlatform.push(result.main.image);
    }
    const log = new MemoryLogger();
    const merged = await mergePlatforms(new RecordingRunner(l.env), log, new RegistryClient(), {
      docker: l.bin.docker,
      features: buildxFeatures('0.38.1'),
      images: perPlatform,
      annotations: { 'org.opencontainers.image.title': 'merged' },
    });
    expect(merged).toMatch(new RegExp(`^${repository.replace(/[.]/g, '\\.')}@sha256:[a-f0-9]{64}$`));
    const index = rawManifest(l, merged);
    expect(index.annotations?.['org.opencontainers.image.title']).toBe('merged');
    const images = (index.manifests ?? []).filter((m) => m.platform?.os === 'linux');
    expect(images.map((m) => m.platform?.architecture).sort()).toEqual(architectures());
    // Each platform keeps its SBOM and provenance.
    expect((index.manifests ?? []).filter((m) => m.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest')).toHaveLength(2);
    const described = await readImage(new RegistryClient(), merged);
    expect(described.map((d) => d.platform).sort()).toEqual([...platforms].sort());
    expect(described.every((d) => d.files.has('/built-on'))).toBe(true);
    expect(await tagsOf(repository)).toEqual([]);
  });
});
