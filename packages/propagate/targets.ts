import { parseReference } from '../oci/index.js';
import type { PlanEntry, PlannedMirror } from '../plan/entry.js';

/** A repository at a registry: what a step that works per registry (propagation, retention) is given. */
export interface RegistryTarget {
  /** `artifactory.example.com`, `127.0.0.1:5002` */
  registry: string;
  /** `curated/velero` */
  repository: string;
}

/** One image of the plan (an entry, or its debug twin) and where it is mirrored. */
export interface MirroredImage {
  /** The plan entry's id, `-debug` for a twin. */
  id: string;
  source: RegistryTarget;
  /** The tags published at the source, by name (`1.12.3-aws1.8.2`). */
  tags: string[];
  mirrors: Array<RegistryTarget & { overwrite: boolean }>;
  /** An import: its digest is upstream's, so an earlier copy is known by the provenance this project attests, not by annotations. */
  imported?: boolean;
}

/** The images of the plan that have mirrors: each entry and each debug twin, with its tags and mirrors. */
export function mirroredImages(entries: readonly PlanEntry[]): MirroredImage[] {
  const images: MirroredImage[] = [];
  for (const entry of entries) {
    const add = (id: string, repository: string, tags: readonly string[], mirrors: readonly PlannedMirror[] | undefined) => {
      if (mirrors === undefined || mirrors.length === 0) return;
      images.push({
        id,
        source: target(repository),
        tags: tags.map((tag) => parseReference(tag, `tag of ${id}`).tag ?? ''),
        mirrors: mirrors.map((m) => ({ ...target(m.repository), overwrite: m.overwrite })),
        ...(entry.import !== undefined ? { imported: true } : {}),
      });
    };
    add(entry.id, entry.repository, entry.tags, entry.mirrors);
    if (entry.debug) add(`${entry.id}-debug`, entry.debug.repository, entry.debug.tags, entry.debug.mirrors);
  }
  return images;
}

/**
 * Every mirror repository the plan names, with the source repository it
 * mirrors, once each. The seam for retention on mirrors: retention runs the
 * source's plan on each of these targets as on the source itself.
 */
export function mirrorTargets(entries: readonly PlanEntry[]): Array<{ source: RegistryTarget; mirror: RegistryTarget }> {
  const seen = new Map<string, { source: RegistryTarget; mirror: RegistryTarget }>();
  for (const image of mirroredImages(entries)) {
    for (const mirror of image.mirrors) {
      const key = `${mirror.registry}/${mirror.repository}`;
      if (!seen.has(key)) seen.set(key, { source: image.source, mirror: { registry: mirror.registry, repository: mirror.repository } });
    }
  }
  return [...seen.values()];
}

export function target(repository: string): RegistryTarget {
  const parsed = parseReference(repository, 'repository');
  return { registry: parsed.registry, repository: parsed.repository };
}

export function formatTarget(t: RegistryTarget): string {
  return `${t.registry}/${t.repository}`;
}
