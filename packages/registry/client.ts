import { createHash } from 'node:crypto';
import { UserError } from '../errors/index.js';
import { type Logger, silentLogger } from '../logging/index.js';
import { parseReference } from '../oci/index.js';
import { ExecRunner } from '../process/index.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, RetryWaitTooLongError, retry, transientRegistryFailure } from '../retry/index.js';
import { type Credential, type CredentialResolver, DockerConfigCredentials, type ResolvedCredential } from './credentials.js';
import { apiHost, registryNote, scheme } from './host.js';

/**
 * The one client of the OCI distribution API that every step uses: tags,
 * manifests and blobs (each checked against its digest), publishing by
 * digest, deleting, and referrers. It finds logins as docker does (see
 * credentials.ts), answers Basic and Bearer challenges, logs in again once
 * when a token expires, follows `Link` pagination, and retries 429 and 5xx
 * with the shared policy, honouring `Retry-After`.
 */

export const MANIFEST_MEDIA_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
] as const;

export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

/** The registry answered with a status we did not expect; `status` lets callers tell 404 from 503. */
export class RegistryHttpError extends Error {
  readonly status: number;
  readonly host: string;
  /** `Retry-After`, in milliseconds, when the registry sent one. */
  readonly retryAfterMs: number | undefined;
  constructor(
    method: string,
    url: string,
    status: number,
    statusText: string,
    details: { host: string; retryAfterMs?: number; note?: string },
  ) {
    super(`${method} ${url}: ${status} ${statusText}${details.note ? ` (${details.note})` : ''}`);
    this.name = 'RegistryHttpError';
    this.status = status;
    this.host = details.host;
    this.retryAfterMs = details.retryAfterMs;
  }
}

export interface FetchedManifest {
  mediaType: string;
  digest: string;
  body: Buffer;
}

/** One entry of an index: what a referrer or a platform image is. */
export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  artifactType?: string;
  annotations?: Record<string, string>;
  platform?: { os?: string; architecture?: string; variant?: string };
}

export interface Referrers {
  descriptors: Descriptor[];
  /** `api`: the registry's referrers API; `tag`: the `sha256-<hex>` fallback tag of registries without it. */
  via: 'api' | 'tag';
}

export type Fetch = typeof fetch;

export interface RegistryClientOptions {
  /** Where logins come from; by default the docker config, as docker finds it. */
  credentials?: CredentialResolver;
  fetch?: Fetch;
  /** Retries of 429, 5xx and dropped connections. */
  retry?: RetryPolicy;
  sleep?: (ms: number) => Promise<void>;
  log?: Logger;
  /** Tags asked for per page of a tags list. */
  pageSize?: number;
}

type Action = 'pull' | 'push' | 'delete';

interface RequestOptions {
  headers?: Record<string, string>;
  body?: Buffer;
  action?: Action;
  /** Statuses that are answers, not failures (404 when looking something up). */
  expected?: readonly number[];
}

export class RegistryClient {
  private readonly credentials: CredentialResolver;
  private readonly fetchImpl: Fetch;
  private readonly policy: RetryPolicy;
  private readonly sleep: ((ms: number) => Promise<void>) | undefined;
  private readonly log: Logger;
  private readonly pageSize: number;
  /** Authorization headers by host and scope (Bearer) or host (Basic). */
  private readonly authorizations = new Map<string, string>();
  private readonly logins = new Map<string, Promise<ResolvedCredential | undefined>>();
  private readonly referrersApi = new Map<string, boolean>();
  /** Hosts that asked for authentication at least once. */
  private readonly challenged = new Set<string>();

  constructor(options: RegistryClientOptions = {}) {
    this.log = options.log ?? silentLogger;
    this.credentials = options.credentials ?? new DockerConfigCredentials({ runner: new ExecRunner(), env: process.env, log: this.log });
    this.fetchImpl = options.fetch ?? fetch;
    this.policy = options.retry ?? DEFAULT_RETRY_POLICY;
    this.sleep = options.sleep;
    this.pageSize = options.pageSize ?? 1000;
  }

