import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type SignRequest, signImage } from '../../../packages/cosign/index.js';
import { MemoryLogger } from '../../../packages/logging/index.js';
import type { Command, CommandResult, CommandRunner } from '../../../packages/process/index.js';
import { userErrorFrom } from '../../harness/user-error.js';

// The orchestration around cosign, with cosign's answers scripted from real
// output (test/fixtures/cosign). The real runs are in test/e2e/sign-*.test.ts.
const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'cosign', name), 'utf8');
const DIGEST = 'sha256:ac7c6159ea4e415b0343584e17cf6c059eaa821a9774f16323e1d97c4aecd0be';
const IMAGE = `127.0.0.1:5001/cosign-probe/b@${DIGEST}`;

type Answer = Partial<CommandResult> | ((command: Command) => Partial<CommandResult>);

class ScriptedRunner implements CommandRunner {
  readonly calls: Command[] = [];
  constructor(private readonly answers: Record<string, Answer[]>) {}
  async run(command: Command): Promise<CommandResult> {
    this.calls.push(command);
    const key = command.args[0] ?? '';
    // The public half of the request's key, unless a test scripts another answer.
    const queue = this.answers[key] ?? (key === 'public-key' ? [{ stdout: 'PUBLIC\n' }] : undefined);
    const next = queue && queue.length > 1 ? queue.shift() : queue?.[0];
    const answer = typeof next === 'function' ? next(command) : (next ?? {});
    return { exitCode: 0, stdout: '', stderr: '', ...answer };
  }
  commands(): string[] {
    return this.calls.map((c) => c.args[0] ?? '');
  }
}

const v2 = { stdout: fixture('version-v2.6.4.txt') };
const tree = { stdout: fixture('tree-v2-tags.txt') };
const fails = { exitCode: 1, stderr: 'Error: no signatures found' };

function request(overrides: Partial<SignRequest> = {}): SignRequest {
  return {
    cosign: 'cosign',
    image: IMAGE,
    key: { privateKey: 'key-material-123', password: 'pass-456', publicKey: 'PUBLIC\n' },
    identity: {},
    storage: 'auto',
    transparencyLog: false,
    provenance: false,
    workDir: mkdtempSync(join(tmpdir(), 'sign-unit-')),
    env: {},
    ...overrides,
  };
}

/** A request without a key: keyless signing. */
function keyless(overrides: Partial<SignRequest>): SignRequest {
  const { key: _key, ...rest } = request(overrides);
  return rest;
}

function sbomFile(document: object): string {
  const file = join(mkdtempSync(join(tmpdir(), 'sign-sbom-')), 'sbom.cdx.json');
  writeFileSync(file, JSON.stringify(document));
  return file;
}

