import { createServer, request as forward, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A proxy on loopback in front of a real registry, for the faults a real
 * registry does not make on demand: it answers some requests itself (429
 * with Retry-After, 503) and passes the rest through, untouched, and it
 * counts what it saw. Clients reach it as `127.0.0.1:<port>`, so they speak
 * plain HTTP to it as to any loopback registry.
 */
export interface SeenRequest {
  method: string;
  path: string;
  /** What the client got: the proxy's own answer, or the registry's. */
  status: number;
  answeredBy: 'proxy' | 'registry';
  at: number;
}

export type Fault = { status: number; headers?: Record<string, string>; body?: string };

/** Decides, per request (`index` counts from 0), whether the proxy answers it itself. */
export type FaultRule = (request: { method: string; path: string }, index: number) => Fault | undefined;

export interface RegistryProxy {
  /** `127.0.0.1:<port>` */
  host: string;
  seen: SeenRequest[];
  /** Replaces the rule for the requests to come. */
  setRule(rule: FaultRule): void;
  close(): Promise<void>;
}

export async function startRegistryProxy(target: string, rule: FaultRule = () => undefined): Promise<RegistryProxy> {
  const [targetHost = '127.0.0.1', targetPort = '80'] = target.split(':');
  const seen: SeenRequest[] = [];
  let current = rule;
  let self = () => target;
  const server: Server = createServer((incoming: IncomingMessage, outgoing) => {
    const method = incoming.method ?? 'GET';
    const path = incoming.url ?? '/';
    const fault = current({ method, path }, seen.length);
    if (fault) {
      seen.push({ method, path, status: fault.status, answeredBy: 'proxy', at: Date.now() });
      incoming.resume();
      outgoing.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
      outgoing.end(fault.body ?? JSON.stringify({ errors: [{ code: 'TOOMANYREQUESTS', message: 'injected by the test proxy' }] }));
      return;
    }
    const upstream = forward(
      { host: targetHost, port: Number(targetPort), method, path, headers: { ...incoming.headers, host: target } },
      (answer) => {
        seen.push({ method, path, status: answer.statusCode ?? 0, answeredBy: 'registry', at: Date.now() });
        // A registry names its own address in the Location of an upload (and of a redirect): pointed back at the
        // proxy, so a client that pushes blobs keeps talking to it (and is counted) instead of going around it.
        const headers = { ...answer.headers };
        if (typeof headers.location === 'string') headers.location = headers.location.replace(`//${target}/`, `//${self()}/`);
        outgoing.writeHead(answer.statusCode ?? 502, headers);
        answer.pipe(outgoing);
      },
    );
    upstream.on('error', (error) => {
      outgoing.writeHead(502);
      outgoing.end(String(error));
    });
    incoming.pipe(upstream);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  self = () => `127.0.0.1:${port}`;
  return {
    host: `127.0.0.1:${port}`,
    seen,
    setRule: (next) => {
      current = next;
    },
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
