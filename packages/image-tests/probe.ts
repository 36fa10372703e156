/** What a server answered. */
export interface ProbeAnswer {
  status: number;
  body: string;
}

/**
 * One HTTP GET of `path` on a loopback port; throws when nothing answers
 * (yet). HTTP and not a bare TCP connect: docker's port proxy accepts
 * connections before the server in the container listens.
 */
export type Probe = (host: string, port: number, path: string, timeoutMs: number) => Promise<ProbeAnswer>;

export const httpProbe: Probe = async (host, port, path, timeoutMs) => {
  const response = await fetch(`http://${host}:${port}${path}`, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
  return { status: response.status, body: await response.text() };
};
