import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sbomPackages } from '../../../packages/cosign/index.js';
import { mergeSboms, PLATFORM_PROPERTY } from '../../../packages/trivy/index.js';

// trivy 0.74.0's CycloneDX of a distroless-style gzip image (one OS component, one library).
const FIXTURE = join(import.meta.dirname, '../../fixtures/trivy/distroless-gzip.cdx.json');
const INDEX = `127.0.0.1:5001/lab/app@sha256:${'1'.repeat(64)}`;
const AMD64 = `127.0.0.1:5001/lab/app@sha256:${'2'.repeat(64)}`;
const ARM64 = `127.0.0.1:5001/lab/app@sha256:${'3'.repeat(64)}`;

interface Doc {
  metadata: { component: { name: string; properties: Array<{ name: string; value: string }> } };
  components: Array<{
    'bom-ref': string;
    name: string;
    type: string;
    properties: Array<{ name: string; value: string }>;
    components: Array<{ 'bom-ref': string }>;
  }>;
  dependencies: Array<{ ref: string; dependsOn: string[] }>;
}

function refs(document: Doc): string[] {
  const all: string[] = [];
  const walk = (components: Array<{ 'bom-ref'?: string; components?: unknown }> | undefined) => {
    for (const c of components ?? []) {
      if (c['bom-ref'] !== undefined) all.push(c['bom-ref']);
      walk(c.components as typeof components);
    }
  };
  walk(document.components);
  return all;
}

describe('mergeSboms', () => {
  it('one component per platform, each named, holding that platform’s packages', async () => {
    const merged = (await mergeSboms(INDEX, [
      { platform: 'linux/amd64', image: AMD64, file: FIXTURE },
      { platform: 'linux/arm64', image: ARM64, file: FIXTURE },
    ])) as Doc;
    expect(merged.metadata.component.name).toBe(INDEX);
    expect(merged.metadata.component.properties).toEqual([
      { name: PLATFORM_PROPERTY, value: 'linux/amd64' },
      { name: PLATFORM_PROPERTY, value: 'linux/arm64' },
    ]);
    expect(merged.components.map((c) => [c.type, c.name, c.properties.find((p) => p.name === PLATFORM_PROPERTY)?.value])).toEqual([
      ['container', AMD64, 'linux/amd64'],
      ['container', ARM64, 'linux/arm64'],
    ]);
    expect(sbomPackages(merged)).toEqual(['gzip@1.12-1', 'gzip@1.12-1']);
  });

  it('keeps every bom-ref unique and every dependency pointing at one that exists', async () => {
    const merged = (await mergeSboms(INDEX, [
      { platform: 'linux/amd64', image: AMD64, file: FIXTURE },
      { platform: 'linux/arm64', image: ARM64, file: FIXTURE },
    ])) as Doc;
    const all = refs(merged);
    expect(new Set(all).size).toBe(all.length);
    const known = new Set([...all, `image:${INDEX}`]);
    for (const dependency of merged.dependencies) {
      expect(known.has(dependency.ref), dependency.ref).toBe(true);
      for (const target of dependency.dependsOn) expect(known.has(target), target).toBe(true);
    }
    expect(merged.dependencies[0]).toEqual({ ref: `image:${INDEX}`, dependsOn: ['platform:linux/amd64', 'platform:linux/arm64'] });
  });
});

describe('sbomPackages', () => {
  it.each([
    {
      name: 'a flat trivy SBOM',
      document: {
        components: [
          { type: 'operating-system', name: 'debian' },
          { type: 'library', name: 'gzip', version: '1' },
        ],
      },
      packages: ['gzip@1'],
    },
    { name: 'no components', document: { components: [] }, packages: [] },
    { name: 'not an SBOM', document: null, packages: [] },
    {
      name: 'packages nested in packages',
      document: {
        components: [{ type: 'application', name: 'app', version: '2', components: [{ type: 'library', name: 'lib', version: '3' }] }],
      },
      packages: ['app@2', 'lib@3'],
    },
  ])('$name', ({ document, packages }) => {
    expect(sbomPackages(document)).toEqual(packages);
  });
});
