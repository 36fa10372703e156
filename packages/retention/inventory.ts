import { MANIFEST_MEDIA_TYPES, type RegistryClient } from '../registry/index.js';
import type { TagScheme } from '../tags/index.js';

/** What a tag of a curated repository is, as retention sees it. */
export type TagKind =
  /** A version under the tag scheme: the only kind retention ever removes. */
  | { kind: 'version'; stream: string; version: string; variantVersion: string }
  /** cosign's `.sig`/`.att`/`.sbom` tags, and the `sha256-<hex>` referrers tag of registries without the referrers API. */
  | { kind: 'attachment'; subject: string }
  /** `buildcache*`: BuildKit's layers between builds. */
  | { kind: 'cache' }
  /** Retention's own record of this repository. */
  | { kind: 'state' }
  /** Anything else (`latest`, a user's own tag): never touched. */
  | { kind: 'foreign' };

/** The tag retention keeps its record of a repository under (outside the tag scheme, so never a version). */
export const STATE_TAG = 'image-actions-retention';

const ATTACHMENT = /^sha256-([a-f0-9]{64})(?:\.(?:sig|att|sbom))?$/;

/** The kind of one tag of the repository of `application`. */
export function classifyTag(tag: string, scheme: TagScheme): TagKind {
  const attachment = ATTACHMENT.exec(tag);
  if (attachment?.[1]) return { kind: 'attachment', subject: `sha256:${attachment[1]}` };
  if (tag === STATE_TAG) return { kind: 'state' };
  if (tag.startsWith('buildcache')) return { kind: 'cache' };
  const fields = scheme.parseTagPart(tag);
  if (fields === undefined || scheme.formatTag(fields) !== tag) return { kind: 'foreign' };
  return { kind: 'version', stream: fields.variant?.id ?? '', version: fields.version, variantVersion: fields.variant?.version ?? '0.0' };
}

/** One manifest of the repository and what hangs off it. */
export interface ManifestNode {
  digest: string;
  mediaType: string;
  /** Platform manifests (and BuildKit's attestation manifests) of an index. */
  children: string[];
  /** Signatures, attestations and SBOMs that refer to it: by `subject`, referrers, or cosign's tags. */
  attachments: string[];
}

export interface RepositoryInventory {
  host: string;
  repository: string;
  tags: Map<string, { digest: string; kind: TagKind }>;
  /** Every manifest reached from a tag, a listed digest, or an attachment. */
  nodes: Map<string, ManifestNode>;
  /** Attachment tags whose subject nothing here names: not accounted for, so never removed. */
  unaccounted: string[];
}

/** Retention met something it does not understand, or could not read the whole graph: it removes nothing. */
export class IncompleteGraphError extends Error {
  constructor(where: string, why: string) {
    super(`${where}: ${why}; retention removes nothing from a repository it cannot read whole`);
    this.name = 'IncompleteGraphError';
  }
}

interface ManifestJson {
  mediaType?: string;
  manifests?: Array<{ digest: string; mediaType?: string }>;
}

/**
 * Reads the whole graph of one repository: every tag, the manifest each
 * names, the children of each index, and every signature, attestation and
 * SBOM attached to any of them (cosign's tags, the referrers API or its
 * fallback tag), plus the untagged digests retention itself remembered
 * (`extra`). Any read that fails, or a media type it does not know, throws
 * IncompleteGraphError: a plan from half a graph could delete what a kept
 * tag needs.
 */
export async function readInventory(
  client: RegistryClient,
  host: string,
  repository: string,
  scheme: TagScheme,
  extra: readonly string[] = [],
): Promise<RepositoryInventory> {
  const where = `${host}/${repository}`;
  const guard = async <T>(what: string, read: () => Promise<T>): Promise<T> => {
    try {
      return await read();
    } catch (error: unknown) {
      if (error instanceof IncompleteGraphError) throw error;
      throw new IncompleteGraphError(where, `could not read ${what} (${error instanceof Error ? error.message : String(error)})`);
    }
  };
  const inventory: RepositoryInventory = { host, repository, tags: new Map(), nodes: new Map(), unaccounted: [] };
  const attachmentOf = new Map<string, string[]>();

  for (const tag of await guard('the tags list', () => client.tags(host, repository))) {
    const kind = classifyTag(tag, scheme);
    const found = await guard(`the manifest of :${tag}`, () => client.manifest(host, repository, tag));
    inventory.tags.set(tag, { digest: found.digest, kind });
    if (kind.kind === 'attachment') attachmentOf.set(kind.subject, [...(attachmentOf.get(kind.subject) ?? []), found.digest]);
  }

  const visit = async (digest: string): Promise<void> => {
    if (inventory.nodes.has(digest)) return;
    const found = await guard(`the manifest ${digest}`, () => client.findManifest(host, repository, digest));
    // A remembered digest someone already deleted: nothing left of it to plan for.
    if (found === undefined) return;
    if (!(MANIFEST_MEDIA_TYPES as readonly string[]).includes(found.mediaType)) {
      throw new IncompleteGraphError(where, `${digest} is a ${found.mediaType}, which retention does not know how to follow`);
    }
    const json = JSON.parse(found.body.toString('utf8')) as ManifestJson;
    const strange = (json.manifests ?? []).find((m) => !(MANIFEST_MEDIA_TYPES as readonly string[]).includes(m.mediaType ?? ''));
    if (strange)
      throw new IncompleteGraphError(
        where,
        `the index ${digest} lists ${strange.digest} as a ${strange.mediaType ?? 'thing of no media type'}`,
      );
    const node: ManifestNode = {
      digest,
      mediaType: found.mediaType,
      children: (json.manifests ?? []).map((m) => m.digest),
      attachments: [],
    };
    inventory.nodes.set(digest, node);
    const referrers = await guard(`the referrers of ${digest}`, () => client.referrers(host, repository, digest));
    node.attachments = [...new Set([...(attachmentOf.get(digest) ?? []), ...referrers.descriptors.map((d) => d.digest)])];
    for (const child of [...node.children, ...node.attachments]) await visit(child);
  };

  // Attachments are reached through their subjects; a build cache is an index of layer blobs, kept whole and never followed.
  for (const { digest, kind } of inventory.tags.values()) {
    if (kind.kind !== 'attachment' && kind.kind !== 'cache') await visit(digest);
  }
  for (const digest of extra) await visit(digest);
  for (const [tag, { kind }] of inventory.tags) {
    if (kind.kind === 'attachment' && !inventory.nodes.has(kind.subject)) inventory.unaccounted.push(tag);
  }
  // An attachment tag of a known subject is reached through the subject; one of an unknown subject stays unvisited.
  for (const [tag, { digest, kind }] of inventory.tags) {
    if (kind.kind === 'attachment' && inventory.nodes.has(kind.subject) && !inventory.nodes.has(digest)) {
      throw new IncompleteGraphError(where, `the attachment tag ${tag} was not reached from its subject`);
    }
  }
  return inventory;
}
