import {
  type Catalog,
  type CatalogImage,
  type CatalogVariant,
  type CatalogVersion,
  debugApplication,
  listedBuilds,
} from '../catalog/model.js';
import { formatLocation, type SourceLocation } from '../errors/index.js';
import { type TagFields, type TagScheme, tagScheme, type Violation } from '../tags/index.js';

/** One tag the catalog plans, and the line that asks for it. */
export interface PlannedTag {
  tag: string;
  application: string;
  fields: TagFields;
  /** The variant's line, or the version's when the image has no variants. */
  location: SourceLocation;
  /** True for the tag of a debug twin. */
  debug: boolean;
}

export interface TagOptions {
  /** Publishes to this registry instead of the catalog's (tests use a loopback registry). */
  registry?: string;
  /** Overrides the catalog's `tag-template`. */
  tagTemplate?: string;
}

/** The scheme a catalog is planned with: the input's template, else the catalog's, else the ADR's. */
export function catalogScheme(catalog: Catalog, options: TagOptions): TagScheme {
  if (options.tagTemplate !== undefined) return tagScheme(options.tagTemplate, "input 'tag-template'");
  return tagScheme(catalog.tagTemplate, `${catalog.file}: tag-template`);
}

/** `registry/repository` every tag of the catalog starts with. */
export function catalogBase(catalog: Catalog, options: TagOptions): { registry: string; repository: string; base: string } {
  const registry = options.registry ?? catalog.registry;
  return { registry, repository: catalog.repository, base: `${registry}/${catalog.repository}` };
}

export function tagFields(image: CatalogImage, version: CatalogVersion, variant: CatalogVariant | undefined): TagFields {
  const fields: TagFields = { application: image.name, version: version.version };
  if (variant) fields.variant = { id: variant.id, version: variant.version };
  return fields;
}

/**
 * Every tag a catalog plans, with the rules each breaks: the scheme's rules on
 * the catalog's own fields (blamed on the catalog line), the round trip, and
 * two entries (or an image and another's debug twin) landing on the same tag.
 * Reads no files: cheap enough to run on every pull request.
 */
export function plannedTags(
  catalog: Catalog,
  options: TagOptions = {},
): { scheme: TagScheme; tags: PlannedTag[]; violations: Violation[] } {
  const scheme = catalogScheme(catalog, options);
  const { registry, repository, base } = catalogBase(catalog, options);
  const tags: PlannedTag[] = [];
  const violations: Violation[] = [];
  const seen = new Map<string, PlannedTag>();
  const add = (planned: PlannedTag) => {
    const first = seen.get(planned.tag);
    if (first) {
      violations.push({
        tag: planned.tag,
        rule: 'duplicate-tag',
        message: `'${planned.tag}' is planned twice: here and at ${formatLocation(first.location)}.`,
        hint: 'Rename one application or change one version or variant, so each entry has its own tag.',
        location: planned.location,
      });
      return;
    }
    seen.set(planned.tag, planned);
    tags.push(planned);
  };
  for (const image of catalog.images) {
    for (const { version, variant, location } of listedBuilds(image)) {
      const fields = tagFields(image, version, variant);
      const problems = scheme.checkFields(fields);
      if (problems.length > 0) {
        for (const p of problems) violations.push({ tag: `${base}/${image.name}`, ...p, location });
        continue;
      }
      for (const debug of image.debug ? [false, true] : [false]) {
        const application = debug ? debugApplication(image.name) : image.name;
        const tag = scheme.formatReference(base, { ...fields, application });
        const { parsed, violations: broken } = scheme.check(tag, { registry, repository });
        for (const v of broken) violations.push({ ...v, location });
        if (broken.length === 0 && !sameFields(parsed, { ...fields, application })) {
          violations.push({
            tag,
            rule: 'round-trip',
            message: `'${tag}' reads back as something other than ${image.name} ${version.version}${variant ? ` ${variant.id} ${variant.version}` : ''}.`,
            hint: 'Change the tag template or the version so the tag can be parsed back.',
            location,
          });
        }
        if (broken.length === 0) add({ tag, application, fields: { ...fields, application }, location, debug });
      }
    }
  }
  return { scheme, tags, violations };
}

function sameFields(a: TagFields | undefined, b: TagFields): boolean {
  return (
    a !== undefined &&
    a.application === b.application &&
    a.version === b.version &&
    a.variant?.id === b.variant?.id &&
    a.variant?.version === b.variant?.version
  );
}
