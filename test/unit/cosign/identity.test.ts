import { describe, expect, it } from 'vitest';
import { GITHUB_OIDC_ISSUER } from '../../../packages/cosign/arguments.js';
import {
  keylessVerification,
  PUBLISHING_TRIGGERS,
  pinnedVerifications,
  publishedRuns,
  publishingRun,
  requireOidcToken,
  thisRun,
} from '../../../packages/cosign/identity.js';
import { provenanceFromRun } from '../../../packages/cosign/provenance.js';
import { digestOf } from '../../../packages/cosign/resolve-digest.js';
import { userErrorOf } from '../../harness/user-error.js';

// The variables a GitHub-hosted runner sets, as GitHub documents them.
const RUN = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'org/images',
  GITHUB_REPOSITORY_ID: '123',
  GITHUB_REPOSITORY_OWNER_ID: '45',
  GITHUB_SHA: 'f00dfeedf00dfeedf00dfeedf00dfeedf00dfeed',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_WORKFLOW_REF: 'org/images/.github/workflows/nightly.yml@refs/heads/main',
  GITHUB_RUN_ID: '987',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_EVENT_NAME: 'schedule',
  RUNNER_ENVIRONMENT: 'github-hosted',
};

describe('keyless verification constraints', () => {
  const cases = [
    {
      name: "defaults to this workflow's identity and GitHub's issuer",
      inputs: {},
      expected: {
        identity: { exact: 'https://github.com/org/images/.github/workflows/nightly.yml@refs/heads/main' },
        issuer: GITHUB_OIDC_ISSUER,
      },
    },
    {
      name: 'an exact identity given',
      inputs: { identity: 'https://github.com/org/ci/.github/workflows/rebuild.yml@refs/tags/v1' },
      expected: { identity: { exact: 'https://github.com/org/ci/.github/workflows/rebuild.yml@refs/tags/v1' }, issuer: GITHUB_OIDC_ISSUER },
    },
    {
      name: 'a regexp and another issuer',
      inputs: { identityRegexp: '^https://github.com/org/', issuer: 'https://issuer.example' },
      expected: { identity: { regexp: '^https://github.com/org/' }, issuer: 'https://issuer.example' },
    },
  ];
  it.each(cases)('$name', ({ inputs, expected }) => {
    expect(keylessVerification(inputs, RUN)).toEqual({ kind: 'keyless', ...expected });
  });

  it('refuses both an identity and a regexp', () => {
    expect(userErrorOf(() => keylessVerification({ identity: 'a', identityRegexp: 'b' }, RUN))).toMatch(/both set/);
  });
  it('needs an identity off GitHub', () => {
    expect(userErrorOf(() => keylessVerification({}, {}))).toMatch(/GITHUB_WORKFLOW_REF is not set/);
  });
  it('without id-token: write, says which permission to add', () => {
    expect(userErrorOf(() => requireOidcToken({ ACTIONS_ID_TOKEN_REQUEST_URL: 'https://x' }))).toMatch(/id-token: write/);
    expect(() => requireOidcToken({ ACTIONS_ID_TOKEN_REQUEST_URL: 'https://x', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' })).not.toThrow();
  });
});

describe('the run a keyless signature must come from', () => {
  it('right after signing: this run, as its certificate names it', () => {
    expect(thisRun(RUN)).toEqual({ repository: 'org/images', ref: 'refs/heads/main', triggers: ['schedule'] });
  });

  it('names what the runner did not set', () => {
    expect(userErrorOf(() => thisRun({ GITHUB_REPOSITORY: 'org/images' }))).toMatch(/GITHUB_REF, GITHUB_EVENT_NAME are not set/);
  });

  it.each([
    { name: 'the nightly: schedule runs are on the default branch', env: RUN, event: {}, ref: 'refs/heads/main' },
    {
      name: 'a manual run from the default branch',
      env: { ...RUN, GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_REF: 'refs/heads/trunk' },
      event: { repository: { default_branch: 'trunk' } },
      ref: 'refs/heads/trunk',
    },
  ])('may publish: $name', ({ env, event, ref }) => {
    expect(publishingRun(env, event)).toEqual({ repository: 'org/images', ref, triggers: [env.GITHUB_EVENT_NAME] });
  });

  it.each([
    {
      name: 'a pull request',
      env: { ...RUN, GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/7/merge' },
      event: {},
      message: /started by 'pull_request'/,
    },
    {
      name: 'pull_request_target, though it runs on the default branch',
      env: { ...RUN, GITHUB_EVENT_NAME: 'pull_request_target' },
      event: { repository: { default_branch: 'main' } },
      message: /started by 'pull_request_target', and only schedule and workflow_dispatch runs publish/,
    },
    {
      name: 'a push, even to the default branch',
      env: { ...RUN, GITHUB_EVENT_NAME: 'push' },
      event: { repository: { default_branch: 'main' } },
      message: /started by 'push'/,
    },
    {
      name: 'a manual run from another branch',
      env: { ...RUN, GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_REF: 'refs/heads/feature' },
      event: { repository: { default_branch: 'main' } },
      message: /this run is on refs\/heads\/feature, and only the default branch \(refs\/heads\/main\) publishes/,
    },
    {
      name: 'a manual run whose event names no default branch',
      env: { ...RUN, GITHUB_EVENT_NAME: 'workflow_dispatch' },
      event: {},
      message: /names no default branch/,
    },
  ])('may not publish: $name', ({ env, event, message }) => {
    expect(userErrorOf(() => publishingRun(env, event))).toMatch(message);
  });

  it('one constraint per allowed trigger, since cosign pins one; a key is not pinned', () => {
    const base = keylessVerification(
      { identity: 'https://github.com/org/image-actions/.github/workflows/rebuild-shard.yml@refs/tags/v1' },
      RUN,
    );
    const rescan = { repository: 'org/images', ref: 'refs/heads/main', triggers: PUBLISHING_TRIGGERS };
    expect(pinnedVerifications(base, rescan).map((v) => (v.kind === 'keyless' ? v.run : undefined))).toEqual([
      { repository: 'org/images', ref: 'refs/heads/main', trigger: 'schedule' },
      { repository: 'org/images', ref: 'refs/heads/main', trigger: 'workflow_dispatch' },
    ]);
    const byKey = { kind: 'key', publicKeyFile: 'cosign.pub' } as const;
    expect(pinnedVerifications(byKey, rescan)).toEqual([byKey]);
  });
});

describe('the runs that may have published (for the steps after publishing)', () => {
  const env = { GITHUB_REPOSITORY: 'example-org/curated', GITHUB_REF: 'refs/heads/main', GITHUB_EVENT_NAME: 'schedule' };
  it.each([
    { name: 'a scheduled run: its own branch is the default one', env, event: {}, ref: 'refs/heads/main' },
    {
      name: 'a manual run: the event names the default branch',
      env: { ...env, GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_REF: 'refs/heads/feature' },
      event: { repository: { default_branch: 'main' } },
      ref: 'refs/heads/main',
    },
  ])('$name; every publishing trigger counts', ({ env: e, event, ref }) => {
    expect(publishedRuns(e, event)).toEqual({ repository: 'example-org/curated', ref, triggers: ['schedule', 'workflow_dispatch'] });
  });

  it('a run whose event names no default branch cannot pin them, and says so', () => {
    expect(userErrorOf(() => publishedRuns({ ...env, GITHUB_EVENT_NAME: 'workflow_dispatch' }, {}))).toMatch(/names no default branch/);
  });
});

describe('provenance from the run', () => {
  it('builds a SLSA v1 predicate from the GITHUB_* variables', () => {
    const predicate = provenanceFromRun(RUN);
    expect(predicate.buildDefinition.externalParameters.workflow).toEqual({
      ref: 'refs/heads/main',
      repository: 'https://github.com/org/images',
      path: '.github/workflows/nightly.yml',
    });
    expect(predicate.buildDefinition.resolvedDependencies).toEqual([
      { uri: 'git+https://github.com/org/images@refs/heads/main', digest: { gitCommit: RUN.GITHUB_SHA } },
    ]);
    expect(predicate.runDetails.builder.id).toBe('https://github.com/actions/runner/github-hosted');
    expect(predicate.runDetails.metadata.invocationId).toBe('https://github.com/org/images/actions/runs/987/attempts/2');
    expect(predicate.buildDefinition.internalParameters.github).toMatchObject({ event_name: 'schedule', repository_id: '123' });
  });
  it('names the missing variables', () => {
    const { GITHUB_SHA: _sha, GITHUB_RUN_ID: _run, ...partial } = RUN;
    expect(userErrorOf(() => provenanceFromRun(partial))).toMatch(/GITHUB_SHA, GITHUB_RUN_ID are not set/);
  });
});

describe('digest from docker buildx imagetools', () => {
  it('reads the digest of the manifest', () => {
    const out =
      '{\n  "mediaType": "application/vnd.oci.image.manifest.v1+json",\n  "digest": "sha256:ac7c6159ea4e415b0343584e17cf6c059eaa821a9774f16323e1d97c4aecd0be",\n  "size": 821\n}\n';
    expect(digestOf(out)).toBe('sha256:ac7c6159ea4e415b0343584e17cf6c059eaa821a9774f16323e1d97c4aecd0be');
  });
  it('fails on anything else', () => {
    expect(() => digestOf('ERROR: not found')).toThrow(/not JSON/);
    expect(() => digestOf('{"digest":"sha256:abc"}')).toThrow(/no sha256 digest/);
  });
});
