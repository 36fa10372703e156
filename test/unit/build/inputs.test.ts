import { describe, expect, it } from 'vitest';
import {
  buildContexts,
  entryFromManual,
  parseEpoch,
  parseKeyValues,
  parseRequires,
  requestFromEntry,
  secretArguments,
} from '../../../packages/buildx/index.js';
import type { PlanEntry } from '../../../packages/plan/index.js';

const DIGEST = `sha256:${'b'.repeat(64)}`;

describe('parseRequires', () => {
  it('reads the catalog form', () => {
    expect(
      parseRequires(
        '[{"binary": "/usr/bin/python3"}, {"file": "/etc/krb5.conf"}, {"package": "openssl", "version": ">=3 <4"}, {"package": "tzdata"}]',
        'requires',
      ),
    ).toEqual([
      { kind: 'binary', path: '/usr/bin/python3' },
      { kind: 'file', path: '/etc/krb5.conf' },
      { kind: 'package', name: 'openssl', range: '>=3 <4' },
      { kind: 'package', name: 'tzdata' },
    ]);
  });

  it.each([
    { name: 'not JSON', text: '- binary: /x', error: /input 'requires' is not JSON/ },
    { name: 'not an array', text: '{"binary": "/x"}', error: /is not a JSON array/ },
    { name: 'relative path', text: '[{"binary": "usr/bin/x"}]', error: /item 1 is not/ },
    { name: 'unknown kind', text: '[{"binary": "/x"}, {"service": "ssh"}]', error: /item 2 is not/ },
    { name: 'bad range', text: '[{"package": "openssl", "version": "three"}]', error: /'three' is not a version range/ },
  ])('refuses $name', ({ text, error }) => {
    expect(() => parseRequires(text, 'requires')).toThrow(error);
  });

  it('reads nothing from an empty input', () => {
    expect(parseRequires('  ', 'requires')).toEqual([]);
  });
});

describe('parseKeyValues', () => {
  it('splits at the first =', () => {
    expect(parseKeyValues(['A=1', 'URL=https://x/?a=b', 'EMPTY='], 'build-args')).toEqual({ A: '1', URL: 'https://x/?a=b', EMPTY: '' });
  });

  it('names the input and the item', () => {
    expect(() => parseKeyValues(['A=1', 'oops'], 'labels')).toThrow(/input 'labels' has 'oops', which is not KEY=VALUE/);
  });

  it('never echoes a secret line', () => {
    expect(() => parseKeyValues(['token'], 'secrets', { secret: true })).toThrow(/input 'secrets' has item 1, which is not KEY=VALUE/);
    try {
      parseKeyValues(['hunter2'], 'secrets', { secret: true });
    } catch (error) {
      expect(String(error)).not.toContain('hunter2');
    }
  });
});

describe('secretArguments', () => {
  it('passes values by numbered environment variables and files by path', () => {
    expect(secretArguments({ npmrc: 'token-value', pip: 'other' }, { cert: 'certs/ca.pem' })).toEqual({
      secrets: [
        { id: 'npmrc', env: 'IMAGE_ACTIONS_BUILD_SECRET_0' },
        { id: 'pip', env: 'IMAGE_ACTIONS_BUILD_SECRET_1' },
        { id: 'cert', src: 'certs/ca.pem' },
      ],
      secretValues: { IMAGE_ACTIONS_BUILD_SECRET_0: 'token-value', IMAGE_ACTIONS_BUILD_SECRET_1: 'other' },
    });
  });
});

describe('buildContexts', () => {
  it('maps each parent FROM reference to its digest', () => {
    expect(buildContexts({ 'ghcr.io/org/apps/python-runner:3.11.2': `ghcr.io/org/apps/python-runner@${DIGEST}` })).toEqual({
      'ghcr.io/org/apps/python-runner:3.11.2': `docker-image://ghcr.io/org/apps/python-runner@${DIGEST}`,
    });
  });

  it('refuses a parent given by tag: a child must build on the digest that passed', () => {
    expect(() => buildContexts({ 'ghcr.io/org/apps/base:1': 'ghcr.io/org/apps/base:1' })).toThrow(/has no digest/);
  });
});

