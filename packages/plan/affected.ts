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
  const lines = changedCatalogParts(catalog, changes, catalogFile);
  const affected = new Set<string>();
  for (const node of nodes) {
    const { context, dockerfile } = node.entry;
    const touched = changes.files.some((file) => file === dockerfile || context === '.' || file.startsWith(`${context}/`));
    if (touched || lines.touches(node.image, node.entry)) affected.add(node.entry.id);
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

interface Span {
  start: number;
  end: number;
}

/**
 * Which parts of the catalog changed lines fall in. A line inside a variant's
 * entry affects that variant; inside a version's own lines (its key, its
 * build args), that version; inside an image's other lines, the whole image;
 * outside every image (registry, defaults), everything.
 */
function changedCatalogParts(
  catalog: Catalog,
  changes: Changes,
  catalogFile: string,
): { touches(image: CatalogImage, entry: PlanEntry): boolean } {
  const none = { touches: () => false };
  const all = { touches: () => true };
  if (!changes.files.includes(catalogFile)) return none;
  if (changes.catalogLines === 'all') return all;
  const keys = new Set<string>();
  for (const line of changes.catalogLines) {
    const image = imageSpans(catalog).find((s) => inside(line, s));
    if (image === undefined) return all;
    keys.add(partAt(image.image, image, line));
  }
  return {
    touches: (image, entry) =>
      keys.has(image.name) ||
      keys.has(`${image.name}\0${entry.version}`) ||
      keys.has(`${image.name}\0${entry.version}\0${entry.variant?.id ?? ''}`),
  };
}

function inside(line: number, span: Span): boolean {
  return line >= span.start && line <= span.end;
}

/** The narrowest part of `image` holding `line`: a variant, a version, or the image. */
function partAt(image: CatalogImage, span: Span, line: number): string {
  const versions = childSpans(image.versions, span.end);
  const version = versions.find((s) => inside(line, s));
  if (version === undefined) return image.name;
  const variants = childSpans(version.item.variants, version.end);
  const variant = variants.find((s) => inside(line, s));
  return variant === undefined ? `${image.name}\0${version.item.version}` : `${image.name}\0${version.item.version}\0${variant.item.id}`;
}

/** Spans of located items in file order: each up to the line before the next, the last up to `end`. */
function childSpans<T extends { location: { line?: number } }>(items: readonly T[], end: number): Array<Span & { item: T }> {
  const located = items.filter((i) => i.location.line !== undefined).sort((a, b) => (a.location.line ?? 0) - (b.location.line ?? 0));
  return located.map((item, i) => {
    const next = located[i + 1]?.location.line;
    return { item, start: item.location.line ?? 0, end: next !== undefined ? next - 1 : end };
  });
}

/**
 * The lines each image's entry covers: from its key to its last line when the
 * catalog knows it, else to the line before the next image (the last image to
 * the end of the file).
 */
function imageSpans(catalog: Catalog): Array<Span & { image: CatalogImage }> {
  return childSpans(catalog.images, Number.POSITIVE_INFINITY).map(({ item, start, end }) => ({
    image: item,
    start,
    end: item.location.endLine ?? end,
  }));
}
