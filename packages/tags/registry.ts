import type { RegistryClient } from '../registry/index.js';

/**
 * What verify-tag-scheme asks a registry: the tags of a repository, and the
 * build id an existing tag's image carries. Read-only.
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

  async buildIds(full: string, tag: string): Promise<Array<string | undefined> | undefined> {
    const { registry, repository } = split(full);
    const top = await this.client.findManifest(registry, repository, tag);
    if (top === undefined) return undefined;
    const manifest = JSON.parse(top.body.toString('utf8')) as Manifest;
    // Attestation manifests (platform unknown/unknown) carry no image config labels.
    const images = manifest.manifests ? manifest.manifests.filter((m) => m.platform?.os !== 'unknown').map((m) => m.digest) : [undefined];
    const ids: Array<string | undefined> = [];
    for (const digest of images) {
      const image =
        digest === undefined
          ? manifest
          : (JSON.parse((await this.client.manifest(registry, repository, digest)).body.toString('utf8')) as Manifest);
      if (image.config === undefined) continue;
      const config = JSON.parse((await this.client.blob(registry, repository, image.config.digest)).toString('utf8')) as {
        config?: { Labels?: Record<string, string> | null };
      };
      ids.push(config.config?.Labels?.[BUILD_ID_LABEL]);
    }
    return ids;
  }
}

function split(full: string): { registry: string; repository: string } {
  const slash = full.indexOf('/');
  return { registry: full.slice(0, slash), repository: full.slice(slash + 1) };
}
