import type { Catalog, CatalogImage } from '../catalog/model.js';
import type { Changes } from './changes.js';
import type { PlanEntry } from './entry.js';

interface Node {
  entry: PlanEntry;
  image: CatalogImage;
  parentKeys: string[];
}

/**
 * Ids of the entries a change affects: a changed file under the image's
 * context, its Dockerfile, a changed line in the image's part of the catalog
 * (a change elsewhere in the catalog, such as defaults, affects every image),
 * and, transitively, every child of an affected entry.
 */
export function affectedIds(catalog: Catalog, nodes: readonly Node[], changes: Changes, catalogFile: string): Set<string> {
  const images = changedImages(catalog, changes, catalogFile);
  const affected = new Set<string>();
  for (const node of nodes) {
    const { context, dockerfile } = node.entry;
    const touched = changes.files.some((file) => file === dockerfile || context === '.' || file.startsWith(`${context}/`));
    if (touched || images.has(node.image)) affected.add(node.entry.id);
  }
  // Children of affected entries, until nothing new is added (a DAG: at most depth passes).
  let grew = true;
  while (grew) {
    grew = false;
    for (const node of nodes) {
      if (!affected.has(node.entry.id) && node.parentKeys.some((key) => affected.has(key))) {
        affected.add(node.entry.id);
        grew = true;
      }
    }
  }
  return affected;
}

/** Images whose catalog lines changed; all of them for a change outside any image. */
function changedImages(catalog: Catalog, changes: Changes, catalogFile: string): Set<CatalogImage> {
  if (!changes.files.includes(catalogFile)) return new Set();
  if (changes.catalogLines === 'all') return new Set(catalog.images);
  const spans = imageSpans(catalog);
  const changed = new Set<CatalogImage>();
  for (const line of changes.catalogLines) {
    const span = spans.find((s) => line >= s.start && line <= s.end);
    if (span === undefined) return new Set(catalog.images);
    changed.add(span.image);
  }
  return changed;
}

/**
 * The lines each image's entry covers: from its key to its last line when the
 * catalog knows it, else to the line before the next image.
 */
function imageSpans(catalog: Catalog): Array<{ image: CatalogImage; start: number; end: number }> {
  const located = catalog.images
    .filter((i) => i.location.line !== undefined)
    .sort((a, b) => (a.location.line ?? 0) - (b.location.line ?? 0));
  return located.map((image, i) => {
    const start = image.location.line ?? 0;
    const next = located[i + 1]?.location.line;
    const end = image.location.endLine ?? (next !== undefined ? next - 1 : Number.POSITIVE_INFINITY);
    return { image, start, end };
  });
}
