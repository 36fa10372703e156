import type { Catalog } from '../catalog/index.js';
import { parseReference, repositoryOf } from '../oci/index.js';
import { catalogBase, plannedTags, type TagOptions } from '../plan/index.js';
import type { RegistryClient } from '../registry/index.js';

/** The registry calls a rescan makes to find what is published. */
export type TagReader = Pick<RegistryClient, 'tags' | 'manifest'>;

export interface PublishedTag {
  /** `registry/repository/application:tag` */
  tag: string;
  repository: string;
  digest: string;
}

export interface ImageTargets {
  application: string;
  key: string;
  owners: string[];
  published: PublishedTag[];
  unpublished: string[];
  /** Tags the registry could not be asked about, with why. */
  unreadable: { tag: string; repository: string; reason: string }[];
}

/**
 * For every image and version the catalog lists (its debug twin too), the
 * tags the registry has, each resolved to the digest it names now. A tag
 * the registry does not have is not published, not an error; a repository
 * the registry will not list is one.
 */
export async function publishedTargets(
  catalog: Catalog,
  registry: TagReader,
  options: TagOptions & { applications?: readonly string[] },
): Promise<ImageTargets[]> {
  const { tags } = plannedTags(catalog, options);
  const { base } = catalogBase(catalog, options);
  const wanted = options.applications && options.applications.length > 0 ? new Set(options.applications) : undefined;
  const existing = new Map<string, Promise<Set<string>>>();
  const listed = (repository: string): Promise<Set<string>> => {
    let found = existing.get(repository);
    if (!found) {
      const { registry: host, repository: path } = parseReference(repository, 'catalog repository');
      found = registry.tags(host, path).then((list) => new Set(list));
      existing.set(repository, found);
    }
    return found;
  };
  const targets: ImageTargets[] = [];
  for (const image of catalog.images) {
    if (wanted && !wanted.has(image.name)) continue;
    const target: ImageTargets = {
      application: image.name,
      key: `${base}/${image.name}`,
      owners: image.owners,
      published: [],
      unpublished: [],
      unreadable: [],
    };
    const applications = new Set([image.name, ...(image.debug ? [`${image.name}-debug`] : [])]);
    for (const planned of tags.filter((t) => applications.has(t.application))) {
      const reference = parseReference(planned.tag, 'planned tag');
      const repository = repositoryOf(reference);
      try {
        if (!(await listed(repository)).has(reference.tag ?? '')) {
          target.unpublished.push(planned.tag);
          continue;
        }
        const manifest = await registry.manifest(reference.registry, reference.repository, reference.tag ?? '');
        target.published.push({ tag: planned.tag, repository, digest: manifest.digest });
      } catch (error: unknown) {
        target.unreadable.push({ tag: planned.tag, repository, reason: error instanceof Error ? error.message : String(error) });
      }
    }
    targets.push(target);
  }
  return targets;
}