  /** A manifest or index by tag or digest; the bytes are checked against the digest asked for or announced. */
  async manifest(host: string, repository: string, reference: string): Promise<FetchedManifest> {
    const response = await this.request(host, repository, 'GET', `manifests/${reference}`, {
      headers: { accept: MANIFEST_MEDIA_TYPES.join(', ') },
    });
    const body = Buffer.from(await response.arrayBuffer());
    const digest = sha256(body);
    const announced = response.headers.get('docker-content-digest');
    if (reference.startsWith('sha256:') && reference !== digest) {
      throw new Error(`${host}/${repository}@${reference}: the registry sent a manifest whose digest is ${digest}`);
    }
    if (announced?.startsWith('sha256:') && announced !== digest) {
      throw new Error(
        `${host}/${repository}:${reference}: the registry announced ${announced} but sent a manifest whose digest is ${digest}`,
      );
    }
    const mediaType = response.headers.get('content-type')?.split(';')[0]?.trim() || mediaTypeOf(body);
    return { mediaType, digest, body };
  }

  /** The manifest a tag or digest names, or undefined when there is none. */
  async findManifest(host: string, repository: string, reference: string): Promise<FetchedManifest | undefined> {
    try {
      return await this.manifest(host, repository, reference);
    } catch (error: unknown) {
      if (error instanceof RegistryHttpError && error.status === 404) return undefined;
      throw error;
    }
  }

  /** The digest `reference` (`registry/repository:tag` or `@sha256:...`) names now; undefined when there is no such manifest. */
  async digestOf(reference: string): Promise<string | undefined> {
    const parsed = parseReference(reference);
    return (await this.findManifest(parsed.registry, parsed.repository, parsed.digest ?? parsed.tag ?? 'latest'))?.digest;
  }

  /** A blob by digest, checked against its digest. */
  async blob(host: string, repository: string, digest: string): Promise<Buffer> {
    const response = await this.request(host, repository, 'GET', `blobs/${digest}`);
    const body = Buffer.from(await response.arrayBuffer());
    if (sha256(body) !== digest) throw new Error(`${host}/${repository}: blob ${digest} arrived with another digest`);
    return body;
  }

  /** Every tag of the repository, page by page; empty when the repository does not exist. */
  async tags(host: string, repository: string): Promise<string[]> {
    const tags: string[] = [];
    let path: string | undefined = `tags/list?n=${this.pageSize}`;
    while (path !== undefined) {
      const response = await this.request(host, repository, 'GET', path, { headers: { accept: 'application/json' }, expected: [404] });
      if (response.status === 404) return tags;
      const page = (await response.json()) as { tags?: string[] | null };
      tags.push(...(page.tags ?? []));
      path = nextPage(response.headers.get('link'), repository);
    }
    return tags;
  }

  /** Whether the repository holds a blob; no bytes are read. */
  async hasBlob(host: string, repository: string, digest: string): Promise<boolean> {
    const response = await this.request(host, repository, 'HEAD', `blobs/${digest}`, { expected: [404] });
    return response.status !== 404;
  }

