import { describe, expect, it } from 'vitest';
import {
  type BuildRequest,
  type BuildxFeatures,
  buildArguments,
  buildEnvironment,
  buildxFeatures,
  producesIndex,
} from '../../../packages/buildx/index.js';

const modern: BuildxFeatures = buildxFeatures('0.38.1');
const base: BuildRequest = {
  context: 'examples/images/velero',
  buildArgs: {},
  platforms: ['linux/amd64'],
  labels: {},
  repository: 'ghcr.io/org/apps/velero',
  secrets: [],
  contexts: {},
  cache: { kind: 'none' },
  sbom: true,
  provenance: 'max',
  metadataFile: 'meta.json',
};
const OUTPUT = 'type=image,name=ghcr.io/org/apps/velero,push-by-digest=true,name-canonical=true,push=true,oci-mediatypes=true';

/** Every flag after `name` up to the next flag, as `name value` pairs. */
function flags(args: string[], name: string): string[] {
  return args.flatMap((arg, i) => (arg === name ? [args[i + 1] ?? ''] : []));
}

describe('buildArguments', () => {
  it.each<{ name: string; request: Partial<BuildRequest>; features?: BuildxFeatures; check: (args: string[]) => void }>([
    {
      name: 'minimal: push by digest, no tag, context last',
      request: {},
      check: (args) => {
        expect(args.slice(0, 3)).toEqual(['buildx', 'build', '--progress=plain']);
        expect(flags(args, '--output')).toEqual([OUTPUT]);
        expect(args.at(-1)).toBe('examples/images/velero');
        expect(args).not.toContain('--tag');
        expect(args).not.toContain('-t');
        expect(args).not.toContain('--push');
      },
    },
    {
      name: 'dockerfile, target, platforms',
      request: { dockerfile: 'x/Dockerfile', target: 'runtime', platforms: ['linux/amd64', 'linux/arm64'] },
      check: (args) => {
        expect(flags(args, '--file')).toEqual(['x/Dockerfile']);
        expect(flags(args, '--target')).toEqual(['runtime']);
        expect(flags(args, '--platform')).toEqual(['linux/amd64,linux/arm64']);
      },
    },
    {
      name: 'build args sorted, values kept whole (spaces, =, quotes)',
      request: { buildArgs: { PLUGIN: 'aws', A: 'x=y "z" w' } },
      check: (args) => expect(flags(args, '--build-arg')).toEqual(['A=x=y "z" w', 'PLUGIN=aws']),
    },
    {
      name: 'labels; OCI and build-id labels also annotate manifest and index',
      request: { labels: { 'org.opencontainers.image.version': '1.12.3', 'dev.image-actions.build-id': 'sha256:ab', team: 'web' } },
      check: (args) => {
        expect(flags(args, '--label')).toEqual([
          'dev.image-actions.build-id=sha256:ab',
          'org.opencontainers.image.version=1.12.3',
          'team=web',
        ]);
        expect(flags(args, '--annotation')).toEqual([
          'manifest:dev.image-actions.build-id=sha256:ab',
          'index:dev.image-actions.build-id=sha256:ab',
          'manifest:org.opencontainers.image.version=1.12.3',
          'index:org.opencontainers.image.version=1.12.3',
        ]);
      },
    },
    {
      name: 'one platform, no attestations: no index, so manifest annotations only',
      request: { sbom: false, provenance: false, labels: { 'org.opencontainers.image.title': 'velero' } },
      check: (args) => {
        expect(flags(args, '--annotation')).toEqual(['manifest:org.opencontainers.image.title=velero']);
        expect(args).toContain('--sbom=false');
        expect(args).toContain('--provenance=false');
      },
    },
    {
      name: 'buildx before 0.12 gets no --annotation',
      request: { labels: { 'org.opencontainers.image.title': 'velero' } },
      features: buildxFeatures('0.11.2'),
      check: (args) => expect(args).not.toContain('--annotation'),
    },
    {
      name: 'catalog parents as build contexts pinned by digest',
      request: { contexts: { 'ghcr.io/org/apps/python-runner:3.11.9': 'docker-image://ghcr.io/org/apps/python-runner@sha256:aa' } },
      check: (args) =>
        expect(flags(args, '--build-context')).toEqual([
          'ghcr.io/org/apps/python-runner:3.11.9=docker-image://ghcr.io/org/apps/python-runner@sha256:aa',
        ]),
    },
    {
      name: 'secrets by env variable name and by file, never their values',
      request: {
        secrets: [
          { id: 'npmrc', env: 'IMAGE_ACTIONS_BUILD_SECRET_0' },
          { id: 'cert', src: 'certs/ca.pem' },
        ],
      },
      check: (args) => {
        expect(flags(args, '--secret')).toEqual(['id=npmrc,env=IMAGE_ACTIONS_BUILD_SECRET_0', 'id=cert,src=certs/ca.pem']);
        expect(args).not.toContain('--build-arg');
      },
    },
    {
      name: 'registry cache: from and to, mode=max, export errors ignored',
      request: { cache: { kind: 'registry', ref: 'ghcr.io/org/apps/velero:buildcache-velero' } },
      check: (args) => {
        expect(flags(args, '--cache-from')).toEqual(['type=registry,ref=ghcr.io/org/apps/velero:buildcache-velero']);
        expect(flags(args, '--cache-to')).toEqual([
          'type=registry,ref=ghcr.io/org/apps/velero:buildcache-velero,mode=max,ignore-error=true',
        ]);
      },
    },
    {
      name: 'GitHub cache: scope only, the token stays in the environment',
      request: { cache: { kind: 'gha', scope: 'velero' } },
      check: (args) => {
        expect(flags(args, '--cache-from')).toEqual(['type=gha,scope=velero']);
        expect(flags(args, '--cache-to')).toEqual(['type=gha,scope=velero,mode=max,ignore-error=true']);
        expect(args.join(' ')).not.toMatch(/token/i);
      },
    },
    {
      name: 'provenance min, sbom on',
      request: { provenance: 'min' },
      check: (args) => {
        expect(args).toContain('--provenance=mode=min');
        expect(args).toContain('--sbom=true');
      },
    },
    {
      name: 'SOURCE_DATE_EPOCH rewrites layer timestamps where buildx supports it',
      request: { sourceDateEpoch: 1700000000 },
      check: (args) => expect(flags(args, '--output')).toEqual([`${OUTPUT},rewrite-timestamp=true`]),
    },
    {
      name: 'no rewrite-timestamp before buildx 0.13',
      request: { sourceDateEpoch: 1700000000 },
      features: buildxFeatures('0.12.1'),
      check: (args) => expect(flags(args, '--output')).toEqual([OUTPUT]),
    },
    {
      name: 'metadata file and builder',
      request: { builder: 'lab', metadataFile: '/tmp/m.json' },
      check: (args) => {
        expect(flags(args, '--builder')).toEqual(['lab']);
        expect(flags(args, '--metadata-file')).toEqual(['/tmp/m.json']);
      },
    },
  ])('$name', ({ request, features, check }) => {
    check(buildArguments({ ...base, ...request }, features ?? modern));
  });
});

describe('buildEnvironment', () => {
  it('carries SOURCE_DATE_EPOCH and the secret variables', () => {
    expect(buildEnvironment({ ...base, sourceDateEpoch: 42 }, { IMAGE_ACTIONS_BUILD_SECRET_0: 's3cret' })).toEqual({
      SOURCE_DATE_EPOCH: '42',
      IMAGE_ACTIONS_BUILD_SECRET_0: 's3cret',
    });
  });
});

describe('producesIndex', () => {
  it.each([
    { name: 'one platform with attestations', platforms: ['linux/amd64'], sbom: true, provenance: false as const, expected: true },
    { name: 'one platform, none', platforms: ['linux/amd64'], sbom: false, provenance: false as const, expected: false },
    { name: 'two platforms, none', platforms: ['linux/amd64', 'linux/arm64'], sbom: false, provenance: false as const, expected: true },
  ])('$name', ({ platforms, sbom, provenance, expected }) => {
    expect(producesIndex({ platforms, sbom, provenance })).toBe(expected);
  });
});
