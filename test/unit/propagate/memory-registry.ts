import type { PropagationRegistry } from '../../../packages/propagate/index.js';
import { type FetchedManifest, type Referrers, RegistryHttpError, referrersTag, sha256 } from '../../../packages/registry/index.js';

/**
 * Registries in memory, for the decisions of propagation (what is missing,
 * what may be tagged, what a fault changes); the real registries, regctl
 * and cosign are the e2e tests'. Referrers are found as a registry finds
 * them: through the API on hosts that have it, else through the
 * `sha256-<hex>` fallback tag, which the copy keeps up to date.
 */
export class MemoryRegistries implements PropagationRegistry {
  readonly repos = new Map<string, { manifests: Map<string, { mediaType: string; body: Buffer }>; tags: Map<string, string> }>();
  readonly withApi = new Set<string>();
  /** Every write, in order: `put <host>/<repo>:<tag>`. */
  readonly writes: string[] = [];
  /** Hosts that answer every request with 503 (after the client's retries). */
  readonly unavailable = new Set<string>();
  /** Referrers the API does not list yet, each for this many more listings (a registry that indexes as it goes). */
  readonly unlisted = new Map<string, number>();

  repo(host: string, repository: string) {
    const key = `${host}/${repository}`;
    let repo = this.repos.get(key);
    if (!repo) {
      repo = { manifests: new Map(), tags: new Map() };
      this.repos.set(key, repo);
    }
    return repo;
  }

  /** Stores a manifest (no write is recorded: for setting a scene up). */
  store(host: string, repository: string, body: object, tag?: string): string {
    const bytes = Buffer.from(JSON.stringify(body));
    const digest = sha256(bytes);
    const repo = this.repo(host, repository);
    repo.manifests.set(digest, {
      mediaType: (body as { mediaType?: string }).mediaType ?? 'application/vnd.oci.image.manifest.v1+json',
      body: bytes,
    });
    if (tag !== undefined) repo.tags.set(tag, digest);
    const subject = (body as { subject?: { digest: string } }).subject;
    if (subject && !this.withApi.has(host)) this.addToFallback(host, repository, subject.digest, digest, body);
    return digest;
  }

  private addToFallback(host: string, repository: string, subject: string, digest: string, body: object): void {
    const repo = this.repo(host, repository);
    const tag = referrersTag(subject);
    const existing = repo.tags.get(tag);
    const index = existing
      ? (JSON.parse(repo.manifests.get(existing)?.body.toString() ?? '{}') as { manifests: object[] })
      : { manifests: [] };
    index.manifests.push({
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest,
      size: 1,
      artifactType: (body as { artifactType?: string }).artifactType,
    });
    // The index is rewritten whole, as a registry's fallback tag is: the old one is gone.
    if (existing) repo.manifests.delete(existing);
    const bytes = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', ...index }));
    const indexDigest = sha256(bytes);
    repo.manifests.set(indexDigest, { mediaType: 'application/vnd.oci.image.index.v1+json', body: bytes });
    repo.tags.set(tag, indexDigest);
  }

  private check(host: string, method: string, what: string): void {
    if (this.unavailable.has(host)) {
      const failure = new RegistryHttpError(method, `http://${host}/v2/${what}`, 503, 'Service Unavailable', { host });
      throw new Error(`${host}: gave up after 4 attempts (the retry limit): ${failure.message}`, { cause: failure });
    }
  }

  async manifest(host: string, repository: string, reference: string): Promise<FetchedManifest> {
    const found = await this.findManifest(host, repository, reference);
    if (!found) throw new RegistryHttpError('GET', `http://${host}/v2/${repository}/manifests/${reference}`, 404, 'Not Found', { host });
    return found;
  }

  async findManifest(host: string, repository: string, reference: string): Promise<FetchedManifest | undefined> {
    this.check(host, 'GET', `${repository}/manifests/${reference}`);
    const repo = this.repos.get(`${host}/${repository}`);
    const digest = reference.startsWith('sha256:') ? reference : repo?.tags.get(reference);
    const stored = digest !== undefined ? repo?.manifests.get(digest) : undefined;
    return stored && digest ? { digest, mediaType: stored.mediaType, body: stored.body } : undefined;
  }

