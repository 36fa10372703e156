import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildxFeatures,
  cacheExportErrors,
  chooseCache,
  failureLines,
  parseBuildxVersion,
  parseMetadata,
} from '../../../packages/buildx/index.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'buildx', name), 'utf8');

describe('parseBuildxVersion', () => {
  it.each([
    { name: 'the lab buildx (real output)', text: fixture('version.txt'), expected: '0.38.1' },
    { name: 'release with commit', text: 'github.com/docker/buildx v0.12.1 30feaa1a915b869ebc2eea6328624b49facd4bfb', expected: '0.12.1' },
    { name: 'Docker Desktop build', text: 'github.com/docker/buildx v0.13.1-desktop.1 7a6d8d7', expected: '0.13.1' },
  ])('$name', ({ text, expected }) => {
    expect(parseBuildxVersion(text)).toBe(expected);
  });

  it('fails on output without a version', () => {
    expect(() => parseBuildxVersion('docker: unknown command buildx')).toThrow(/cannot read a version/);
  });
});

describe('buildxFeatures', () => {
  it.each([
    { version: '0.10.0', annotations: false, rewriteTimestamp: false },
    { version: '0.12.0', annotations: true, rewriteTimestamp: false },
    { version: '0.13.0', annotations: true, rewriteTimestamp: true },
    { version: '0.38.1', annotations: true, rewriteTimestamp: true },
  ])('buildx $version', ({ version, annotations, rewriteTimestamp }) => {
    expect(buildxFeatures(version)).toEqual({ version, annotations, rewriteTimestamp });
  });

  it('refuses a buildx without attestations', () => {
    expect(() => buildxFeatures('0.9.1')).toThrow(/too old.*0\.10\.0/);
  });
});

describe('parseMetadata', () => {
  it('reads the digest, descriptor and build ref of a real metadata file', () => {
    const metadata = parseMetadata(fixture('metadata.json'));
    expect(metadata.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(metadata.descriptor?.digest).toBe(metadata.digest);
    expect(metadata.descriptor?.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect(metadata.buildRef).toMatch(/^image-actions-lab\//);
  });

  it.each([
    { name: 'not JSON', text: 'oops', error: /not JSON/ },
    { name: 'an array', text: '[]', error: /not a JSON object/ },
    { name: 'no digest (nothing pushed)', text: '{"buildx.build.ref":"a/b/c"}', error: /no containerimage.digest/ },
  ])('$name', ({ text, error }) => {
    expect(() => parseMetadata(text)).toThrow(error);
  });
});

describe('cache export errors in buildx output', () => {
  it.each([
    {
      name: 'cache registry refused, build pushed (real output)',
      file: 'cache-export-refused.stderr',
      count: 1,
      match: /connection refused/,
    },
    {
      name: 'first build: cache to import is missing, export fine (real output)',
      file: 'cache-export-ok.stderr',
      count: 0,
      match: undefined,
    },
    { name: 'push answered 503 (real output): not a cache error', file: 'push-503.stderr', count: 0, match: undefined },
  ])('$name', ({ file, count, match }) => {
    const errors = cacheExportErrors(fixture(file));
    expect(errors).toHaveLength(count);
    if (match) expect(errors[0]).toMatch(match);
  });

  it('a missing cache to import is not a reason to retry', () => {
    expect(failureLines(fixture('cache-export-ok.stderr'))).toEqual([]);
  });

  it('the final buildx error line explains a failed push', () => {
    expect(failureLines(fixture('push-503.stderr')).at(-1)).toMatch(/^ERROR: failed to build: .*503 Service Unavailable$/);
  });
});

describe('chooseCache', () => {
  const common = { repository: 'ghcr.io/org/apps/velero', application: 'velero' };
  it.each([
    {
      name: 'registry, default ref',
      mode: 'registry' as const,
      extra: {},
      env: {},
      config: { kind: 'registry', ref: 'ghcr.io/org/apps/velero:buildcache-velero' },
      warns: false,
    },
    {
      name: 'registry, given ref',
      mode: 'registry' as const,
      extra: { ref: 'ghcr.io/org/cache:velero' },
      env: {},
      config: { kind: 'registry', ref: 'ghcr.io/org/cache:velero' },
      warns: false,
    },
    { name: 'none', mode: 'none' as const, extra: {}, env: {}, config: { kind: 'none' }, warns: false },
    {
      name: 'gha on a runner (cache service v1)',
      mode: 'gha' as const,
      extra: {},
      env: { ACTIONS_CACHE_URL: 'https://artifactcache.actions.githubusercontent.com/x/', ACTIONS_RUNTIME_TOKEN: 't' },
      config: { kind: 'gha', scope: 'velero' },
      warns: false,
    },
    {
      name: 'gha on a runner (cache service v2)',
      mode: 'gha' as const,
      extra: {},
      env: { ACTIONS_RESULTS_URL: 'https://results-receiver.actions.githubusercontent.com/', ACTIONS_RUNTIME_TOKEN: 't' },
      config: { kind: 'gha', scope: 'velero' },
      warns: false,
    },
    { name: 'gha off a runner: no cache, a warning', mode: 'gha' as const, extra: {}, env: {}, config: { kind: 'none' }, warns: true },
  ])('$name', ({ mode, extra, env, config, warns }) => {
    const choice = chooseCache(mode, { ...common, ...extra, env });
    expect(choice.config).toEqual(config);
    expect(choice.warning !== undefined).toBe(warns);
  });

  it('refuses a cache ref that would split the --cache-to value', () => {
    expect(() => chooseCache('registry', { ...common, ref: 'a,mode=min', env: {} })).toThrow(/input 'cache-ref'/);
  });
});