describe('parseEpoch', () => {
  it.each([
    { text: '1700000000', expected: 1700000000 },
    { text: '0', expected: 0 },
  ])('$text', ({ text, expected }) => expect(parseEpoch(text, 'x')).toBe(expected));

  it.each(['', '-1', '2026-01-01', '1.5'])('refuses %j', (text) => {
    expect(() => parseEpoch(text, `input 'source-date-epoch'`)).toThrow(/input 'source-date-epoch' is .* not a number of seconds/);
  });
});

describe('requestFromEntry', () => {
  const entry: PlanEntry = {
    id: 'node-app-18.19.0',
    application: 'node-app',
    version: '18.19.0',
    mode: 'prebuilt',
    owner: 'web-team@example.com',
    context: 'examples/images/node-app',
    dockerfile: 'examples/images/node-app/Dockerfile',
    target: 'runtime',
    buildArgs: { A: '1' },
    platforms: ['linux/amd64', 'linux/arm64'],
    repository: 'ghcr.io/org/apps/node-app',
    tags: ['ghcr.io/org/apps/node-app:18.19.0'],
    labels: { 'org.opencontainers.image.version': '18.19.0' },
    requires: [],
    buildId: 'sha256:feed',
    sourceId: 'sha256:f00d',
    bases: [],
    maxAge: 7,
    stage: 0,
    parents: [],
    publishedParents: [],
    debug: { target: 'debug', repository: 'ghcr.io/org/apps/node-app-debug', tags: ['ghcr.io/org/apps/node-app-debug:18.19.0'] },
  };
  const options = {
    workspace: '/repo',
    metadataFile: 'm.json',
    contexts: {},
    cache: { kind: 'none' as const },
    secrets: [],
    sbom: true,
    provenance: 'max' as const,
  };

  it('builds the entry: paths from the workspace, the build id as a label', () => {
    expect(requestFromEntry(entry, options)).toMatchObject({
      context: '/repo/examples/images/node-app',
      dockerfile: '/repo/examples/images/node-app/Dockerfile',
      target: 'runtime',
      platforms: ['linux/amd64', 'linux/arm64'],
      repository: 'ghcr.io/org/apps/node-app',
      labels: { 'org.opencontainers.image.version': '18.19.0', 'dev.image-actions.build-id': 'sha256:feed' },
    });
  });

  it('builds the debug twin from its stage into its own repository', () => {
    expect(requestFromEntry(entry, { ...options, debugTwin: true })).toMatchObject({
      target: 'debug',
      repository: 'ghcr.io/org/apps/node-app-debug',
    });
  });

  it('builds one platform of a per-platform entry', () => {
    expect(requestFromEntry({ ...entry, platform: 'linux/arm64' }, options).platforms).toEqual(['linux/arm64']);
  });
});

describe('entryFromManual', () => {
  it.each([
    { name: 'a tag', repository: 'ghcr.io/org/app:1.0', error: /never by tag/ },
    { name: 'a digest', repository: `ghcr.io/org/app@${DIGEST}`, error: /never by tag/ },
    { name: 'a trailing slash', repository: '127.0.0.1:5001/', error: /input 'repository'/ },
    { name: 'spaces', repository: 'ghcr.io/org/my app', error: /input 'repository'/ },
  ])('refuses a repository with $name', ({ repository, error }) => {
    expect(() =>
      entryFromManual(
        { context: 'app', buildArgs: {}, platforms: [], labels: {}, repository, mode: 'layered', requires: [], buildId: 'sha256:x' },
        '/nowhere',
      ),
    ).toThrow(error);
  });

  it('takes the application from the repository and keeps a given build id', () => {
    const entry = entryFromManual(
      {
        context: 'app',
        buildArgs: {},
        platforms: [],
        labels: {},
        repository: 'ghcr.io/org/app',
        mode: 'layered',
        requires: [],
        buildId: 'sha256:given',
      },
      '/nowhere',
    );
    expect(entry).toMatchObject({ application: 'app', dockerfile: 'app/Dockerfile', buildId: 'sha256:given', mode: 'layered' });
  });
});
