import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCosignVersion, parseTree, type SignRequest, type SignResult, signImage } from '../../packages/cosign/index.js';
import { isUserError } from '../../packages/errors/index.js';
import { MemoryLogger } from '../../packages/logging/index.js';
import { type Command, type CommandResult, type CommandRunner, ExecRunner } from '../../packages/process/index.js';
import { type Lab, lab, runTool, runToolOk, type ToolOptions } from './lab.js';

/**
 * sign-with-cosign's package against the lab: the real cosign (v3 and, when
 * the lab built it, v2), the loopback registry, a key pair made by cosign, no
 * transparency log (Rekor is not reachable here), an SBOM made by the lab's
 * trivy. Each cosign signs its own fresh copy of the lab's busybox image.
 */
let l: Lab;
let work: string;
const PASSWORD = `pw-${randomBytes(6).toString('hex')}`;
// Test data only: the variables a GitHub runner would set, for the provenance predicate.
const RUN = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'example/images',
  GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_WORKFLOW_REF: 'example/images/.github/workflows/rebuild.yml@refs/heads/main',
  GITHUB_RUN_ID: '42',
};

/** Runs the real tools, keeps everything they print, and echoes nothing. */
class RecordingRunner implements CommandRunner {
  readonly printed: string[] = [];
  readonly commandLines: string[] = [];
  private readonly exec = new ExecRunner();
  async run(command: Command): Promise<CommandResult> {
    this.commandLines.push([command.file, ...command.args].join(' '));
    const result = await this.exec.run({ ...command, quiet: true });
    this.printed.push(result.stdout, result.stderr);
    return result;
  }
}

function cosignBinaries(): { name: string; path: string }[] {
  return [
    { name: 'v3', path: l.bin.cosign },
    { name: 'v2', path: l.bin['cosign-v2'] },
  ];
}

const run = (file: string, args: string[], options: ToolOptions = {}): string => runToolOk(l, file, args, options).stdout;

/** Exit code of a command, whatever it is. */
function exitCode(file: string, args: string[]): number {
  return runTool(l, file, args).status ?? 1;
}

/** A fresh image of our own: the lab's busybox copied to a new repository, returned by tag. */
function freshImage(label: string): string {
  const tagged = `${l.registry}/sign-e2e-${label}-${randomBytes(4).toString('hex')}/busybox:1.0`;
  run(l.bin.skopeo, [
    'copy',
    '--src-tls-verify=false',
    '--dest-tls-verify=false',
    `docker://${l.baseImages.busybox}`,
    `docker://${tagged}`,
  ]);
  return tagged;
}

function digestOfTag(tagged: string): string {
  return (JSON.parse(run(l.bin.skopeo, ['inspect', '--tls-verify=false', `docker://${tagged}`])) as { Digest: string }).Digest;
}

