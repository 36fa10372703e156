/**
 * What verify-tag-scheme asks a registry: the tags of a repository, and the
 * build id an existing tag's image carries. Read-only, over the OCI
 * distribution API; e2e tests use the lab's real registry.
 */
export interface TagRegistry {
  /** Tags of `repository` (`registry/path`); empty when the repository does not exist. */
  listTags(repository: string): Promise<string[]>;
  /**
   * The `dev.image-actions.build-id` label of every platform image `tag` points
   * at (one value per platform; `undefined` for an image without the label),
   * or undefined when the tag does not exist.
   */
  buildIds(repository: string, tag: string): Promise<Array<string | undefined> | undefined>;
}

/** The label build-prebuilt puts on every image: the plan entry's content build id. */
export const BUILD_ID_LABEL = 'dev.image-actions.build-id';

const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

export interface RegistryCredentials {
  username: string;
  password: string;
}

interface Manifest {
  mediaType?: string;
  manifests?: Array<{ digest: string; platform?: { os?: string; architecture?: string } }>;
  config?: { digest: string };
}

/**
 * The OCI distribution API over HTTP(S): plain HTTP for loopback registries
 * (`127.0.0.1:5001`, `localhost:5000`), HTTPS otherwise. Answers a Bearer
 * challenge the way docker does (token from the realm, basic auth when
 * credentials are given), so public ghcr.io repositories work anonymously.
 */
export class HttpTagRegistry implements TagRegistry {
  private readonly tokens = new Map<string, string>();

  constructor(private readonly credentials?: RegistryCredentials) {}

  async listTags(full: string): Promise<string[]> {
    const { registry, repository } = split(full);
    const tags: string[] = [];
    let next: string | undefined = `/v2/${repository}/tags/list?n=1000`;
    while (next !== undefined) {
      const response = await this.get(registry, repository, next, 'application/json');
      if (response.status === 404) return [];
      await expectOk(response, `list the tags of ${full}`);
      const body = (await response.json()) as { tags?: string[] | null };
      tags.push(...(body.tags ?? []));
      next = nextLink(response.headers.get('link'));
    }
    return tags.sort();
  }

  async buildIds(full: string, tag: string): Promise<Array<string | undefined> | undefined> {
    const { registry, repository } = split(full);
    const manifest = await this.manifest(registry, repository, tag);
    if (manifest === undefined) return undefined;
    const images = manifest.manifests ? manifest.manifests.filter((m) => m.platform?.os !== 'unknown').map((m) => m.digest) : [undefined];
    const ids: Array<string | undefined> = [];
    for (const digest of images) {
      const image = digest === undefined ? manifest : await this.manifest(registry, repository, digest);
      if (image?.config === undefined) continue;
      const response = await this.get(registry, repository, `/v2/${repository}/blobs/${image.config.digest}`, 'application/json');
      await expectOk(response, `read the config of ${full}:${tag}`);
      const config = (await response.json()) as { config?: { Labels?: Record<string, string> | null } };
      ids.push(config.config?.Labels?.[BUILD_ID_LABEL]);
    }
    return ids;
  }

  private async manifest(registry: string, repository: string, reference: string): Promise<Manifest | undefined> {
    const response = await this.get(registry, repository, `/v2/${repository}/manifests/${reference}`, MANIFEST_TYPES);
    if (response.status === 404) return undefined;
    await expectOk(response, `read the manifest of ${registry}/${repository}:${reference}`);
    return (await response.json()) as Manifest;
  }

  private async get(registry: string, repository: string, path: string, accept: string): Promise<Response> {
    const url = `${baseUrl(registry)}${path}`;
    const key = `${registry}/${repository}`;
    const headers: Record<string, string> = { accept };
    const token = this.tokens.get(key);
    if (token !== undefined) headers.authorization = token;
    const response = await fetch(url, { headers, redirect: 'follow' });
    if (response.status !== 401 || token !== undefined) return response;
    const authorization = await this.authorize(registry, repository, response.headers.get('www-authenticate') ?? '');
    this.tokens.set(key, authorization);
    return fetch(url, { headers: { accept, authorization }, redirect: 'follow' });
  }

  private async authorize(registry: string, repository: string, challenge: string): Promise<string> {
    const basic =
      this.credentials && `Basic ${Buffer.from(`${this.credentials.username}:${this.credentials.password}`).toString('base64')}`;
    if (/^basic/i.test(challenge)) {
      if (basic === undefined)
        throw new Error(`${registry} asks for credentials to read ${repository}: set registry-username and registry-password`);
      return basic;
    }
    const params = Object.fromEntries([...challenge.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (params.realm === undefined) throw new Error(`${registry} answered 401 without a usable challenge`);
    const url = new URL(params.realm);
    if (params.service !== undefined) url.searchParams.set('service', params.service);
    url.searchParams.set('scope', `repository:${repository}:pull`);
    const response = await fetch(url, basic === undefined ? {} : { headers: { authorization: basic } });
    await expectOk(response, `get a token to read ${registry}/${repository}`);
    const body = (await response.json()) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (token === undefined) throw new Error(`${url.host} gave no token to read ${repository}`);
    return `Bearer ${token}`;
  }
}

async function expectOk(response: Response, what: string): Promise<void> {
  if (response.ok) return;
  const text = (await response.text()).slice(0, 300);
  throw new Error(`could not ${what}: HTTP ${response.status} ${text}`);
}

function split(full: string): { registry: string; repository: string } {
  const slash = full.indexOf('/');
  return { registry: full.slice(0, slash), repository: full.slice(slash + 1) };
}

/** Plain HTTP for loopback registries (the lab's), HTTPS for every other. */
function baseUrl(registry: string): string {
  const loopback = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/.test(registry);
  return `${loopback ? 'http' : 'https'}://${registry}`;
}

function nextLink(header: string | null): string | undefined {
  const match = header ? /<([^>]+)>;\s*rel="next"/.exec(header) : null;
  if (!match?.[1]) return undefined;
  const url = match[1];
  return url.startsWith('/') ? url : new URL(url).pathname + new URL(url).search;
}
