import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Catalog, loadCatalog } from '../../../packages/catalog/index.js';
import { repoRoot } from '../../harness/run-dist.js';

const dir = join(repoRoot, 'test', 'fixtures', 'catalogs', 'good');
// The fixtures' contexts are in the sibling images/ directory: the catalogs' repository is test/fixtures/catalogs.
const workspace = join(dir, '..');

describe('good catalogs load with defaults applied and every place kept', () => {
  const cases: Array<{ file: string; check: (catalog: Catalog) => void }> = [
    {
      file: 'minimal.yaml',
      check: (catalog) => {
        expect(catalog).toMatchObject({ registry: 'ghcr.io', repository: 'org/apps', dir });
        expect(catalog.tagTemplate).toBeUndefined();
        expect(catalog.mirrors).toBeUndefined();
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
            keepSuperseded: 30,
            maxAge: 7,
            tests: [],
            versions: [
              {
                version: '1.0.0',
                buildArgs: {},
                tests: [],
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
          keep: 2,
          keepSuperseded: 7,
          deprecated: { reason: 'use new-app', removeAfter: '2027-03-01', location: { line: 19, column: 56 } },
          debug: { target: 'debug' },
          requires: [
            { kind: 'binary', path: '/bin/true' },
            { kind: 'file', path: '/etc/passwd' },
            { kind: 'package', name: 'busybox', range: '>=1.36 <2' },
            { kind: 'package', name: 'libc' },
          ],
        });
        expect(app?.versions.map((v) => v.version)).toEqual(['1.0', '1.2.3.4']);
        // The top level sets keep for every image, defaults override it, the image overrides both.
        expect(child).toMatchObject({ keep: 4, keepSuperseded: 45, maxAge: 14 });
        expect(child?.deprecated).toBeUndefined();
        // The child's Dockerfile names `app` of this catalog through an ARG: accepted.
        expect(child?.versions.map((v) => v.version)).toEqual(['1.0.0']);
      },
    },
    {
      file: 'mirrors.yaml',
      check: (catalog) => {
        const file = join(dir, 'mirrors.yaml');
        const top = [
          { registry: 'artifactory.example.com', repository: 'curated', overwrite: false, location: { file, line: 6, column: 5 } },
          { registry: '127.0.0.1:5002', repository: 'lab/images', overwrite: true, location: { file, line: 7, column: 5 } },
        ];
        expect(catalog.mirrors).toEqual(top);
        expect(catalog.images.map((i) => [i.name, i.mirrors])).toEqual([
          ['app', top],
          [
            'child',
            [{ registry: 'harbor.example.com:8443', repository: 'platform', overwrite: false, location: { file, line: 17, column: 15 } }],
          ],
          ['local', []],
        ]);
      },
    },
    {
      file: 'from-debug-twin.yaml',
      check: (catalog) =>
        expect(catalog.images.map((i) => [i.name, i.debug])).toEqual([
          ['app', { target: 'debug', tests: [] }],
          ['tester', undefined],
        ]),
    },
    {
      file: 'tests.yaml',
      check: (catalog) => {
        const [app] = catalog.images;
        const strip = (tests: readonly object[] = []) => tests.map(({ location: _l, ...t }: { location?: unknown }) => t);
        expect(strip(app?.tests)).toEqual([
          {
            name: 'prints its version',
            args: ['--version'],
            env: {},
            tmpfs: [],
            expect: { exit: 0, stdout: '^app {{version}}$' },
            timeout: 60,
            memory: '512m',
          },
          {
            name: 'serves health',
            env: { PORT: '8080' },
            tmpfs: ['/tmp'],
            // A port test checks the exit code only when told to.
            expect: {},
            port: 8080,
            http: { path: '/healthz', status: 200, body: 'ok' },
            timeout: 90,
            memory: '256m',
          },
        ]);
        expect(app?.tests[1]?.location).toMatchObject({ line: 18, column: 9 });
        const [first, second] = app?.versions ?? [];
        expect(strip(first?.tests)).toEqual([
          { name: 'serves health', skip: '1.0 has no /healthz' },
          {
            name: 'prints its version',
            args: ['version'],
            env: {},
            tmpfs: [],
            expect: { exit: 2, stderr: 'usage' },
            timeout: 1.5,
            memory: '512m',
          },
        ]);
        expect(strip(first?.variants[0]?.tests)).toEqual([
          {
            name: 'loads its plugin',
            args: ['--plugin', '{{variant.id}}'],
            env: {},
            tmpfs: [],
            expect: { exit: 0 },
            timeout: 120,
            memory: '512m',
          },
        ]);
        expect(second?.tests).toEqual([]);
        expect(strip(app?.debug?.tests)).toEqual([
          {
            name: 'has a shell',
            entrypoint: ['/busybox/sh', '-c', 'exit 0'],
            env: {},
            tmpfs: [],
            expect: { exit: 0 },
            timeout: 60,
            memory: '512m',
          },
        ]);
      },
    },
  ];
  for (const c of cases) {
    it(c.file, async () => c.check(await loadCatalog(join(dir, c.file), { workspace })));
  }
});
