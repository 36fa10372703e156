import { createHash } from 'node:crypto';

/**
 * A small client of the OCI distribution API: manifests and blobs by digest,
 * tags, and putting a manifest by digest. Plain HTTP for loopback registries
 * (as docker treats them), HTTPS otherwise. Answers Basic and Bearer
 * challenges with the credentials given for the registry's host, or
 * anonymously (a public repository on ghcr.io still wants a Bearer token).
 */
export interface RegistryCredentials {
  username: string;
  password: string;
}

export const MANIFEST_MEDIA_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
] as const;

/** The registry answered with a status we did not expect; `status` lets callers tell 404 from 503. */
export class RegistryHttpError extends Error {
  readonly status: number;
  constructor(method: string, url: string, status: number, statusText: string) {
    super(`${method} ${url}: ${status} ${statusText}`);
    this.name = 'RegistryHttpError';
    this.status = status;
  }
}

export interface FetchedManifest {
  mediaType: string;
  digest: string;
  body: Buffer;
}

export type Fetch = typeof fetch;

export class RegistryClient {
  private readonly tokens = new Map<string, string>();

  constructor(
    private readonly credentials: Record<string, RegistryCredentials> = {},
    private readonly fetchImpl: Fetch = fetch,
  ) {}

  /** A manifest or index by tag or digest; a digest is checked against the bytes received. */
  async manifest(host: string, repository: string, reference: string): Promise<FetchedManifest> {
    const response = await this.request(host, repository, 'GET', `manifests/${reference}`, {
      accept: MANIFEST_MEDIA_TYPES.join(', '),
    });
    const body = Buffer.from(await response.arrayBuffer());
    const digest = sha256(body);
    if (reference.startsWith('sha256:') && reference !== digest) {
      throw new Error(`${host}/${repository}@${reference}: the registry sent a manifest whose digest is ${digest}`);
    }
    const mediaType = response.headers.get('content-type')?.split(';')[0]?.trim() ?? mediaTypeOf(body);
    return { mediaType, digest, body };
  }

  /** A blob by digest, checked against its digest. */
  async blob(host: string, repository: string, digest: string): Promise<Buffer> {
    const response = await this.request(host, repository, 'GET', `blobs/${digest}`, {});
    const body = Buffer.from(await response.arrayBuffer());
    if (digest.startsWith('sha256:') && sha256(body) !== digest) {
      throw new Error(`${host}/${repository}: blob ${digest} arrived with another digest`);
    }
    return body;
  }

  /** The repository's tags; empty when the repository does not exist. */
  async tags(host: string, repository: string): Promise<string[]> {
    try {
      const response = await this.request(host, repository, 'GET', 'tags/list?n=1000', {});
      const parsed = (await response.json()) as { tags?: string[] | null };
      return parsed.tags ?? [];
    } catch (error: unknown) {
      if (error instanceof RegistryHttpError && error.status === 404) return [];
      throw error;
    }
  }

  /** Puts a manifest under a tag, byte for byte, so the tag names exactly the digest of those bytes. */
  async putManifest(host: string, repository: string, tag: string, mediaType: string, body: Buffer): Promise<void> {
    await this.request(host, repository, 'PUT', `manifests/${tag}`, { 'content-type': mediaType }, body, 'push');
  }

  /** Puts a manifest under its own digest (no tag); returns that digest. */
  async putManifestByDigest(host: string, repository: string, mediaType: string, body: Buffer): Promise<string> {
    const digest = sha256(body);
    await this.request(host, repository, 'PUT', `manifests/${digest}`, { 'content-type': mediaType }, body, 'push');
    return digest;
  }

  private async request(
    host: string,
    repository: string,
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: Buffer,
    action: 'pull' | 'push' = 'pull',
  ): Promise<Response> {
    // Docker Hub's API lives on another host than its references name.
    const apiHost = host === 'docker.io' ? 'registry-1.docker.io' : host;
    const url = `${scheme(host)}://${apiHost}/v2/${repository}/${path}`;
    const scope = `repository:${repository}:${action === 'push' ? 'pull,push' : 'pull'}`;
    const send = (authorization?: string) =>
      this.fetchImpl(url, {
        method,
        headers: { ...headers, ...(authorization ? { authorization } : {}) },
        ...(body !== undefined ? { body: new Uint8Array(body) } : {}),
      });
    const cached = this.tokens.get(`${host} ${scope}`);
    let response = await send(cached);
    if (response.status === 401) {
      const authorization = await this.authorize(host, scope, response.headers.get('www-authenticate') ?? '');
      this.tokens.set(`${host} ${scope}`, authorization);
      response = await send(authorization);
    }
    if (!response.ok) throw new RegistryHttpError(method, url, response.status, response.statusText);
    return response;
  }

  private async authorize(host: string, scope: string, challenge: string): Promise<string> {
    const credentials = this.credentials[host];
    const basic = credentials ? `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}` : undefined;
    if (/^basic\b/i.test(challenge)) {
      if (!basic) throw new Error(`${host} asks for a login, and no credentials were given for it`);
      return basic;
    }
    const params = challengeParams(challenge);
    const realm = params.realm;
    if (!/^bearer\b/i.test(challenge) || realm === undefined)
      throw new Error(`${host}: unsupported authentication challenge '${challenge}'`);
    const tokenUrl = new URL(realm);
    if (params.service !== undefined) tokenUrl.searchParams.set('service', params.service);
    tokenUrl.searchParams.set('scope', params.scope ?? scope);
    const response = await this.fetchImpl(tokenUrl, { headers: basic ? { authorization: basic } : {} });
    if (!response.ok) throw new RegistryHttpError('GET', tokenUrl.origin + tokenUrl.pathname, response.status, response.statusText);
    const token = (await response.json()) as { token?: string; access_token?: string };
    const value = token.token ?? token.access_token;
    if (value === undefined) throw new Error(`${host}: the token service answered without a token`);
    return `Bearer ${value}`;
  }
}

/** Loopback registries speak plain HTTP, as docker and BuildKit allow them to. */
export function scheme(host: string): 'http' | 'https' {
  return /^(?:localhost|127\.\d+\.\d+\.\d+|\[::1\])(?::\d+)?$/.test(host) ? 'http' : 'https';
}

export function challengeParams(challenge: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const match of challenge.matchAll(/(\w+)="([^"]*)"/g)) {
    const [, key, value] = match;
    if (key !== undefined && value !== undefined) params[key] = value;
  }
  return params;
}

export function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

function mediaTypeOf(body: Buffer): string {
  const parsed = JSON.parse(body.toString('utf8')) as { mediaType?: string };
  return parsed.mediaType ?? 'application/vnd.oci.image.manifest.v1+json';
}
