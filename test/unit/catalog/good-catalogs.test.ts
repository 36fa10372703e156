import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Catalog, loadCatalog } from '../../../packages/catalog/index.js';
import { repoRoot } from '../../harness/run-dist.js';

const dir = join(repoRoot, 'test', 'fixtures', 'catalogs', 'good');

describe('good catalogs load with defaults applied and every place kept', () => {
  const cases: Array<{ file: string; check: (catalog: Catalog) => void }> = [
    {
      file: 'minimal.yaml',
      check: (catalog) => {
        expect(catalog).toMatchObject({ registry: 'ghcr.io', repository: 'org/apps', dir });
        expect(catalog.tagTemplate).toBeUndefined();
        expect(catalog.images).toEqual([
          {
            name: 'app',
            owner: 'team@example.com',
            owners: ['team@example.com'],
            context: '../images/app',
            dockerfile: 'Dockerfile',
            mode: 'layered',
            platforms: ['linux/amd64'],
            buildArgs: {},
            labels: {},
            requires: [],
            keep: 3,
            versions: [
              {
                version: '1.0.0',
                buildArgs: {},
                variants: [],
                location: { file: join(dir, 'minimal.yaml'), line: 9, column: 16, endLine: 9, endColumn: 22 },
              },
            ],
            location: { file: join(dir, 'minimal.yaml'), line: 6, column: 3, endLine: 9, endColumn: 23 },
          },
        ]);
      },
    },
    {
      file: 'owners.yaml',
      check: (catalog) => {
        expect(catalog.images[0]).toMatchObject({
          owner: '@example-org/platform, platform-team@example.com',
          owners: ['@example-org/platform', 'platform-team@example.com'],
        });
      },
    },
    {
      file: 'build-args.yaml',
      check: (catalog) => {
        const app = catalog.images[0];
        expect(catalog.registry).toBe('registry.example.com:5000');
        expect(app).toMatchObject({
          owner: '@example-org/platform',
          mode: 'prebuilt',
          keep: 5,
          platforms: ['linux/amd64', 'linux/arm64'],
          buildArgs: { BASE: 'debian', LEVEL: 'image', VERSION: '{{version}}' },
          labels: { 'org.opencontainers.image.vendor': 'Example', team: 'platform' },
        });
        const [first, second] = app?.versions ?? [];
        expect(first?.buildArgs).toEqual({ LEVEL: 'version' });
        expect(first?.variants.map((v) => [v.id, v.version, v.buildArgs, v.location.line])).toEqual([
          ['aws', '1.8.2', {}, 27],
          ['gcp', '1.8.1', { LEVEL: 'variant', PLUGIN: '{{variant.id}}-{{variant.version}}' }, 28],
        ]);
        expect(first?.location).toMatchObject({ line: 24, column: 7, endLine: 28 });
        // An empty version is a version with neither build arguments nor variants.
        expect(second).toMatchObject({ version: '20.11.1', buildArgs: {}, variants: [], location: { line: 29 } });
      },
    },
    {
      file: 'everything.yaml',
      check: (catalog) => {
        expect(catalog.tagTemplate).toBe('{application}:{version}{variant}{variant-version}');
        const [app, child] = catalog.images;
        expect(app).toMatchObject({
          target: 'runtime',
          mode: 'prebuilt',
          platforms: ['linux/arm64/v8'],
          keep: 1,
          debug: { target: 'debug' },
          requires: [
            { kind: 'binary', path: '/bin/true' },
            { kind: 'file', path: '/etc/passwd' },
            { kind: 'package', name: 'busybox', range: '>=1.36 <2' },
            { kind: 'package', name: 'libc' },
          ],
        });
        expect(app?.versions.map((v) => v.version)).toEqual(['1.0', '1.2.3.4']);
        // The child's Dockerfile names `app` of this catalog through an ARG: accepted.
        expect(child?.versions.map((v) => v.version)).toEqual(['1.0.0']);
      },
    },
    {
      file: 'from-debug-twin.yaml',
      check: (catalog) =>
        expect(catalog.images.map((i) => [i.name, i.debug])).toEqual([
          ['app', { target: 'debug' }],
          ['tester', undefined],
        ]),
    },
  ];
  for (const c of cases) {
    it(c.file, async () => c.check(await loadCatalog(join(dir, c.file))));
  }
});
