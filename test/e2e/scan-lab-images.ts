import { randomBytes } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildPushed } from './gates-lab.js';
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
    images.push(
      buildPushed(l, scratch, `${l.registry}/${namespace}/app-${i}`, `FROM ${l.baseImages.debian}\nCOPY id.txt /etc/scan-e2e-id\n`, {
        'id.txt': `${namespace} image ${i}\n`,
      }),
    );
  }
  return images;
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
