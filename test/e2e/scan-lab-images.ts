import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Lab } from './lab.js';

/**
 * Images for the scan tests: FROM the lab's Debian image (which holds gzip
 * 1.12-1, the package the lab DB's seeded TEST advisory affects), each with a
 * file of its own so every image has its own digest; built with the lab's
 * buildx and pushed by digest, as build-prebuilt does.
 */
export function buildScanImages(l: Lab, scratch: string, count: number): string[] {
  const namespace = `e2e-scan-${randomBytes(4).toString('hex')}`;
  const images: string[] = [];
  for (let i = 1; i <= count; i++) {
    const dir = mkdtempSync(join(scratch, `image-${i}-`));
    writeFileSync(join(dir, 'Dockerfile'), `FROM ${l.baseImages.debian}\nCOPY id.txt /etc/scan-e2e-id\n`);
    writeFileSync(join(dir, 'id.txt'), `${namespace} image ${i}\n`);
    const digest = pushByDigest(l, dir, `${l.registry}/${namespace}/app-${i}`);
    images.push(`${l.registry}/${namespace}/app-${i}@${digest}`);
  }
  return images;
}

/** Builds the context `dir` with the lab's buildx and pushes it by digest (no tag) to `repository`; returns the digest. */
export function pushByDigest(l: Lab, dir: string, repository: string): string {
  const metadata = join(dir, 'metadata.json');
  const result = spawnSync(
    l.bin.docker,
    [
      'buildx',
      'build',
      '--builder',
      l.builder,
      '--provenance=false',
      '--output',
      `type=image,name=${repository},push-by-digest=true,name-canonical=true,push=true`,
      '--metadata-file',
      metadata,
      dir,
    ],
    { env: { ...process.env, ...l.env }, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`buildx build exited ${result.status}:\n${result.stderr}`);
  const digest = (JSON.parse(readFileSync(metadata, 'utf8')) as Record<string, unknown>)['containerimage.digest'];
  if (typeof digest !== 'string') throw new Error(`no digest in ${metadata}`);
  return digest;
}

/**
 * A counting proxy in front of the lab registry: the DB repository is given
 * to trivy through it, so the test counts exactly the DB fetches of its own
 * runs, whatever else uses the registry meanwhile.
 */
export class CountingRegistryProxy {
  readonly requests: string[] = [];
  private server: Server | undefined;
  port = 0;

  constructor(private readonly registry: string) {}

  async start(): Promise<void> {
    const [host = '127.0.0.1', port = '5000'] = this.registry.split(':');
    const server = createServer((incoming, outgoing) => {
      this.requests.push(`${incoming.method ?? ''} ${incoming.url ?? ''}`);
      const upstream = request(
        { host, port: Number(port), method: incoming.method, path: incoming.url, headers: { ...incoming.headers, host: this.registry } },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      upstream.on('error', () => outgoing.writeHead(502).end());
      incoming.pipe(upstream);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  /** `127.0.0.1:PORT/<path>` for a repository `127.0.0.1:5001/<path>`. */
  through(repository: string): string {
    return repository.replace(this.registry, `127.0.0.1:${this.port}`);
  }

  /** Blob downloads (the DB layer itself), not manifest checks. */
  blobFetches(): string[] {
    return this.requests.filter((r) => /^GET \/v2\/.+\/blobs\/sha256:/.test(r));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** A registry that is always overloaded: answers 429 to everything. */
export async function startOverloadedRegistry(): Promise<{ host: string; hits: () => number; stop: () => Promise<void> }> {
  let hits = 0;
  const server = createServer((_incoming, outgoing) => {
    hits++;
    outgoing.writeHead(429, { 'content-type': 'application/json' }).end('{"errors":[{"code":"TOOMANYREQUESTS","message":"rate limited"}]}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits: () => hits,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