describe('signImage', () => {
  it('signs when nothing verifies yet, then requires the check to pass', async () => {
    const runner = new ScriptedRunner({ version: [v2], verify: [fails, {}], tree: [tree] });
    const result = await signImage(runner, new MemoryLogger(), request());
    expect(runner.commands()).toEqual(['version', 'public-key', 'verify', 'sign', 'verify', 'tree']);
    expect(result).toMatchObject({ signed: true, storage: 'tag', digest: DIGEST, cosignVersion: '2.6.4' });
    expect(result.signatureReferences).toEqual([`127.0.0.1:5001/cosign-probe/b:sha256-${DIGEST.slice(7)}.sig`]);
  });

  it('writes nothing when a signature by the same key already verifies', async () => {
    const runner = new ScriptedRunner({ version: [v2], verify: [{}], tree: [tree] });
    const result = await signImage(runner, new MemoryLogger(), request());
    expect(runner.commands()).toEqual(['version', 'public-key', 'verify', 'tree']);
    expect(result.signed).toBe(false);
  });

  it('fails the step when the signature just pushed does not verify', async () => {
    const runner = new ScriptedRunner({ version: [v2], verify: [fails, fails], tree: [tree] });
    await expect(signImage(runner, new MemoryLogger(), request())).rejects.toThrow(/was pushed but does not verify/);
  });

  it('refuses a key whose public half is not the given public key, before writing anything', async () => {
    const runner = new ScriptedRunner({ version: [v2], 'public-key': [{ stdout: 'ANOTHER\n' }], verify: [fails], tree: [tree] });
    const message = await userErrorFrom(signImage(runner, new MemoryLogger(), request()));
    expect(message).toMatch(/^input 'key' is not the private half of input 'public-key': its public key differs\./);
    expect(runner.commands()).toEqual(['version', 'public-key']);
  });

  it('passes the key and password only in the environment of the writing call', async () => {
    const runner = new ScriptedRunner({ version: [v2], verify: [fails, {}], tree: [tree] });
    await signImage(runner, new MemoryLogger(), request());
    const sign = runner.calls.find((c) => c.args[0] === 'sign');
    expect(sign?.env).toEqual({ SIGN_WITH_COSIGN_PRIVATE_KEY: 'key-material-123', COSIGN_PASSWORD: 'pass-456' });
    for (const call of runner.calls) expect(call.args.join(' ')).not.toMatch(/key-material-123|pass-456/);
    expect(runner.calls.filter((c) => c.args[0] === 'verify').every((c) => c.env === undefined)).toBe(true);
  });

  it('turns a decryption failure into a UserError naming key-password', async () => {
    const decrypt = { exitCode: 1, stderr: 'Error: signing [x]: getting signer: reading key: decrypt: encrypted: decryption failed' };
    const runner = new ScriptedRunner({ version: [v2], verify: [fails], sign: [decrypt] });
    expect(await userErrorFrom(signImage(runner, new MemoryLogger(), request()))).toMatch(/'key-password' does not decrypt/);
  });

  it('resolves a tag to its digest before anything is signed', async () => {
    const manifest = { stdout: `{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"${DIGEST}","size":821}` };
    const runner = new ScriptedRunner({ version: [v2], buildx: [manifest], verify: [fails, {}], tree: [tree] });
    const result = await signImage(runner, new MemoryLogger(), request({ image: '127.0.0.1:5001/cosign-probe/b:v1', docker: 'docker' }));
    expect(result.image).toBe(IMAGE);
    const sign = runner.calls.find((c) => c.args[0] === 'sign');
    expect(sign?.args.at(-1)).toBe(IMAGE);
  });

  it('keyless: checks what it signed against this run (repository, ref, trigger), and prints that command', async () => {
    const env = {
      ACTIONS_ID_TOKEN_REQUEST_URL: 'https://x',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't',
      GITHUB_REPOSITORY: 'acme/images',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_EVENT_NAME: 'schedule',
      GITHUB_WORKFLOW_REF: 'acme/images/.github/workflows/nightly.yml@refs/heads/main',
    };
    const runner = new ScriptedRunner({ version: [v2], verify: [fails, {}], tree: [tree] });
    const result = await signImage(runner, new MemoryLogger(), keyless({ transparencyLog: true, env }));
    const check = runner.calls.filter((c) => c.args[0] === 'verify').at(-1)?.args ?? [];
    expect(check.slice(check.indexOf('--certificate-github-workflow-repository'), -1)).toEqual([
      '--certificate-github-workflow-repository',
      'acme/images',
      '--certificate-github-workflow-ref',
      'refs/heads/main',
      '--certificate-github-workflow-trigger',
      'schedule',
    ]);
    expect(result.verifyCommand).toContain(
      '--certificate-github-workflow-repository acme/images --certificate-github-workflow-ref refs/heads/main',
    );
  });

  const refusals = [
    {
      name: 'keyless without id-token: write',
      request: keyless({
        transparencyLog: true,
        env: { GITHUB_WORKFLOW_REF: 'o/r/.github/workflows/w.yml@refs/heads/main' },
      }),
      message: /id-token: write/,
    },
    {
      name: 'keyless without the transparency log',
      request: keyless({ env: { ACTIONS_ID_TOKEN_REQUEST_URL: 'https://x', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' } }),
      message: /keyless signing needs the transparency log/,
    },
    {
      name: 'an SBOM with no package for an image whose records list some',
      request: request({
        sbom: sbomFile({ bomFormat: 'CycloneDX', components: [{ type: 'operating-system', name: 'debian' }] }),
        recordedPackages: 4,
      }),
      message: /lists no package, but the image's own package records list 4: it does not describe the image/,
    },
    {
      name: 'an empty SBOM, with the records counted for the digest being signed',
      request: request({ sbom: sbomFile({ bomFormat: 'CycloneDX', components: [] }), recordedPackages: async () => 2 }),
      message: /records list 2/,
    },
    {
      name: 'an SBOM that is not CycloneDX',
      request: request({ sbom: join(import.meta.dirname, 'sign.test.ts') }),
      message: /not a CycloneDX JSON document/,
    },
  ];
  it.each([
    { name: 'an image with no package records at all (a static binary)', components: [], recorded: 0 },
    {
      name: 'packages nested under a platform component',
      components: [{ type: 'container', name: 'p', components: [{ type: 'library', name: 'libc6', version: '2.36' }] }],
      recorded: 1,
    },
  ])('attests an SBOM that describes the image: $name', async ({ components, recorded }) => {
    const runner = new ScriptedRunner({ version: [v2], verify: [fails, {}], 'verify-attestation': [fails, {}], tree: [tree] });
    await signImage(
      runner,
      new MemoryLogger(),
      request({ sbom: sbomFile({ bomFormat: 'CycloneDX', components }), recordedPackages: recorded }),
    );
    expect(runner.commands()).toContain('attest');
  });

  it.each(refusals)('refuses, before writing anything: $name', async ({ request, message }) => {
    const runner = new ScriptedRunner({ version: [v2], verify: [fails], tree: [tree] });
    expect(await userErrorFrom(signImage(runner, new MemoryLogger(), request))).toMatch(message);
    expect(runner.commands()).not.toContain('sign');
    expect(runner.commands()).not.toContain('attest');
  });
});
