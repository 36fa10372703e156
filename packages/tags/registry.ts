import type { RegistryClient } from '../registry/index.js';

/**
 * What verify-tag-scheme asks a registry: the tags of a repository, and the
 * build id an existing tag's image carries. Read-only.
 */
export interface TagRegistry {
  /** Tags of `repository` (`registry/path`); empty when the repository does not exist. */
  listTags(repository: string): Promise<string[]>;
  /**
   * One label (BUILD_ID_LABEL, SOURCE_ID_LABEL) of every platform image `tag`
   * points at (one value per platform; `undefined` for an image without the
   * label), or undefined when the tag does not exist.
   */
  labelValues(repository: string, tag: string, label: string): Promise<Array<string | undefined> | undefined>;
}

/** What a tag names: its digest, and the config labels of each platform image (attestation manifests left out). */
export interface TaggedImage {
  digest: string;
  platforms: Array<Record<string, string>>;
}

/** The label build-prebuilt puts on every image: the plan entry's build id (sources, base digests, parents). */
export const BUILD_ID_LABEL = 'dev.image-actions.build-id';
/** The plan entry's source id: what the repository defines, whatever the base images' digests. */
export const SOURCE_ID_LABEL = 'dev.image-actions.source-id';
/**
 * What each FROM was built on, as canonical JSON: the reference as written ->
 * `registry/repository@sha256:...`, base images and catalog parents alike.
 */
export const BASES_LABEL = 'dev.image-actions.base-images';

interface Manifest {
  manifests?: Array<{ digest: string; platform?: { os?: string } }>;
  config?: { digest: string };
}

/** TagRegistry over the project's one registry client (its logins, retries and digest checks). */
export class RegistryTags implements TagRegistry {
  constructor(private readonly client: RegistryClient) {}

  async listTags(full: string): Promise<string[]> {
    const { registry, repository } = split(full);
    return (await this.client.tags(registry, repository)).sort();
  }

  async labelValues(full: string, tag: string, label: string): Promise<Array<string | undefined> | undefined> {
    return (await this.tagged(full, tag))?.platforms.map((labels) => labels[label]);
  }

  /** The image `tag` names, or undefined when there is no such tag. */
  async tagged(full: string, tag: string): Promise<TaggedImage | undefined> {
    const { registry, repository } = split(full);
    const top = await this.client.findManifest(registry, repository, tag);
    if (top === undefined) return undefined;
    const manifest = JSON.parse(top.body.toString('utf8')) as Manifest;
    // Attestation manifests (platform unknown/unknown) carry no image config labels.
    const images = manifest.manifests ? manifest.manifests.filter((m) => m.platform?.os !== 'unknown').map((m) => m.digest) : [undefined];
    const platforms: Array<Record<string, string>> = [];
    for (const digest of images) {
      const image =
        digest === undefined
          ? manifest
          : (JSON.parse((await this.client.manifest(registry, repository, digest)).body.toString('utf8')) as Manifest);
      if (image.config === undefined) continue;
      const config = JSON.parse((await this.client.blob(registry, repository, image.config.digest)).toString('utf8')) as {
        config?: { Labels?: Record<string, string> | null };
      };
      platforms.push({ ...config.config?.Labels });
    }
    return { digest: top.digest, platforms };
  }
}

function split(full: string): { registry: string; repository: string } {
  const slash = full.indexOf('/');
  return { registry: full.slice(0, slash), repository: full.slice(slash + 1) };
}
