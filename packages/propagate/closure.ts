import type { Descriptor, FetchedManifest, Referrers } from '../registry/index.js';
import { MANIFEST_MEDIA_TYPES, referrersTag } from '../registry/index.js';

/** The reads propagation makes of a registry (the project's RegistryClient has them). */
export interface RegistryReader {
  manifest(host: string, repository: string, reference: string): Promise<FetchedManifest>;
  findManifest(host: string, repository: string, reference: string): Promise<FetchedManifest | undefined>;
  tags(host: string, repository: string): Promise<string[]>;
  referrers(host: string, repository: string, digest: string): Promise<Referrers>;
}

/** The artifact type of a cosign signature stored as an OCI 1.1 referrer (`--registry-referrers-mode=oci-1-1`). */
export const COSIGN_LEGACY_SIGNATURE = 'application/vnd.dev.cosign.artifact.sig.v1+json';

/**
 * Everything a published digest is at its source, as it must be at a
 * mirror: the image (an index, or one manifest), every manifest the index
 * lists (platforms, BuildKit's attestations), every referrer (cosign v3
 * bundles, SBOMs) and every `sha256-<hex>.*` tag (cosign's `.sig`/`.att`
 * storage) of any of those, recursively: what `regctl image copy
 * --referrers --digest-tags` copies. Blobs are not listed: a registry takes
 * a manifest only once it has its blobs.
 */
export interface Closure {
  digest: string;
  /** The image's own manifest, byte for byte: what its tags are put on. */
  root: FetchedManifest;
  /** Every manifest by digest, the image's first. */
  manifests: string[];
  /** Subject digest -> the digests of its referrers, for subjects that have any. */
  referrers: Map<string, string[]>;
  /** `sha256-<hex>.sig` (and `.att`, `.sbom`) -> the digest that tag names. */
  digestTags: Map<string, string>;
  /** A referrer is a cosign signature in OCI 1.1 form: verifying it needs cosign's `--experimental-oci11`. */
  legacyReferrers: boolean;
}

/** Reads the closure of `digest` at the source. `tags` is the repository's tag list (read once per repository). */
export async function readClosure(
  registry: RegistryReader,
  host: string,
  repository: string,
  digest: string,
  tags: readonly string[],
): Promise<Closure> {
  const manifests: string[] = [];
  const referrers = new Map<string, string[]>();
  const digestTags = new Map<string, string>();
  let legacyReferrers = false;
  let root: FetchedManifest | undefined;
  const queue: string[] = [digest];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const current = queue.shift() ?? '';
    if (seen.has(current)) continue;
    seen.add(current);
    const manifest = await registry.manifest(host, repository, current);
    root ??= manifest;
    manifests.push(current);
    for (const child of childManifests(manifest)) queue.push(child.digest);
    const found = await registry.referrers(host, repository, current);
    if (found.descriptors.length > 0) {
      referrers.set(current, found.descriptors.map((d) => d.digest).sort());
      if (found.descriptors.some((d) => d.artifactType === COSIGN_LEGACY_SIGNATURE)) legacyReferrers = true;
      queue.push(...found.descriptors.map((d) => d.digest));
    }
    for (const tag of digestTagsOf(current, tags)) {
      const tagged = (await registry.manifest(host, repository, tag)).digest;
      digestTags.set(tag, tagged);
      queue.push(tagged);
    }
  }
  if (root === undefined) throw new Error(`${host}/${repository}@${digest}: nothing was read`);
  return { digest, root, manifests, referrers, digestTags, legacyReferrers };
}

/**
 * The `sha256-<hex>.*` tags of a digest, as regctl's `--digest-tags` finds
 * them; not `sha256-<hex>` itself, the referrers fallback tag, which is the
 * form a registry without the referrers API keeps referrers in and is
 * rewritten by the copy of each referrer, not copied as a tag.
 */
export function digestTagsOf(digest: string, tags: readonly string[]): string[] {
  const fallback = referrersTag(digest);
  return tags.filter((tag) => tag.startsWith(fallback) && tag !== fallback).sort();
}

/** What of a closure a mirror does not have, one line each; empty when it holds all of it. */
export async function missingAt(registry: RegistryReader, host: string, repository: string, closure: Closure): Promise<string[]> {
  // Nothing else can be there without the image itself (a referrer is pushed after its subject).
  if ((await registry.findManifest(host, repository, closure.digest)) === undefined) return [`the image ${closure.digest}`];
  // One line per missing thing: a referrer that is not there is named as one, not also as a manifest.
  const missing = new Map<string, string>();
  for (const digest of closure.manifests.slice(1)) {
    if ((await registry.findManifest(host, repository, digest)) === undefined) missing.set(digest, `manifest ${digest}`);
  }
  for (const [subject, wanted] of closure.referrers) {
    const there = new Set((await registry.referrers(host, repository, subject)).descriptors.map((d) => d.digest));
    for (const digest of wanted) if (!there.has(digest)) missing.set(digest, `referrer ${digest} of ${subject}`);
  }
  const lines = [...missing.values()];
  if (closure.digestTags.size > 0) {
    const tags = new Set(await registry.tags(host, repository));
    for (const [tag, digest] of closure.digestTags) {
      const found = tags.has(tag) ? (await registry.findManifest(host, repository, tag))?.digest : undefined;
      if (found !== digest) lines.push(found === undefined ? `tag ${tag}` : `tag ${tag} (names ${found}, not ${digest})`);
    }
  }
  return lines;
}

function childManifests(manifest: FetchedManifest): Descriptor[] {
  const parsed = JSON.parse(manifest.body.toString('utf8')) as { manifests?: Descriptor[] };
  return (parsed.manifests ?? []).filter((d) => (MANIFEST_MEDIA_TYPES as readonly string[]).includes(d.mediaType));
}
