import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MemoryLogger } from '../../../packages/logging/index.js';
import { ANONYMOUS, ExplicitCredentials, nextPage, RegistryClient, retryAfter } from '../../../packages/registry/index.js';
import { userErrorFrom } from '../../harness/user-error.js';

/**
 * The client's HTTP behaviour against scripted answers: challenges, token
 * renewal, retries and pagination. The same paths run against the lab's real
 * registries in test/e2e/registry-client.test.ts.
 */
interface Seen {
  method: string;
  url: string;
  authorization?: string;
}

type Handler = (request: Seen, index: number) => Response | undefined;

function scripted(handlers: Handler[]): { fetch: typeof fetch; seen: Seen[] } {
  const seen: Seen[] = [];
  const fake = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const headers = new Headers(init?.headers);
    const request: Seen = { method: init?.method ?? 'GET', url: String(input) };
    const authorization = headers.get('authorization');
    if (authorization !== null) request.authorization = authorization;
    seen.push(request);
    for (const handler of handlers) {
      const answer = handler(request, seen.length - 1);
      if (answer) return answer;
    }
    return new Response('not found', { status: 404 });
  };
  return { fetch: fake as typeof fetch, seen };
}

const MANIFEST = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', layers: [] }));
const DIGEST = `sha256:${createHash('sha256').update(MANIFEST).digest('hex')}`;
const manifest = () =>
  new Response(new Uint8Array(MANIFEST), { status: 200, headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' } });
const noSleep = { sleep: async () => {} };

describe('RegistryClient: logins', () => {
  it('asks anonymously for a Bearer token, then uses it', async () => {
    const { fetch, seen } = scripted([
      (r) => (r.url.startsWith('https://auth.example.com/token') ? Response.json({ token: 'anon-token' }) : undefined),
      (r) =>
        r.authorization === 'Bearer anon-token'
          ? manifest()
          : new Response('', {
              status: 401,
              headers: { 'www-authenticate': 'Bearer realm="https://auth.example.com/token",service="reg"' },
            }),
    ]);
    const client = new RegistryClient({ credentials: ANONYMOUS, fetch, ...noSleep });
    expect((await client.manifest('ghcr.io', 'org/app', '1.0')).digest).toBe(DIGEST);
    const token = new URL(seen[1]?.url ?? '');
    expect(token.searchParams.get('scope')).toBe('repository:org/app:pull');
    expect(token.searchParams.get('service')).toBe('reg');
    expect(seen[1]?.authorization).toBeUndefined();
  });

  it('sends the login to the token service, and asks for push when it pushes', async () => {
    const { fetch, seen } = scripted([
      (r) => (r.url.startsWith('https://auth.example.com/token') ? Response.json({ access_token: 'push-token' }) : undefined),
      (r) => (r.method === 'PUT' && r.authorization === 'Bearer push-token' ? new Response('', { status: 201 }) : undefined),
      () => new Response('', { status: 401, headers: { 'www-authenticate': 'Bearer realm="https://auth.example.com/token"' } }),
    ]);
    const client = new RegistryClient({
      credentials: new ExplicitCredentials({ 'ghcr.io': { username: 'me', password: 'tok' } }),
      fetch,
      ...noSleep,
    });
    await client.putManifest('ghcr.io', 'org/app', '1.0', 'application/vnd.oci.image.manifest.v1+json', MANIFEST);
    const token = seen.find((s) => s.url.startsWith('https://auth.example.com'));
    expect(new URL(token?.url ?? '').searchParams.get('scope')).toBe('repository:org/app:pull,push');
    expect(token?.authorization).toBe(`Basic ${Buffer.from('me:tok').toString('base64')}`);
  });

  it('logs in again, once, when the registry stops taking the token it gave', async () => {
    let tokens = 0;
    const { fetch } = scripted([
      (r) => (r.url.startsWith('https://auth.example.com/token') ? Response.json({ token: `token-${++tokens}` }) : undefined),
      // The first token works for one request, then expires.
      (r, i) => (r.authorization === 'Bearer token-1' && i < 3 ? manifest() : undefined),
      (r) => (r.authorization === 'Bearer token-2' ? manifest() : undefined),
      () => new Response('', { status: 401, headers: { 'www-authenticate': 'Bearer realm="https://auth.example.com/token"' } }),
    ]);
    const client = new RegistryClient({ credentials: ANONYMOUS, fetch, ...noSleep });
    await client.manifest('ghcr.io', 'org/app', '1.0');
    await client.manifest('ghcr.io', 'org/app', '1.0');
    expect(tokens).toBe(2);
  });

  it('a registry that wants a login and has none: names the host and every way to log in', async () => {
    const { fetch } = scripted([() => new Response('', { status: 401, headers: { 'www-authenticate': 'Basic realm="lab"' } })]);
    const where = "the inputs, or a docker login, or 'credHelpers'";
    const client = new RegistryClient({ credentials: { where, resolve: async () => undefined }, fetch, ...noSleep });
    const message = await userErrorFrom(client.tags('127.0.0.1:5002', 'org/app'));
    expect(message).toBe(`127.0.0.1:5002 asks for a login (basic authentication), and none was found for it. Log in with ${where}.`);
  });

  it('a login the registry refuses is named by its source, never by its value', async () => {
    const { fetch } = scripted([() => new Response('', { status: 401, headers: { 'www-authenticate': 'Basic realm="lab"' } })]);
    const client = new RegistryClient({
      credentials: new ExplicitCredentials({ '127.0.0.1:5002': { username: 'lab', password: 'wrong-password' } }, 'the test login'),
      fetch,
      ...noSleep,
    });
    const message = await userErrorFrom(client.tags('127.0.0.1:5002', 'org/app'));
    expect(message).toMatch(/^127\.0\.0\.1:5002 refused the login from the test login/);
    expect(message).not.toContain('wrong-password');
  });

  it('says which login it used for which host, once', async () => {
    const log = new MemoryLogger();
    const { fetch } = scripted([
      (r) =>
        r.authorization
          ? Response.json({ tags: [] })
          : new Response('', { status: 401, headers: { 'www-authenticate': 'Basic realm="x"' } }),
    ]);
    const client = new RegistryClient({
      credentials: new ExplicitCredentials({ '127.0.0.1:5002': { username: 'lab', password: 'pw-123456' } }),
      fetch,
      log,
      ...noSleep,
    });
    await client.tags('127.0.0.1:5002', 'a');
    await client.tags('127.0.0.1:5002', 'b');
    expect(log.messages('info')).toEqual(["127.0.0.1:5002: logging in with inputs 'registry-username' and 'registry-password'"]);
  });
});

describe('RegistryClient: retries', () => {
  it('waits as long as Retry-After asks, then succeeds, and logs the wait', async () => {
    const waits: number[] = [];
    const log = new MemoryLogger();
    const { fetch } = scripted([
      (_r, i) =>
        i === 0 ? new Response('', { status: 429, statusText: 'Too Many Requests', headers: { 'retry-after': '2' } }) : undefined,
      () => manifest(),
    ]);
    const client = new RegistryClient({ credentials: ANONYMOUS, fetch, log, sleep: async (ms) => void waits.push(ms) });
    expect((await client.manifest('127.0.0.1:5001', 'org/app', DIGEST)).digest).toBe(DIGEST);
    expect(waits).toEqual([2000]);
    expect(log.messages('warning')).toEqual([
      '127.0.0.1:5001: GET manifests/' +
        DIGEST +
        ' failed (rate limited (429)), attempt 1 of 4; waiting 2.0s as the registry asked (Retry-After)',
    ]);
  });

  it('gives up after the policy limit, naming the registry and the limit', async () => {
    const { fetch, seen } = scripted([() => new Response('', { status: 429, statusText: 'Too Many Requests' })]);
    const client = new RegistryClient({
      credentials: ANONYMOUS,
      fetch,
      retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 10 },
      ...noSleep,
    });
    await expect(client.tags('127.0.0.1:5001', 'org/app')).rejects.toThrow(
      /^127\.0\.0\.1:5001: gave up after 3 attempts \(the retry limit\): GET .*: 429 Too Many Requests$/,
    );
    expect(seen).toHaveLength(3);
  });

  it('a wait longer than the policy allows is not taken', async () => {
    const { fetch, seen } = scripted([
      () => new Response('', { status: 429, statusText: 'Too Many Requests', headers: { 'retry-after': '3600' } }),
    ]);
    const client = new RegistryClient({ credentials: ANONYMOUS, fetch, ...noSleep });
    await expect(client.tags('docker.io', 'library/debian')).rejects.toThrow(
      /^docker\.io: gave up: rate limited \(429\): asked to wait 3600s before trying again, longer than the limit of 30s\. Docker Hub limits pulls/,
    );
    expect(seen).toHaveLength(1);
  });

  it('quotes Docker Hub rate-limit headers in the error', async () => {
    const { fetch } = scripted([
      () =>
        new Response('', {
          status: 429,
          statusText: 'Too Many Requests',
          headers: { 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '0;w=21600' },
        }),
    ]);
    const client = new RegistryClient({ credentials: ANONYMOUS, fetch, retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    await expect(client.manifest('docker.io', 'library/debian', 'bookworm')).rejects.toThrow(/rate limit 100;w=21600, remaining 0;w=21600/);
  });

  it('retries a 503 and never a 404', async () => {
    const { fetch, seen } = scripted([
      (_r, i) => (i === 0 ? new Response('', { status: 503, statusText: 'Service Unavailable' }) : undefined),
    ]);
    const client = new RegistryClient({ credentials: ANONYMOUS, fetch, ...noSleep });
    expect(await client.findManifest('127.0.0.1:5001', 'org/app', '1.0')).toBeUndefined();
    expect(seen).toHaveLength(2);
  });
});

describe('RegistryClient: what it reads', () => {
  it('follows Link pagination to the last page', async () => {
    const { fetch, seen } = scripted([
      (r) =>
        r.url.endsWith('tags/list?n=2')
          ? Response.json({ tags: ['a', 'b'] }, { headers: { link: '</v2/org/app/tags/list?last=b&n=2>; rel="next"' } })
          : undefined,
      (r) => (r.url.endsWith('last=b&n=2') ? Response.json({ tags: ['c'] }) : undefined),
    ]);
    const client = new RegistryClient({ credentials: ANONYMOUS, fetch, pageSize: 2 });
    expect(await client.tags('127.0.0.1:5001', 'org/app')).toEqual(['a', 'b', 'c']);
    expect(seen.map((s) => s.url)).toEqual([
      'http://127.0.0.1:5001/v2/org/app/tags/list?n=2',
      'http://127.0.0.1:5001/v2/org/app/tags/list?last=b&n=2',
    ]);
  });

  it('refuses a manifest whose bytes are not the digest asked for, or announced', async () => {
    const other = `sha256:${'b'.repeat(64)}`;
    const { fetch } = scripted([
      (r) => (r.url.endsWith(other) ? manifest() : undefined),
      (r) => (r.url.endsWith('/1.0') ? new Response(new Uint8Array(MANIFEST), { headers: { 'docker-content-digest': other } }) : undefined),
    ]);
    const client = new RegistryClient({ credentials: ANONYMOUS, fetch });
    await expect(client.manifest('127.0.0.1:5001', 'org/app', other)).rejects.toThrow(/sent a manifest whose digest is sha256:/);
    await expect(client.manifest('127.0.0.1:5001', 'org/app', '1.0')).rejects.toThrow(/announced sha256:b{64} but sent/);
  });

  it("talks to Docker Hub's API host, over HTTPS; loopback over HTTP", async () => {
    const { fetch, seen } = scripted([() => manifest()]);
    const client = new RegistryClient({ credentials: ANONYMOUS, fetch });
    await client.manifest('docker.io', 'library/debian', 'bookworm');
    await client.manifest('localhost:5000', 'app', 'v1');
    expect(seen.map((s) => s.url)).toEqual([
      'https://registry-1.docker.io/v2/library/debian/manifests/bookworm',
      'http://localhost:5000/v2/app/manifests/v1',
    ]);
  });

  it('uses the referrers API where there is one, and remembers where there is none', async () => {
    const index = { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [{ digest: DIGEST, size: 1 }] };
    const { fetch, seen } = scripted([
      (r) =>
        r.url.includes('api.example/v2/org/app/referrers/')
          ? Response.json(index, { headers: { 'content-type': index.mediaType } })
          : undefined,
      (r) => (r.url.includes('/manifests/sha256-') ? Response.json(index, { headers: { 'content-type': index.mediaType } }) : undefined),
    ]);
    const client = new RegistryClient({ credentials: ANONYMOUS, fetch });
    expect(await client.referrers('api.example', 'org/app', DIGEST)).toMatchObject({ via: 'api', descriptors: [{ digest: DIGEST }] });
    expect(await client.referrers('tags.example', 'org/app', DIGEST)).toMatchObject({ via: 'tag', descriptors: [{ digest: DIGEST }] });
    await client.referrers('tags.example', 'org/app', DIGEST);
    // The second lookup on the registry without the API goes straight to the tag.
    expect(seen.filter((s) => s.url.includes('tags.example') && s.url.includes('/referrers/'))).toHaveLength(1);
  });
});

describe('helpers', () => {
  it.each([
    { name: 'seconds', header: '2', ms: 2000 },
    { name: 'an HTTP date', header: 'Tue, 01 Dec 2026 12:00:05 GMT', ms: 5000 },
    { name: 'nonsense', header: 'soon', ms: undefined },
  ])('Retry-After as $name', ({ header, ms }) => {
    const response = new Response('', { headers: { 'retry-after': header } });
    expect(retryAfter(response, Date.parse('Tue, 01 Dec 2026 12:00:00 GMT'))).toBe(ms);
  });

  it('a next page outside the repository is refused', () => {
    expect(() => nextPage('<https://evil.example/v2/other/tags/list?n=1>; rel="next"', 'org/app')).toThrow(/outside org\/app/);
    expect(nextPage(null, 'org/app')).toBeUndefined();
  });
});