  /** Uploads a small blob in one request (unless the repository has it already); returns its digest. */
  async putBlob(host: string, repository: string, bytes: Buffer): Promise<string> {
    const digest = sha256(bytes);
    if (await this.hasBlob(host, repository, digest)) return digest;
    const started = await this.request(host, repository, 'POST', 'blobs/uploads/', { action: 'push', body: Buffer.alloc(0) });
    const location = started.headers.get('location');
    if (!location) throw new Error(`${host}/${repository}: the registry started an upload without saying where to send it`);
    const target = new URL(location, `${scheme(host)}://${apiHost(host)}`);
    target.searchParams.set('digest', digest);
    const prefix = `/v2/${repository}/`;
    if (!target.pathname.startsWith(prefix)) throw new Error(`${host}: the upload location ${location} is outside ${repository}`);
    await this.request(host, repository, 'PUT', target.pathname.slice(prefix.length) + target.search, {
      action: 'push',
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    return digest;
  }

  /**
   * The repositories of a registry under a path prefix (`org/apps/`), page by
   * page, or undefined when the registry does not list them (ghcr.io and
   * Docker Hub have no catalog API).
   */
  async repositories(host: string, prefix: string): Promise<string[] | undefined> {
    const found: string[] = [];
    let url: string | undefined = `${scheme(host)}://${apiHost(host)}/v2/_catalog?n=${this.pageSize}`;
    while (url !== undefined) {
      const response = await this.authorized(host, 'registry:catalog:*', url, 'GET', {});
      if (!response.ok) {
        await response.arrayBuffer().catch(() => undefined);
        if ([401, 403, 404, 405].includes(response.status)) return undefined;
        throw new RegistryHttpError('GET', url, response.status, response.statusText, { host });
      }
      const page = (await response.json()) as { repositories?: string[] | null };
      found.push(...(page.repositories ?? []).filter((name) => name.startsWith(prefix)));
      const next = response.headers.get('link');
      const match = next ? /<([^>]+)>\s*;\s*rel="?next"?/.exec(next) : null;
      url = match?.[1] ? new URL(match[1], `${scheme(host)}://${apiHost(host)}`).toString() : undefined;
    }
    return found;
  }

  /** Puts a manifest under a tag, byte for byte, so the tag names exactly the digest of those bytes. */
  async putManifest(host: string, repository: string, tag: string, mediaType: string, body: Buffer): Promise<void> {
    await this.request(host, repository, 'PUT', `manifests/${tag}`, { headers: { 'content-type': mediaType }, body, action: 'push' });
  }

  /** Puts a manifest under its own digest (no tag); returns that digest. */
  async putManifestByDigest(host: string, repository: string, mediaType: string, body: Buffer): Promise<string> {
    const digest = sha256(body);
    await this.request(host, repository, 'PUT', `manifests/${digest}`, { headers: { 'content-type': mediaType }, body, action: 'push' });
    return digest;
  }

  /**
   * Deletes a manifest by digest, which also removes every tag naming it (the
   * registry has no other way); callers check first that no kept tag does.
   * False when it was already gone.
   */
  async deleteManifest(host: string, repository: string, digest: string): Promise<boolean> {
    if (!digest.startsWith('sha256:')) throw new Error(`deleteManifest wants a digest, not '${digest}'`);
    const response = await this.request(host, repository, 'DELETE', `manifests/${digest}`, { action: 'delete', expected: [404] });
    return response.status !== 404;
  }

  /**
   * Removes one tag with the OCI tag-deletion API, leaving the manifest and
   * other tags alone. `unsupported` when the registry lacks that API (as
   * distribution 2.x does): the caller then decides whether deleting the
   * digest is safe.
   */
  async deleteTag(host: string, repository: string, tag: string): Promise<'deleted' | 'absent' | 'unsupported'> {
    if (tag.startsWith('sha256:')) throw new Error(`deleteTag wants a tag, not the digest '${tag}'`);
    const response = await this.request(host, repository, 'DELETE', `manifests/${tag}`, {
      action: 'delete',
      expected: [400, 404, 405],
    });
    if (response.status === 404) return 'absent';
    if (response.status === 400 || response.status === 405) return 'unsupported';
    return 'deleted';
  }

  /**
   * What refers to a digest (signatures, attestations, SBOMs): the referrers
   * API where the registry has it, else the `sha256-<hex>` tag the OCI spec
   * keeps for registries without it. Which one answered is remembered per host.
   */
  async referrers(host: string, repository: string, digest: string): Promise<Referrers> {
    if (this.referrersApi.get(host) !== false) {
      const response = await this.request(host, repository, 'GET', `referrers/${digest}`, {
        headers: { accept: OCI_INDEX },
        expected: [404, 400, 405],
      });
      const type = response.headers.get('content-type')?.split(';')[0]?.trim();
      if (response.ok && type === OCI_INDEX) {
        this.referrersApi.set(host, true);
        const index = (await response.json()) as { manifests?: Descriptor[] };
        return { descriptors: index.manifests ?? [], via: 'api' };
      }
      // Drain the body so the connection is reused.
      await response.arrayBuffer();
      this.referrersApi.set(host, false);
    }
    const fallback = await this.findManifest(host, repository, referrersTag(digest));
    if (!fallback) return { descriptors: [], via: 'tag' };
    const index = JSON.parse(fallback.body.toString('utf8')) as { manifests?: Descriptor[] };
    return { descriptors: index.manifests ?? [], via: 'tag' };
  }

  /** Whether this host answered the referrers API (undefined until it was asked). */
  hasReferrersApi(host: string): boolean | undefined {
    return this.referrersApi.get(host);
  }

  /**
   * Proves, before anything is built or pushed, that the registry will take
   * `action` on the repository with the login we have, so a missing login
   * stops the job with a message that says how to log in, not a 401 from
   * the middle of a push.
   */
  async checkAccess(host: string, repository: string, action: Action): Promise<void> {
    await this.request(host, repository, 'GET', 'tags/list?n=1', { action, expected: [404] }).then((r) => r.arrayBuffer());
    // A token service hands anonymous clients a pull-only token when asked for
    // more; a registry that challenged us will not take an anonymous push.
    if (action !== 'pull' && this.challenged.has(host) && !(await this.login(host))) {
      throw new UserError({
        message: `${host} asks for a login to ${action} to ${repository}, and none was found for it.`,
        hint: `Log in with ${this.credentials.where}.`,
      });
    }
  }

  private async request(host: string, repository: string, method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const url = `${scheme(host)}://${apiHost(host)}/v2/${repository}/${path}`;
    const action = options.action ?? 'pull';
    const scope = `repository:${repository}:${action === 'pull' ? 'pull' : action === 'push' ? 'pull,push' : 'delete'}`;
    return retry(
      async () => {
        const response = await this.authorized(host, scope, url, method, options);
        if (response.ok || options.expected?.includes(response.status)) return response;
        await response.arrayBuffer().catch(() => undefined);
        const wait = retryAfter(response);
        const note =
          response.status === 429 ? registryNote(host, 'rate-limit') : method === 'DELETE' ? registryNote(host, 'delete') : undefined;
        throw new RegistryHttpError(method, url, response.status, `${response.statusText}${rateLimitText(response)}`, {
          host,
          ...(wait !== undefined ? { retryAfterMs: wait } : {}),
          ...(note !== undefined ? { note } : {}),
        });
      },
      {
        policy: this.policy,
        transient: (failure) => transientReason(failure),
        requestedDelay: (failure) => (failure instanceof RegistryHttpError ? failure.retryAfterMs : undefined),
        onRetry: ({ attempt, of, delayMs, reason, requested }) =>
          this.log.warning(
            `${host}: ${method} ${path.split('?')[0]} failed (${reason}), attempt ${attempt} of ${of}; waiting ${(delayMs / 1000).toFixed(1)}s${requested ? ' as the registry asked (Retry-After)' : ''}`,
          ),
        ...(this.sleep ? { sleep: this.sleep } : {}),
      },
    ).catch((failure: unknown) => {
      throw this.finalFailure(host, failure);
    });
  }

  /** Sends once, answering a 401 with a login; a cached token the registry refused is renewed once. */
  private async authorized(host: string, scope: string, url: string, method: string, options: RequestOptions): Promise<Response> {
    const send = (authorization: string | undefined) =>
      this.fetchImpl(url, {
        method,
        headers: { ...options.headers, ...(authorization ? { authorization } : {}) },
        ...(options.body !== undefined ? { body: new Uint8Array(options.body) } : {}),
      });
    const cacheKey = `${host} ${scope}`;
    const cached = this.authorizations.get(cacheKey) ?? this.authorizations.get(host);
    let response = await send(cached);
    if (response.status !== 401) return response;
    await response.arrayBuffer().catch(() => undefined);
    // Expired or never had one: authorise from the challenge, once.
    this.authorizations.delete(cacheKey);
    this.challenged.add(host);
    const challenge = response.headers.get('www-authenticate') ?? '';
    const { header, basic } = await this.authorize(host, scope, challenge);
    this.authorizations.set(basic ? host : cacheKey, header);
    response = await send(header);
    if (response.status === 401) {
      await response.arrayBuffer().catch(() => undefined);
      const login = await this.login(host);
      throw new UserError({
        message: login
          ? `${host} refused the login from ${login.source} for ${scope}.`
          : `${host} asks for a login for ${scope}, and none was found for it.`,
        hint: login ? 'Check that the login is current and may do this.' : `Log in with ${this.credentials.where}.`,
      });
    }
    return response;
  }

  private async authorize(host: string, scope: string, challenge: string): Promise<{ header: string; basic: boolean }> {
    const login = await this.login(host);
    if (/^basic\b/i.test(challenge)) {
      if (login?.credential.kind !== 'basic') {
        throw new UserError({
          message: `${host} asks for a login (basic authentication), and ${login ? `${login.source} holds only an identity token` : 'none was found for it'}.`,
          hint: `Log in with ${this.credentials.where}.`,
        });
      }
      return { header: basicHeader(login.credential), basic: true };
    }
    const params = challengeParams(challenge);
    if (!/^bearer\b/i.test(challenge) || params.realm === undefined) {
      throw new Error(`${host}: unsupported authentication challenge '${challenge}'`);
    }
    const tokenUrl = new URL(params.realm);
    const wanted = params.scope ?? scope;
    const response =
      login?.credential.kind === 'identity-token'
        ? await this.fetchImpl(tokenUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({
              grant_type: 'refresh_token',
              refresh_token: login.credential.token,
              service: params.service ?? '',
              scope: wanted,
              client_id: 'image-actions',
            }).toString(),
          })
        : await this.fetchImpl(withQuery(tokenUrl, params.service, wanted), {
            headers: login?.credential.kind === 'basic' ? { authorization: basicHeader(login.credential) } : {},
          });
    if (response.status === 401 || response.status === 403) {
      throw new UserError({
        message: login
          ? `${host}'s token service refused the login from ${login.source} for ${wanted}.`
          : `${host} asks for a login for ${wanted}, and none was found for it.`,
        hint: login ? 'Check that the login is current and may do this.' : `Log in with ${this.credentials.where}.`,
      });
    }
    if (!response.ok) {
      throw new RegistryHttpError('GET', tokenUrl.origin + tokenUrl.pathname, response.status, response.statusText, { host });
    }
    const token = (await response.json()) as { token?: string; access_token?: string };
    const value = token.token ?? token.access_token;
    if (value === undefined) throw new Error(`${host}: the token service answered without a token`);
    this.log.secret(value);
    return { header: `Bearer ${value}`, basic: false };
  }

  /** The login for a host, resolved once, and said where it came from (never what it is). */
  private login(host: string): Promise<ResolvedCredential | undefined> {
    let found = this.logins.get(host);
    if (!found) {
      found = this.credentials.resolve(host).then((login) => {
        this.log.info(`${host}: ${login ? `logging in with ${login.source}` : 'no login found; asking anonymously'}`);
        return login;
      });
      this.logins.set(host, found);
    }
    return found;
  }

  private finalFailure(host: string, failure: unknown): unknown {
    if (failure instanceof RetryWaitTooLongError) {
      return new Error(`${host}: gave up: ${failure.message}. ${registryNote(host, 'rate-limit') ?? 'Try again later.'}`);
    }
    if (failure instanceof RegistryHttpError && transientReason(failure) !== undefined) {
      return new Error(`${host}: gave up after ${this.policy.attempts} attempts (the retry limit): ${failure.message}`, { cause: failure });
    }
    return failure;
  }
}

function transientReason(failure: unknown): string | undefined {
  if (failure instanceof RegistryHttpError) {
    if (failure.status === 429) return 'rate limited (429)';
    if (failure.status >= 500 && failure.status <= 504) return `registry error (${failure.status})`;
    return undefined;
  }
  if (failure instanceof TypeError) {
    // fetch's network failures: the cause carries the system error (ECONNRESET, ECONNREFUSED).
    const cause = (failure as { cause?: { code?: string; message?: string } }).cause;
    return transientRegistryFailure(`${cause?.code ?? ''} ${cause?.message ?? ''} ${failure.message}`);
  }
  return undefined;
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds. */
export function retryAfter(response: Response, now: number = Date.now()): number | undefined {
  const value = response.headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Docker Hub's `RateLimit-*` headers, when sent, as a note on the status. */
function rateLimitText(response: Response): string {
  const limit = response.headers.get('ratelimit-limit');
  const remaining = response.headers.get('ratelimit-remaining');
  if (!limit && !remaining) return '';
  return `; rate limit ${limit ?? '?'}, remaining ${remaining ?? '?'}`;
}

/** The `sha256-<hex>` tag under which registries without the referrers API keep a digest's referrers. */
export function referrersTag(digest: string): string {
  return digest.replace(':', '-');
}

function withQuery(url: URL, service: string | undefined, scope: string): URL {
  const copy = new URL(url);
  if (service !== undefined) copy.searchParams.set('service', service);
  copy.searchParams.set('scope', scope);
  return copy;
}

function basicHeader(credential: Extract<Credential, { kind: 'basic' }>): string {
  return `Basic ${Buffer.from(`${credential.username}:${credential.password}`).toString('base64')}`;
}

export function challengeParams(challenge: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const match of challenge.matchAll(/(\w+)="([^"]*)"/g)) {
    const [, key, value] = match;
    if (key !== undefined && value !== undefined) params[key] = value;
  }
  return params;
}

/** The next page of a `Link: <...>; rel="next"` header, as a path under the repository. */
export function nextPage(header: string | null, repository: string): string | undefined {
  const match = header ? /<([^>]+)>\s*;\s*rel="?next"?/.exec(header) : null;
  if (!match?.[1]) return undefined;
  const target = new URL(match[1], 'http://registry.invalid');
  const prefix = `/v2/${repository}/`;
  if (!target.pathname.startsWith(prefix)) throw new Error(`the registry's next page ${match[1]} is outside ${repository}`);
  return target.pathname.slice(prefix.length) + target.search;
}

export function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

function mediaTypeOf(body: Buffer): string {
  const parsed = JSON.parse(body.toString('utf8')) as { mediaType?: string };
  return parsed.mediaType ?? 'application/vnd.oci.image.manifest.v1+json';
}
