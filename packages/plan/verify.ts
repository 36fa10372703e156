import { type Catalog, debugApplication } from '../catalog/model.js';
import type { SourceLocation } from '../errors/index.js';
import { SOURCE_ID_LABEL, type TagRegistry, type TagScheme, tagScheme, type Violation } from '../tags/index.js';
import { expandPlan, type PlanContext, relativePath } from './expand.js';
import { globToRegExp } from './glob.js';
import { catalogBase, catalogScheme, plannedTags } from './planned-tags.js';

/**
 * Tags in a repository that are not image tags of the scheme: cosign's
 * signatures and attestations (`sha256-<hex>.sig`) and build caches.
 */
export const DEFAULT_IGNORED_TAGS = ['sha256-*.sig', 'sha256-*.att', 'sha256-*.sbom', 'buildcache*'];

export interface VerifyRequest {
  /** Tags given by hand: full references. */
  tags: readonly string[];
  catalog?: Catalog;
  /** How to plan the catalog when the registry is checked (build ids need the contexts). */
  plan?: Omit<PlanContext, 'changes' | 'applications' | 'glob'>;
  registry?: string;
  tagTemplate?: string;
  /** When set, the tags present in the registry are checked too, and planned tags for silent overwrites. */
  tagRegistry?: TagRegistry;
  /** Registry tags matching these globs are not checked. */
  ignore?: readonly string[];
}

export interface VerifyResult {
  /** How many tags were checked. */
  checked: number;
  violations: Violation[];
}

/**
 * Every check verify-tag-scheme makes: given tags against the scheme; a
 * catalog's planned tags (blamed on the catalog line) and duplicates; the FROM
 * lines naming catalog images; and, with a registry, the tags already there
 * and planned tags that would silently move to an image of other content.
 */
export async function verifyTags(request: VerifyRequest): Promise<VerifyResult> {
  const options = {
    ...(request.registry !== undefined ? { registry: request.registry } : {}),
    ...(request.tagTemplate !== undefined ? { tagTemplate: request.tagTemplate } : {}),
  };
  const { catalog } = request;
  const scheme = catalog ? catalogScheme(catalog, options) : tagScheme(request.tagTemplate, "input 'tag-template'");
  const expected = catalog ? catalogBase(catalog, options) : undefined;
  const violations: Violation[] = [];
  let checked = 0;
  for (const tag of request.tags) {
    checked++;
    violations.push(...scheme.check(tag, expected).violations);
  }
  const repositories = new Map<string, SourceLocation | undefined>();
  for (const tag of request.tags) {
    const name = tag.split('@')[0] ?? tag;
    const colon = name.lastIndexOf(':');
    if (colon > name.lastIndexOf('/')) repositories.set(name.slice(0, colon), undefined);
  }
  if (catalog) {
    const planned = plannedTags(catalog, options);
    checked += planned.tags.length;
    violations.push(...planned.violations);
    for (const image of catalog.images) {
      repositories.set(`${expected?.base}/${image.name}`, image.location);
      if (image.debug) repositories.set(`${expected?.base}/${debugApplication(image.name)}`, image.location);
    }
    if (request.plan) checked += await checkFroms(catalog, request.plan, scheme, expected?.base ?? '', violations);
  }
  if (request.tagRegistry) {
    checked += await checkRegistryTags(
      request.tagRegistry,
      repositories,
      scheme,
      expected,
      request.ignore ?? DEFAULT_IGNORED_TAGS,
      violations,
    );
    if (catalog && request.plan) await checkOverwrites(request.tagRegistry, catalog, request.plan, options, violations);
  }
  return { checked, violations };
}

/** FROM lines that name an image of this catalog must name it by a tag of the scheme. */
async function checkFroms(
  catalog: Catalog,
  plan: VerifyRequest['plan'] & object,
  scheme: TagScheme,
  base: string,
  violations: Violation[],
): Promise<number> {
  const prefixes = [...new Set([`${catalog.registry}/${catalog.repository}/`, `${base}/`])];
  let checked = 0;
  for (const image of catalog.images) {
    if (image.import !== undefined) continue;
    const dockerfile = `${catalog.dir}/${image.context}/${image.dockerfile}`;
    for (const from of await plan.readFroms(dockerfile)) {
      const prefix = prefixes.find((p) => from.reference.startsWith(p));
      if (prefix === undefined || from.reference.includes('@')) continue;
      checked++;
      const registry = prefix.slice(0, prefix.indexOf('/'));
      const repository = prefix.slice(registry.length + 1, -1);
      const location = { file: relativePath(plan.workspace, dockerfile), line: from.line };
      for (const v of scheme.check(from.reference, { registry, repository }).violations) violations.push({ ...v, location });
    }
  }
  return checked;
}

async function checkRegistryTags(
  registry: TagRegistry,
  repositories: Map<string, SourceLocation | undefined>,
  scheme: TagScheme,
  expected: { registry: string; repository: string } | undefined,
  ignore: readonly string[],
  violations: Violation[],
): Promise<number> {
  const ignored = ignore.map(globToRegExp);
  let checked = 0;
  for (const [full, location] of [...repositories].sort(([a], [b]) => (a < b ? -1 : 1))) {
    for (const tag of await registry.listTags(full)) {
      if (ignored.some((r) => r.test(tag))) continue;
      checked++;
      for (const v of scheme.check(`${full}:${tag}`, expected).violations) {
        violations.push({ ...v, message: `in the registry: ${v.message}`, ...(location ? { location } : {}) });
      }
    }
  }
  return checked;
}

/**
 * A planned tag that already exists must hold an image with the same build id:
 * otherwise publishing would silently move it to other content (a Dockerfile
 * or context changed without a new version or variant version).
 */
async function checkOverwrites(
  registry: TagRegistry,
  catalog: Catalog,
  context: VerifyRequest['plan'] & object,
  options: { registry?: string; tagTemplate?: string },
  violations: Violation[],
): Promise<void> {
  const plan = await expandPlan(catalog, { ...context, ...options });
  const locations = new Map(plannedTags(catalog, options).tags.map((t) => [t.tag, t.location]));
  for (const entry of plan.entries) {
    // An import's tag follows its upstream tag by design (a moved upstream is re-gated, then published there).
    if (entry.platform !== undefined || entry.import !== undefined) continue;
    for (const tag of entry.tags) {
      const ids = await registry.labelValues(entry.repository, tag.slice(entry.repository.length + 1), SOURCE_ID_LABEL);
      if (ids === undefined || (ids.length > 0 && ids.every((id) => id === entry.sourceId))) continue;
      const found = ids.find((id) => id !== entry.sourceId);
      const location = locations.get(tag);
      violations.push({
        tag,
        rule: 'overwrite',
        message:
          found === undefined
            ? `'${tag}' already exists and points at an image without the ${SOURCE_ID_LABEL} label; publishing would replace it.`
            : `'${tag}' already exists with source id ${found}, but the catalog plans ${entry.sourceId} for it: its Dockerfile, context or build inputs changed while its version did not.`,
        hint: 'Bump the version or variant version in the catalog so the new image gets a new tag, or revert the change.',
        ...(location ? { location } : {}),
      });
    }
  }
}
