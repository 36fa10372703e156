import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTree } from '../../packages/cosign/index.js';
import { runDist } from '../harness/run-dist.js';
import { buildPushed } from './gates-lab.js';
import { type Lab, lab, runToolOk, type ToolOptions } from './lab.js';

/**
 * The bundled sign-with-cosign (dist/, `npm run build` first) run as the
 * runner runs it, against the lab: a key from cosign generate-key-pair, the
 * lab's cosign v3 taken from PATH (`cosign-version: path`), no transparency log.
 */
let l: Lab;
let work: string;
let tagged: string;
let digest: string;
const PASSWORD = `pw-${randomBytes(6).toString('hex')}`;

const run = (file: string, args: string[], options: ToolOptions = {}): string => runToolOk(l, file, args, options).stdout;

/** Everything the step printed, except the runner's own masking commands (which carry the secrets by design). */
function printed(result: { stdout: string; stderr: string }): string {
  return `${result.stdout}\n${result.stderr}`
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
}

beforeAll(() => {
  l = lab();
  work = mkdtempSync(join(tmpdir(), 'sign-action-'));
  run(l.bin.cosign, ['generate-key-pair'], { cwd: work, env: { COSIGN_PASSWORD: PASSWORD } });
  tagged = `${l.registry}/sign-action-${randomBytes(4).toString('hex')}/busybox:1.0`;
  run(l.bin.skopeo, [
    'copy',
    '--src-tls-verify=false',
    '--dest-tls-verify=false',
    `docker://${l.baseImages.busybox}`,
    `docker://${tagged}`,
  ]);
  digest = (JSON.parse(run(l.bin.skopeo, ['inspect', '--tls-verify=false', `docker://${tagged}`])) as { Digest: string }).Digest;
  run(l.bin.trivy, [
    'image',
    '--quiet',
    '--insecure',
    '--format',
    'cyclonedx',
    '--output',
    join(work, 'sbom.json'),
    `${tagged.replace(/:1\.0$/, '')}@${digest}`,
  ]);
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('sign-with-cosign, bundled, against the lab', () => {
  const inputs = () => ({
    image: tagged,
    key: readFileSync(join(work, 'cosign.key'), 'utf8'),
    'key-password': PASSWORD,
    sbom: join(work, 'sbom.json'),
    'transparency-log': 'false',
    'cosign-version': 'path',
  });
  const env = () => ({ PATH: l.env.PATH ?? '', HOME: process.env.HOME ?? work });

  it('signs the digest, attests the SBOM, verifies, and reports the command', async () => {
    const result = await runDist('sign-with-cosign', inputs(), { env: env(), cwd: work });
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    const image = `${tagged.replace(/:1\.0$/, '')}@${digest}`;
    expect(result.outputs).toMatchObject({
      image,
      digest,
      signed: 'true',
      'verify-command': `cosign verify --key cosign.pub --insecure-ignore-tlog ${image}`,
      'verify-attestation-command': `cosign verify-attestation --type cyclonedx --key cosign.pub --insecure-ignore-tlog ${image}`,
      'cosign-version': '3.1.2',
    });
    expect(JSON.parse(result.outputs['signature-refs'] ?? '[]')).toHaveLength(1);
    expect(JSON.parse(result.outputs['attestation-refs'] ?? '[]')).toHaveLength(1);
    expect(result.summary).toContain(`cosign verify --key cosign.pub --insecure-ignore-tlog ${image}`);
    expect(result.summary).toContain('BEGIN PUBLIC KEY');
    const all = printed(result) + JSON.stringify(result.outputs) + result.summary;
    expect(all).not.toContain(PASSWORD);
    expect(all).not.toContain('ENCRYPTED SIGSTORE PRIVATE KEY');
  });

  it('refuses an SBOM with no package for an image whose records list some, and writes nothing', async () => {
    // A distroless-style copy of the lab Debian's dpkg records, offered an SBOM that lists no package
    // (trivy's, of the busybox image, which has no records).
    const records = buildPushed(
      l,
      work,
      `${l.registry}/sign-action-${randomBytes(4).toString('hex')}/records`,
      'FROM debian:bookworm AS debian\nFROM scratch\nCOPY --from=debian /var/lib/dpkg/status /var/lib/dpkg/status\n',
    );
    const empty = join(work, 'sbom.json');
    expect(JSON.parse(readFileSync(empty, 'utf8')).components ?? []).toEqual([]);
    const result = await runDist('sign-with-cosign', { ...inputs(), image: records, sbom: empty }, { env: env(), cwd: work });
    expect(result.exitCode).not.toBe(0);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(/lists no package, but the image's own package records list 88: it does not describe the image/);
    expect(parseTree(run(l.bin.cosign, ['tree', records])).signatures).toEqual([]);
  });

  it('a wrong password fails with one error naming the input, and no secret', async () => {
    const wrong = `wrong-${randomBytes(6).toString('hex')}`;
    const result = await runDist('sign-with-cosign', { ...inputs(), 'key-password': wrong }, { env: env(), cwd: work });
    expect(result.exitCode).not.toBe(0);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(/^sign-with-cosign: input 'key-password' does not decrypt the private key/);
    const all = printed(result) + JSON.stringify(result.outputs) + result.summary;
    expect(all).not.toContain(wrong);
    expect(all).not.toContain('ENCRYPTED SIGSTORE PRIVATE KEY');
    expect(result.outputs).toEqual({});
  });

  it('installs only a cosign whose SHA-256 is the pin: a lab-built binary from a mirror is refused', async () => {
    // The lab builds cosign from source, so its bytes differ from the release
    // the pin names: exactly what a tampered mirror looks like.
    const served: string[] = [];
    const server: Server = createServer((request, response) => {
      served.push(request.url ?? '');
      if (request.url?.startsWith('/v3.1.2/cosign-linux-')) {
        response.end(readFileSync(l.bin.cosign));
      } else {
        response.statusCode = 404;
        response.end();
      }
    });
    await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
    try {
      const mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const result = await runDist(
        'sign-with-cosign',
        { ...inputs(), 'cosign-version': '3.1.2', 'tool-mirror': mirror },
        { env: env(), cwd: work },
      );
      expect(result.exitCode).not.toBe(0);
      expect(served.some((url) => url.startsWith('/v3.1.2/cosign-linux-'))).toBe(true);
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]).toMatch(/refusing cosign-linux-\w+ .*its SHA-256 is [a-f0-9]{64}, but the pin is [a-f0-9]{64}/);
      expect(result.outputs).toEqual({});
    } finally {
      server.close();
    }
  });
});
