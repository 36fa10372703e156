import { describe, expect, it } from 'vitest';
import {
  attestArguments,
  GITHUB_OIDC_ISSUER,
  PASSWORD_VARIABLE,
  PRIVATE_KEY_VARIABLE,
  type SigningOptions,
  shellCommand,
  signArguments,
  signingEnvironment,
  type Verification,
  verifyArguments,
  verifyAttestationArguments,
} from '../../../packages/cosign/arguments.js';
import { capabilitiesOf } from '../../../packages/cosign/version.js';

// Every flag below exists, with the meaning assumed here, in the pinned
// versions' cmd/cosign/cli/options (sign.go, attest.go, verify.go,
// certificate.go, oidc.go) of cosign v3.1.2 and v2.6.4.
const IMAGE = 'ghcr.io/org/app@sha256:ac7c6159ea4e415b0343584e17cf6c059eaa821a9774f16323e1d97c4aecd0be';
const v3 = capabilitiesOf('3.1.2');
const v2 = capabilitiesOf('2.6.4');
const KEY = ['--key', `env://${PRIVATE_KEY_VARIABLE}`];
const KEYLESS = ['--oidc-provider', 'github-actions'];

const options = (o: Partial<SigningOptions> & Pick<SigningOptions, 'capabilities'>): SigningOptions => ({
  signer: 'key',
  storage: o.capabilities.defaultStorage,
  transparencyLog: true,
  ...o,
});

describe('sign arguments', () => {
  const cases: { name: string; options: SigningOptions; expected: string[] }[] = [
    {
      name: 'v3 keyless, defaults: referrers and the TUF signing config',
      options: options({ capabilities: v3, signer: 'keyless' }),
      expected: ['sign', '--yes', ...KEYLESS, IMAGE],
    },
    {
      name: 'v2 keyless, defaults: .sig tags, Fulcio and Rekor',
      options: options({ capabilities: v2, signer: 'keyless' }),
      expected: ['sign', '--yes', ...KEYLESS, IMAGE],
    },
    { name: 'v3 key with the log', options: options({ capabilities: v3 }), expected: ['sign', '--yes', ...KEY, IMAGE] },
    {
      name: 'v3 key without the log must also leave the signing config',
      options: options({ capabilities: v3, transparencyLog: false }),
      expected: ['sign', '--yes', ...KEY, '--use-signing-config=false', '--tlog-upload=false', IMAGE],
    },
    {
      name: 'v2 key without the log',
      options: options({ capabilities: v2, transparencyLog: false }),
      expected: ['sign', '--yes', ...KEY, '--tlog-upload=false', IMAGE],
    },
    {
      name: 'v3 keyless stored as tags: old format, no signing config',
      options: options({ capabilities: v3, signer: 'keyless', storage: 'tag' }),
      expected: ['sign', '--yes', ...KEYLESS, '--new-bundle-format=false', '--use-signing-config=false', IMAGE],
    },
    {
      name: 'v3 key as tags without the log: the signing-config flag once',
      options: options({ capabilities: v3, storage: 'tag', transparencyLog: false }),
      expected: ['sign', '--yes', ...KEY, '--new-bundle-format=false', '--use-signing-config=false', '--tlog-upload=false', IMAGE],
    },
    {
      name: 'v2 keyless stored as referrers: the bundle format',
      options: options({ capabilities: v2, signer: 'keyless', storage: 'referrers' }),
      expected: ['sign', '--yes', ...KEYLESS, '--new-bundle-format=true', IMAGE],
    },
  ];
  it.each(cases)('$name', ({ options, expected }) => {
    expect(signArguments(options, IMAGE)).toEqual(expected);
  });
});

describe('attest arguments', () => {
  const sbom = { type: 'cyclonedx', file: '/tmp/sbom.json' };
  const cases: { name: string; options: SigningOptions; expected: string[] }[] = [
    {
      name: 'v3 keyless SBOM',
      options: options({ capabilities: v3, signer: 'keyless' }),
      expected: ['attest', '--yes', '--type', 'cyclonedx', '--predicate', '/tmp/sbom.json', ...KEYLESS, IMAGE],
    },
    {
      name: 'v2 key SBOM without the log',
      options: options({ capabilities: v2, transparencyLog: false }),
      expected: ['attest', '--yes', '--type', 'cyclonedx', '--predicate', '/tmp/sbom.json', ...KEY, '--tlog-upload=false', IMAGE],
    },
    {
      name: 'v3 key SBOM without the log',
      options: options({ capabilities: v3, transparencyLog: false }),
      expected: [
        'attest',
        '--yes',
        '--type',
        'cyclonedx',
        '--predicate',
        '/tmp/sbom.json',
        ...KEY,
        '--use-signing-config=false',
        '--tlog-upload=false',
        IMAGE,
      ],
    },
  ];
  it.each(cases)('$name', ({ options, expected }) => {
    expect(attestArguments(options, sbom, IMAGE)).toEqual(expected);
  });
});