  async tags(host: string, repository: string): Promise<string[]> {
    this.check(host, 'GET', `${repository}/tags/list`);
    return [...(this.repos.get(`${host}/${repository}`)?.tags.keys() ?? [])].sort();
  }

  async referrers(host: string, repository: string, digest: string): Promise<Referrers> {
    this.check(host, 'GET', `${repository}/referrers/${digest}`);
    const repo = this.repos.get(`${host}/${repository}`);
    if (this.withApi.has(host)) {
      const descriptors = [...(repo?.manifests ?? [])]
        .map(([d, m]) => ({ d, parsed: JSON.parse(m.body.toString()) as { subject?: { digest: string }; artifactType?: string } }))
        .filter(({ parsed }) => parsed.subject?.digest === digest)
        .filter(({ d }) => {
          const hidden = this.unlisted.get(`${host} ${d}`) ?? 0;
          if (hidden > 0) this.unlisted.set(`${host} ${d}`, hidden - 1);
          return hidden === 0;
        })
        .map(({ d, parsed }) => ({
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: d,
          size: 1,
          ...(parsed.artifactType ? { artifactType: parsed.artifactType } : {}),
        }));
      return { descriptors, via: 'api' };
    }
    const index = await this.findManifest(host, repository, referrersTag(digest));
    const descriptors = index ? (JSON.parse(index.body.toString()) as { manifests: Referrers['descriptors'] }).manifests : [];
    return { descriptors, via: 'tag' };
  }

  async putManifest(host: string, repository: string, tag: string, mediaType: string, body: Buffer): Promise<void> {
    this.check(host, 'PUT', `${repository}/manifests/${tag}`);
    const digest = sha256(body);
    const repo = this.repo(host, repository);
    repo.manifests.set(digest, { mediaType, body });
    repo.tags.set(tag, digest);
    this.writes.push(`put ${host}/${repository}:${tag}`);
  }

  async checkAccess(host: string, repository: string): Promise<void> {
    this.check(host, 'GET', `${repository}/tags/list`);
  }

  /**
   * What regctl does, in memory: every manifest reachable from `digest`
   * (index children, referrers, `sha256-<hex>.*` tags) copied to the
   * target, referrers registered in the target's own form; no other tag.
   * `skip` leaves some out, as a copy that broke off would.
   */
  async copyClosure(
    from: { host: string; repository: string },
    to: { host: string; repository: string },
    digest: string,
    skip: ReadonlySet<string> = new Set(),
  ): Promise<void> {
    this.check(to.host, 'PUT', `${to.repository}/manifests/${digest}`);
    const source = this.repo(from.host, from.repository);
    const queue = [digest];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const current = queue.shift() ?? '';
      if (seen.has(current)) continue;
      seen.add(current);
      const stored = source.manifests.get(current);
      if (!stored) continue;
      const target = this.repo(to.host, to.repository);
      if (!skip.has(current) && !target.manifests.has(current)) {
        this.writes.push(`copy ${to.host}/${to.repository}@${current}`);
        this.store(to.host, to.repository, JSON.parse(stored.body.toString()) as object);
      }
      const parsed = JSON.parse(stored.body.toString()) as { manifests?: Array<{ digest: string }> };
      for (const child of parsed.manifests ?? []) queue.push(child.digest);
      for (const referrer of (await this.referrers(from.host, from.repository, current)).descriptors) queue.push(referrer.digest);
      for (const [tag, tagged] of source.tags) {
        if (!tag.startsWith(`${referrersTag(current)}.`) || skip.has(tagged)) continue;
        queue.push(tagged);
        if (target.tags.get(tag) !== tagged) {
          this.store(to.host, to.repository, JSON.parse(source.manifests.get(tagged)?.body.toString() ?? '{}') as object, tag);
          this.writes.push(`tag ${to.host}/${to.repository}:${tag}`);
        }
      }
    }
  }
}
