import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Catalog, CatalogImage, CatalogVersion } from '../../../packages/catalog/model.js';
import type { FromLine, PlanContext } from '../../../packages/plan/index.js';

/** A repository on disk with a catalog like the example one: velero (2 x 2 variants), python-runner, a child, node-app. */
export interface Workspace {
  root: string;
  catalog: Catalog;
  write(path: string, text: string): void;
  context(extra?: Partial<PlanContext>): PlanContext;
  remove(): void;
}

const CATALOG_FILE = 'catalog/images.yaml';

export function makeWorkspace(): Workspace {
  const root = mkdtempSync(join(tmpdir(), 'plan-'));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write('catalog/images/velero/Dockerfile', 'FROM 127.0.0.1:5001/lab/debian:bookworm\nARG PLUGIN\nRUN echo $PLUGIN\n');
  write('catalog/images/velero/plugin.sh', 'echo plugin\n');
  write(
    'catalog/images/python-runner/Dockerfile',
    'FROM 127.0.0.1:5001/lab/debian:bookworm AS build\nFROM scratch\nCOPY --from=build /x /x\n',
  );
  write('catalog/images/pipeline-tool/Dockerfile', 'FROM ghcr.io/example-org/curated-images/python-runner:3.11.9\nCOPY tool.py /tool.py\n');
  write('catalog/images/pipeline-tool/tool.py', 'print(1)\n');
  write('catalog/images/node-app/Dockerfile', 'FROM 127.0.0.1:5001/lab/busybox:stable AS debug\nFROM scratch AS runtime\n');
  write(CATALOG_FILE, Array.from({ length: 60 }, (_, i) => `# line ${i + 1}`).join('\n'));
  const file = join(root, CATALOG_FILE);
  const at = (line: number) => ({ file: CATALOG_FILE, line, column: 3 });
  const version = (
    v: string,
    line: number,
    variants: Array<[string, string, number]> = [],
    buildArgs: Record<string, string> = {},
  ): CatalogVersion => ({
    version: v,
    buildArgs,
    tests: [],
    variants: variants.map(([id, vv, l]) => ({ id, version: vv, buildArgs: { PLUGIN: '{{variant.id}}' }, tests: [], location: at(l) })),
    location: at(line),
  });
  const image = (name: string, line: number, endLine: number, rest: Partial<CatalogImage>): CatalogImage => ({
    name,
    owner: 'platform-team@example.com',
    owners: ['platform-team@example.com'],
    context: `images/${name}`,
    dockerfile: 'Dockerfile',
    mode: 'prebuilt',
    platforms: ['linux/amd64', 'linux/arm64'],
    buildArgs: {},
    labels: {},
    requires: [],
    keep: 3,
    keepSuperseded: 30,
    maxAge: 7,
    tests: [],
    versions: [],
    location: { file: CATALOG_FILE, line, column: 3, endLine },
    ...rest,
  });
  const catalog: Catalog = {
    file,
    dir: dirname(file),
    registry: 'ghcr.io',
    repository: 'example-org/curated-images',
    images: [
      image('velero', 10, 24, {
        mode: 'layered',
        buildArgs: { VELERO_VERSION: '{{version}}', PLUGIN_VERSION: '{{variant.version}}' },
        versions: [
          version('1.12.3', 14, [
            ['aws', '1.8.2', 16],
            ['gcp', '1.8.1', 17],
          ]),
          version('1.13.0', 19, [
            ['aws', '1.9.0', 21],
            ['gcp', '1.9.0', 22],
          ]),
        ],
      }),
      image('python-runner', 25, 30, { versions: [version('3.11.9', 29)], requires: [{ kind: 'binary', path: '/usr/local/bin/python3' }] }),
      image('pipeline-tool', 31, 36, { versions: [version('1.0.0', 35, [], { TOOL: 'v{{version}}' })] }),
      image('node-app', 37, 44, { target: 'runtime', debug: { target: 'debug', tests: [] }, versions: [version('20.11.1', 43)] }),
    ],
  };
  return {
    root,
    catalog,
    write,
    context: (extra = {}) => ({
      workspace: root,
      commit: { sha: 'a'.repeat(40), time: '2026-11-01T12:00:00Z' },
      today: '2026-11-01',
      source: 'https://github.com/example-org/curated-images',
      readFroms,
      ...extra,
    }),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Enough of a FROM reader for these Dockerfiles; the catalog's own reader is tested with the catalog. */
export function readFroms(dockerfile: string): FromLine[] {
  return readFileSync(dockerfile, 'utf8')
    .split('\n')
    .flatMap((text, i) => {
      const match = /^FROM\s+(?:--platform=\S+\s+)?(\S+)/i.exec(text);
      return match?.[1] ? [{ reference: match[1], line: i + 1 }] : [];
    });
}