describe('verify arguments', () => {
  const byKey: Verification = { kind: 'key', publicKeyFile: 'cosign.pub' };
  const workflow = 'https://github.com/org/app/.github/workflows/release.yml@refs/heads/main';
  const byIdentity: Verification = { kind: 'keyless', identity: { exact: workflow }, issuer: GITHUB_OIDC_ISSUER };
  const byRegexp: Verification = { kind: 'keyless', identity: { regexp: '^https://github.com/org/' }, issuer: GITHUB_OIDC_ISSUER };
  const cases: { name: string; options: SigningOptions; verification: Verification; expected: string[] }[] = [
    {
      name: 'keyless, exact identity and GitHub issuer',
      options: options({ capabilities: v3, signer: 'keyless' }),
      verification: byIdentity,
      expected: ['verify', '--certificate-identity', workflow, '--certificate-oidc-issuer', GITHUB_OIDC_ISSUER, IMAGE],
    },
    {
      name: 'keyless, identity regexp',
      options: options({ capabilities: v2, signer: 'keyless' }),
      verification: byRegexp,
      expected: [
        'verify',
        '--certificate-identity-regexp',
        '^https://github.com/org/',
        '--certificate-oidc-issuer',
        GITHUB_OIDC_ISSUER,
        IMAGE,
      ],
    },
    {
      name: 'key with the log',
      options: options({ capabilities: v3 }),
      verification: byKey,
      expected: ['verify', '--key', 'cosign.pub', IMAGE],
    },
    {
      name: 'key without the log',
      options: options({ capabilities: v3, transparencyLog: false }),
      verification: byKey,
      expected: ['verify', '--key', 'cosign.pub', '--insecure-ignore-tlog', IMAGE],
    },
    {
      name: 'v2 reading referrers must ask for the bundle format',
      options: options({ capabilities: v2, storage: 'referrers' }),
      verification: byKey,
      expected: ['verify', '--key', 'cosign.pub', '--new-bundle-format=true', IMAGE],
    },
    {
      name: 'a cosign signature stored as an OCI 1.1 referrer (sign --registry-referrers-mode=oci-1-1)',
      options: options({ capabilities: v3, transparencyLog: false, legacyReferrers: true }),
      verification: byKey,
      expected: ['verify', '--key', 'cosign.pub', '--insecure-ignore-tlog', '--experimental-oci11', IMAGE],
    },
    {
      name: 'v3 reads tags without a flag',
      options: options({ capabilities: v3, storage: 'tag' }),
      verification: byKey,
      expected: ['verify', '--key', 'cosign.pub', IMAGE],
    },
  ];
  it.each(cases)('$name', ({ options, verification, expected }) => {
    expect(verifyArguments(options, verification, IMAGE)).toEqual(expected);
  });

  it.each([
    { name: 'v3', capabilities: v3 },
    { name: 'v2', capabilities: v2 },
  ])('keyless pinned to a run ($name): the repository, ref and trigger of the caller, after the identity', ({ capabilities }) => {
    const pinned: Verification = {
      kind: 'keyless',
      identity: { exact: 'https://github.com/org/image-actions/.github/workflows/rebuild-shard.yml@refs/tags/v1' },
      issuer: GITHUB_OIDC_ISSUER,
      run: { repository: 'acme/images', ref: 'refs/heads/main', trigger: 'schedule' },
    };
    const expected = [
      '--certificate-identity',
      'https://github.com/org/image-actions/.github/workflows/rebuild-shard.yml@refs/tags/v1',
      '--certificate-oidc-issuer',
      GITHUB_OIDC_ISSUER,
      '--certificate-github-workflow-repository',
      'acme/images',
      '--certificate-github-workflow-ref',
      'refs/heads/main',
      '--certificate-github-workflow-trigger',
      'schedule',
    ];
    expect(verifyArguments(options({ capabilities, signer: 'keyless' }), pinned, IMAGE)).toEqual(['verify', ...expected, IMAGE]);
    expect(verifyAttestationArguments(options({ capabilities, signer: 'keyless' }), pinned, 'cyclonedx', IMAGE)).toEqual([
      'verify-attestation',
      '--type',
      'cyclonedx',
      ...expected,
      IMAGE,
    ]);
  });

  it('verify-attestation names the predicate type', () => {
    expect(verifyAttestationArguments(options({ capabilities: v3, transparencyLog: false }), byKey, 'cyclonedx', IMAGE)).toEqual([
      'verify-attestation',
      '--type',
      'cyclonedx',
      '--key',
      'cosign.pub',
      '--insecure-ignore-tlog',
      IMAGE,
    ]);
  });
});

describe('secrets stay off the command line', () => {
  const secret = {
    privateKey: '-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----',
    password: 'pa ss',
  };
  it('passes the key and password in the environment only', () => {
    expect(signingEnvironment(secret)).toEqual({ [PRIVATE_KEY_VARIABLE]: secret.privateKey, [PASSWORD_VARIABLE]: secret.password });
    const all = [
      ...signArguments(options({ capabilities: v3 }), IMAGE),
      ...attestArguments(options({ capabilities: v2 }), { type: 'cyclonedx', file: 'sbom.json' }, IMAGE),
    ].join(' ');
    expect(all).not.toContain('AAAA');
    expect(all).not.toContain(secret.password);
  });
  it('keyless passes no token at all: cosign reads the runner variables itself', () => {
    expect(signingEnvironment(undefined)).toEqual({});
    expect(signArguments(options({ capabilities: v3, signer: 'keyless' }), IMAGE)).not.toContain('--identity-token');
  });
});

describe('shell command', () => {
  const cases = [
    { name: 'plain words stay bare', args: ['verify', '--key', 'cosign.pub', IMAGE], expected: `cosign verify --key cosign.pub ${IMAGE}` },
    {
      name: 'a regexp is single-quoted',
      args: ['--certificate-identity-regexp', '^https://x/.*$'],
      expected: `cosign --certificate-identity-regexp '^https://x/.*$'`,
    },
    { name: 'a single quote is escaped', args: ["it's"], expected: `cosign 'it'\\''s'` },
  ];
  it.each(cases)('$name', ({ args, expected }) => {
    expect(shellCommand(args)).toBe(expected);
  });
});