beforeAll(() => {
  l = lab();
  work = mkdtempSync(join(tmpdir(), 'sign-e2e-'));
  run(l.bin.cosign, ['generate-key-pair'], { cwd: work, env: { COSIGN_PASSWORD: PASSWORD } });
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe.each([{ cosign: 'v3' }, { cosign: 'v2' }])('cosign $cosign against the lab', ({ cosign: name }) => {
  let cosign: string;
  let tagged: string;
  let digest: string;
  let sbom: string;
  let first: SignResult;
  let request: SignRequest;
  const runner = new RecordingRunner();
  const log = new MemoryLogger();

  beforeAll(async () => {
    const binary = cosignBinaries().find((b) => b.name === name);
    if (!binary) throw new Error(`the lab has no cosign ${name}; run 'scripts/lab.sh up'`);
    cosign = binary.path;
    tagged = freshImage(name);
    digest = digestOfTag(tagged);
    sbom = join(work, `sbom-${name}.json`);
    run(l.bin.trivy, [
      'image',
      '--quiet',
      '--insecure',
      '--format',
      'cyclonedx',
      '--output',
      sbom,
      `${tagged.replace(/:1\.0$/, '')}@${digest}`,
    ]);
    request = {
      cosign,
      docker: l.bin.docker,
      image: tagged,
      key: { privateKey: readFileSync(join(work, 'cosign.key'), 'utf8'), password: PASSWORD },
      identity: {},
      storage: 'auto',
      transparencyLog: false,
      sbom,
      provenance: true,
      workDir: mkdtempSync(join(work, `${name}-`)),
      env: RUN,
    };
    first = await signImage(runner, log, request);
  });

  it('signs the digest the tag pointed at, not the tag', () => {
    expect(first.digest).toBe(digest);
    expect(first.image).toBe(`${tagged.replace(/:1\.0$/, '')}@${digest}`);
    expect(first.signed).toBe(true);
    expect(first.attestations.map((a) => [a.type, a.created])).toEqual([
      ['cyclonedx', true],
      ['slsaprovenance1', true],
    ]);
  });

  it("stores the signature where this cosign's default puts it", () => {
    const version = parseCosignVersion(run(cosign, ['version']));
    expect(first.cosignVersion).toBe(version);
    const hex = digest.slice('sha256:'.length);
    if (name === 'v2') {
      expect(first.storage).toBe('tag');
      expect(first.signatureReferences).toEqual([`${first.image.split('@')[0]}:sha256-${hex}.sig`]);
      expect(first.attestationReferences).toEqual([`${first.image.split('@')[0]}:sha256-${hex}.att`]);
    } else {
      expect(first.storage).toBe('referrers');
      expect(first.signatureReferences).toHaveLength(1);
      expect(first.attestationReferences).toHaveLength(2);
      for (const ref of [...first.signatureReferences, ...first.attestationReferences]) expect(ref).toMatch(/@sha256:[a-f0-9]{64}$/);
    }
  });

  it('verify and verify-attestation pass, run independently with the public key', () => {
    const publicKey = join(work, 'cosign.pub');
    expect(first.publicKey?.trim()).toBe(readFileSync(publicKey, 'utf8').trim());
    expect(first.verifyCommand).toBe(`cosign verify --key cosign.pub --insecure-ignore-tlog ${first.image}`);
    // The command printed for consumers, run as printed (with this cosign and the key's path).
    const args = first.verifyCommand
      .split(' ')
      .slice(1)
      .map((a) => (a === 'cosign.pub' ? publicKey : a));
    expect(exitCode(cosign, args)).toBe(0);
    for (const type of ['cyclonedx', 'slsaprovenance1']) {
      expect(exitCode(cosign, ['verify-attestation', '--type', type, '--key', publicKey, '--insecure-ignore-tlog', first.image])).toBe(0);
    }
  });

  it('verifying another digest with the same key fails', () => {
    const other = l.baseImages.busybox;
    expect(other).not.toContain(digest);
    expect(exitCode(cosign, ['verify', '--key', join(work, 'cosign.pub'), '--insecure-ignore-tlog', other])).not.toBe(0);
  });

  it('signing the same digest again adds no signature and no attestation', async () => {
    const before = parseTree(run(cosign, ['tree', first.image]));
    const again = await signImage(runner, log, { ...request, image: first.image, workDir: mkdtempSync(join(work, `${name}-again-`)) });
    expect(again.signed).toBe(false);
    expect(again.attestations.map((a) => a.created)).toEqual([false, false]);
    const after = parseTree(run(cosign, ['tree', first.image]));
    expect(after).toEqual(before);
    expect(again.signatureReferences).toEqual(first.signatureReferences);
  });

  it('a wrong password fails, says so, and prints no secret', async () => {
    const wrong = `wrong-${randomBytes(6).toString('hex')}`;
    const quiet = new RecordingRunner();
    const wrongLog = new MemoryLogger();
    const target = freshImage(`${name}-wrongpw`);
    let caught: unknown;
    try {
      await signImage(quiet, wrongLog, {
        ...request,
        image: target,
        key: { ...(request.key ?? { privateKey: '' }), password: wrong },
        workDir: mkdtempSync(join(work, `${name}-wrong-`)),
      });
    } catch (error: unknown) {
      caught = error;
    }
    expect(isUserError(caught)).toBe(true);
    expect(String(caught)).toMatch(/'key-password' does not decrypt/);
    const everything = [String(caught), ...quiet.printed, ...quiet.commandLines, ...wrongLog.messages()].join('\n');
    expect(everything).not.toContain(wrong);
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain('ENCRYPTED SIGSTORE PRIVATE KEY');
    // Nothing was signed.
    const targetDigest = digestOfTag(target);
    expect(parseTree(run(cosign, ['tree', `${target.replace(/:1\.0$/, '')}@${targetDigest}`]))).toEqual({
      signatures: [],
      attestations: [],
    });
  });

  // What cosign does on its own when asked twice, measured here because the
  // action's idempotency (verify first, write only when nothing verifies)
  // rests on it: v3 adds a referrer for every sign and attest; v2 keeps one
  // `.sig` layer per key but appends every `.att` layer.
  it('cosign itself, asked twice without checking first, piles up what the action avoids', () => {
    const target = freshImage(`${name}-raw`);
    const image = `${target.replace(/:1\.0$/, '')}@${digestOfTag(target)}`;
    const env = { COSIGN_PASSWORD: PASSWORD };
    const noLog = name === 'v3' ? ['--use-signing-config=false', '--tlog-upload=false'] : ['--tlog-upload=false'];
    for (let i = 0; i < 2; i++) {
      run(cosign, ['sign', '--yes', '--key', join(work, 'cosign.key'), ...noLog, image], { env });
      run(cosign, ['attest', '--yes', '--key', join(work, 'cosign.key'), ...noLog, '--type', 'cyclonedx', '--predicate', sbom, image], {
        env,
      });
    }
    const layers = run(cosign, ['tree', image])
      .split('\n')
      .filter((line) => line.includes('\u{1F352}')).length;
    const tree = parseTree(run(cosign, ['tree', image]));
    if (name === 'v3') {
      expect({ signatures: tree.signatures.length, attestations: tree.attestations.length, layers }).toEqual({
        signatures: 2,
        attestations: 2,
        layers: 4,
      });
    } else {
      expect({ signatures: tree.signatures.length, attestations: tree.attestations.length, layers }).toEqual({
        signatures: 1,
        attestations: 1,
        layers: 3,
      });
    }
  });

  it('no secret reached a command line or the log', () => {
    const everything = [...runner.commandLines, ...log.messages()].join('\n');
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain('ENCRYPTED SIGSTORE PRIVATE KEY');
  });
});

describe('storage chosen against the default', () => {
  it('cosign v3 told to use tags writes the .sig and .att tags, and verifies them', async () => {
    const tagged = freshImage('v3-tags');
    const digest = digestOfTag(tagged);
    const repository = tagged.replace(/:1\.0$/, '');
    const sbom = join(work, 'sbom-v3-tags.json');
    run(l.bin.trivy, ['image', '--quiet', '--insecure', '--format', 'cyclonedx', '--output', sbom, `${repository}@${digest}`]);
    const result = await signImage(new RecordingRunner(), new MemoryLogger(), {
      cosign: l.bin.cosign,
      docker: l.bin.docker,
      image: `${repository}@${digest}`,
      key: { privateKey: readFileSync(join(work, 'cosign.key'), 'utf8'), password: PASSWORD },
      identity: {},
      storage: 'tag',
      transparencyLog: false,
      sbom,
      provenance: false,
      workDir: mkdtempSync(join(work, 'v3-tags-')),
      env: {},
    });
    const hex = digest.slice('sha256:'.length);
    expect(result.storage).toBe('tag');
    expect(result.signatureReferences).toEqual([`${repository}:sha256-${hex}.sig`]);
    expect(result.attestationReferences).toEqual([`${repository}:sha256-${hex}.att`]);
    expect(exitCode(l.bin.cosign, ['verify', '--key', join(work, 'cosign.pub'), '--insecure-ignore-tlog', result.image])).toBe(0);
  });
});
