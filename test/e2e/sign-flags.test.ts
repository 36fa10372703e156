import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  attestArguments,
  capabilitiesOf,
  GITHUB_OIDC_ISSUER,
  parseCosignVersion,
  type SigningOptions,
  signArguments,
  verifyArguments,
  verifyAttestationArguments,
} from '../../packages/cosign/index.js';
import { lab } from './lab.js';

/**
 * The keyless path cannot run here (no Fulcio, no Rekor), so this checks the
 * next best thing with the real binaries: the arguments the action would
 * pass, for every combination of signer, storage and log, parse for the lab's
 * cosign v3 and v2. --help alone would not do: cobra hides deprecated flags
 * from it (v3's --tlog-upload, --new-bundle-format) while still accepting them.
 */
const IMAGE = '127.0.0.1:5001/x/y@sha256:ac7c6159ea4e415b0343584e17cf6c059eaa821a9774f16323e1d97c4aecd0be';

function binaries(): { name: string; path: string }[] {
  const l = lab();
  return [
    { name: 'v3', path: l.bin.cosign },
    { name: 'v2', path: l.bin['cosign-v2'] },
  ];
}

/** cobra parses every flag before it honours --help: an unknown one fails, a known one (even deprecated, so hidden from --help) passes. */
function parses(path: string, args: readonly string[]): { ok: boolean; stderr: string } {
  const withoutImage = args.filter((a) => a !== IMAGE);
  try {
    execFileSync(path, [...withoutImage, '--help'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { ok: true, stderr: '' };
  } catch (error: unknown) {
    return { ok: false, stderr: String((error as { stderr?: string }).stderr ?? error) };
  }
}

describe.each(binaries())('cosign $name accepts every argument the action passes', ({ path }) => {
  const capabilities = capabilitiesOf(parseCosignVersion(execFileSync(path, ['version'], { encoding: 'utf8' })));
  const keyless = { kind: 'keyless', identity: { regexp: '.*' }, issuer: GITHUB_OIDC_ISSUER } as const;
  const exact = {
    kind: 'keyless',
    identity: { exact: 'https://github.com/o/r/.github/workflows/w.yml@refs/heads/main' },
    issuer: GITHUB_OIDC_ISSUER,
  } as const;
  // What the publish job and the printed command check keyless: the workflow at its release ref, and the run that signed.
  const pinned = {
    kind: 'keyless',
    identity: { exact: 'https://github.com/org/image-actions/.github/workflows/rebuild-shard.yml@refs/tags/v1' },
    issuer: GITHUB_OIDC_ISSUER,
    run: { repository: 'acme/images', ref: 'refs/heads/main', trigger: 'schedule' },
  } as const;
  const byKey = { kind: 'key', publicKeyFile: 'cosign.pub' } as const;
  const cases: { name: string; args: string[] }[] = [];
  for (const signer of ['key', 'keyless'] as const) {
    for (const storage of ['referrers', 'tag'] as const) {
      for (const transparencyLog of [true, false]) {
        const o: SigningOptions = { capabilities, signer, storage, transparencyLog };
        const label = `${signer}, ${storage}, ${transparencyLog ? 'with' : 'without'} the log`;
        const verification = signer === 'key' ? byKey : keyless;
        cases.push(
          { name: `sign: ${label}`, args: signArguments(o, IMAGE) },
          { name: `attest: ${label}`, args: attestArguments(o, { type: 'cyclonedx', file: 'p.json' }, IMAGE) },
          { name: `verify: ${label}`, args: verifyArguments(o, verification, IMAGE) },
          { name: `verify, exact identity: ${label}`, args: verifyArguments(o, signer === 'key' ? byKey : exact, IMAGE) },
          { name: `verify-attestation: ${label}`, args: verifyAttestationArguments(o, verification, 'cyclonedx', IMAGE) },
          ...(signer === 'keyless'
            ? [
                { name: `verify, pinned to the run: ${label}`, args: verifyArguments(o, pinned, IMAGE) },
                {
                  name: `verify-attestation, pinned to the run: ${label}`,
                  args: verifyAttestationArguments(o, pinned, 'cyclonedx', IMAGE),
                },
              ]
            : []),
        );
      }
    }
  }
  it.each(cases)('$name', ({ args }) => {
    expect(parses(path, args)).toEqual({ ok: true, stderr: '' });
  });

  it('and refuses an unknown flag, so the check can fail', () => {
    expect(parses(path, ['sign', '--no-such-flag']).ok).toBe(false);
    expect(parses(path, ['verify', '--certificate-github-workflow-branch', 'main']).ok).toBe(false);
  });
});
