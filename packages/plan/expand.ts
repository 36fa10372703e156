import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import {
  type Catalog,
  type CatalogImage,
  debugApplication,
  type ListedBuild,
  listedBuilds,
  type Mirror,
  mirrorTarget,
} from '../catalog/model.js';
import { type Problem, type SourceLocation, UserError } from '../errors/index.js';
import { type ImageReference, parseReference, repositoryOf } from '../oci/index.js';
import type { TagScheme } from '../tags/index.js';
import { affectedIds } from './affected.js';
import { buildId, COMMIT_LABELS, ContextHasher, contentId } from './build-id.js';
import type { Changes } from './changes.js';
import type { PlanEntry, PlannedBase, PlannedMirror } from './entry.js';
import { globToRegExp } from './glob.js';
import { canonicalTagReference, type PlanRegistry, resolveImport, throughMirror, type UpstreamMirrors, upstreamTag } from './imports.js';
import type { Plan, UnavailableImport } from './plan.js';
import { catalogBase, plannedTags, tagFields } from './planned-tags.js';
import { MAX_MATRIX_BYTES, MAX_MATRIX_JOBS, type ShardLimits, splitStage } from './shards.js';
import { debugTests, entryTests } from './tests.js';

/** A `FROM` line of a Dockerfile: the image it names and where. */
export interface FromLine {
  reference: string;
  line: number;
}

export interface PlanContext {
  /** The repository root: entry paths are relative to it, and so are changed files. */
  workspace: string;
  /** The commit being built, and its commit time (ISO 8601): the plan never reads the clock. */
  commit: { sha: string; time: string };
  /** Today, UTC `YYYY-MM-DD`: a deprecated image past its remove-after date is not planned. */
  today: string;
  /** The repository's web address, for org.opencontainers.image.source. */
  source?: string;
  registry?: string;
  /** Replaces every image's mirrors (the lab's second registry in tests). */
  mirrors?: ReadonlyArray<Pick<Mirror, 'registry' | 'repository' | 'overwrite'>>;
  tagTemplate?: string;
  /** One job per platform instead of one multi-platform build per entry. */
  perPlatform?: boolean;
  /** Only these applications. */
  applications?: readonly string[];
  /** Only entries whose id matches this glob (`velero-1.12.*`). */
  glob?: string;
  /** On a pull request: only entries these changes affect, and their children. */
  changes?: Changes;
  /** Matrix legs per shard. */
  maxJobs?: number;
  maxBytes?: number;
  /** Images per matrix leg; 1 (the default) is a leg per image. */
  batch?: number;
  /** The FROM lines of a Dockerfile (the catalog's reader). */
  readFroms: (dockerfile: string) => FromLine[] | Promise<FromLine[]>;
  /** Resolves each import's upstream tag (and its published copy) to a digest; needed when the catalog imports. */
  reader?: PlanRegistry;
  /** Read upstream registries through these pull-through mirrors. */
  upstreamMirrors?: UpstreamMirrors;
}

interface Draft {
  entry: PlanEntry;
  image: CatalogImage;
  location: SourceLocation;
  parentKeys: string[];
  /** Every catalog parent of the entry, whether or not the plan ends up building it. */
  links: Array<{ reference: string; entry: string; published: string }>;
  /** An import whose upstream could not be read this run: not planned. */
  unavailable?: Omit<UnavailableImport, 'id'>;
  /** An import's upstream tag, `docker.io/library/redis:7.2.4`. */
  upstream?: string;
  /** FROM references outside the catalog (base images), as the Dockerfile writes them. */
  baseRefs: string[];
}

/**
 * The build plan of a catalog: one entry per image x version x variant (x
 * platform), parents before children, split into shards a matrix can hold.
 * Same catalog, same files, same commit: the same plan, byte for byte.
 */
export async function expandPlan(catalog: Catalog, context: PlanContext): Promise<Plan> {
  const { scheme, violations } = plannedTags(catalog, optionalTagOptions(context));
  if (violations.length > 0) {
    throw new UserError(
      violations.map((v) => ({ message: `[${v.rule}] ${v.message}`, hint: v.hint, ...(v.location ? { location: v.location } : {}) })),
    );
  }
  checkApplications(catalog, context.applications);
  const retired = catalog.images.filter((image) => isRetired(image, context.today));
  const drafts = draftEntries({ ...catalog, images: catalog.images.filter((image) => !retired.includes(image)) }, context, scheme);
  await linkParents(catalog, context, drafts, scheme);
  const byId = new Map(drafts.map((d) => [d.entry.id, d]));
  const wanted = wantedWithParents(drafts, byId, context);
  await resolveImports(catalog, context, drafts, wanted);
  await resolveBases(context, drafts, wanted);
  assignBuildIds(catalog, drafts, byId);

  let selected = new Set(drafts.filter((d) => matchesFilters(d.entry, context) && d.unavailable === undefined).map((d) => d.entry.id));
  if (context.changes) {
    const affected = affectedIds(catalog, drafts, context.changes, relativePath(context.workspace, catalog.file));
    selected = new Set([...selected].filter((id) => affected.has(id)));
  }
  const entries = assignStages(drafts.filter((d) => selected.has(d.entry.id)));
  const batch = context.batch ?? 1;
  const limits = { maxJobs: context.maxJobs ?? MAX_MATRIX_JOBS, maxBytes: context.maxBytes ?? MAX_MATRIX_BYTES, batch };
  return {
    schema: 1,
    catalog: relativePath(context.workspace, catalog.file),
    commit: context.commit.sha,
    tagTemplate: scheme.template.text,
    batch,
    entries,
    stages: planStages(entries, limits),
    unchanged: [],
    skipped: drafts.filter((d) => !selected.has(d.entry.id) && d.unavailable === undefined).map((d) => d.entry.id),
    unavailable: drafts.flatMap((d) => (d.unavailable && matchesFilters(d.entry, context) ? [{ id: d.entry.id, ...d.unavailable }] : [])),
    retired: retired.flatMap((image) =>
      image.deprecated ? [{ application: image.name, reason: image.deprecated.reason, removeAfter: image.deprecated.removeAfter }] : [],
    ),
  };
}

/** Past its remove-after day (which is still kept): no longer built, and retention removes it. */
export function isRetired(image: Pick<CatalogImage, 'deprecated'>, today: string): boolean {
  return image.deprecated !== undefined && today > image.deprecated.removeAfter;
}

/** One warning per deprecated image still built, and per retired one no longer built: every summary says them. */
export function deprecationLines(plan: Pick<Plan, 'entries' | 'retired'>): string[] {
  const lines = new Map<string, string>();
  for (const entry of plan.entries) {
    if (entry.deprecated && !lines.has(entry.application)) {
      lines.set(
        entry.application,
        `${entry.application} is deprecated (${entry.deprecated.reason}); it is built until ${entry.deprecated.removeAfter}, then removed.`,
      );
    }
  }
  for (const retired of plan.retired) {
    lines.set(
      retired.application,
      `${retired.application} is deprecated (${retired.reason}) and past its remove-after date ${retired.removeAfter}: it is no longer built, and retention removes its versions.`,
    );
  }
  return [...lines.values()];
}

/** The label (and annotation) a deprecated image carries, saying why and until when. */
export const DEPRECATED_LABEL = 'dev.image-actions.deprecated';
export const REMOVE_AFTER_LABEL = 'dev.image-actions.remove-after';

function optionalTagOptions(context: PlanContext): { registry?: string; tagTemplate?: string } {
  return {
    ...(context.registry !== undefined ? { registry: context.registry } : {}),
    ...(context.tagTemplate !== undefined ? { tagTemplate: context.tagTemplate } : {}),
  };
}

function checkApplications(catalog: Catalog, applications: readonly string[] | undefined): void {
  const known = new Set(catalog.images.map((i) => i.name));
  const unknown = (applications ?? []).filter((a) => !known.has(a));
  if (unknown.length > 0) {
    throw new UserError({
      message: `input 'images' names ${unknown.map((a) => `'${a}'`).join(', ')}, not in ${catalog.file}.`,
      hint: `Use the catalog's application names: ${[...known].join(', ')}.`,
    });
  }
}

function matchesFilters(entry: PlanEntry, context: PlanContext): boolean {
  if (context.applications && context.applications.length > 0 && !context.applications.includes(entry.application)) return false;
  return context.glob === undefined || globToRegExp(context.glob).test(entry.id);
}

export function relativePath(workspace: string, path: string): string {
  const absolute = isAbsolute(path) ? path : resolve(path);
  const rel = relative(workspace, absolute);
  return (rel === '' ? '.' : rel).split(sep).join('/');
}

function draftEntries(catalog: Catalog, context: PlanContext, scheme: TagScheme): Draft[] {
  const { base } = catalogBase(catalog, optionalTagOptions(context));
  const vendor = catalog.repository.split('/')[0] ?? catalog.repository;
  const drafts: Draft[] = [];
  const problems: Problem[] = [];
  for (const image of catalog.images) {
    const contextDir = relativePath(context.workspace, resolve(catalog.dir, image.context));
    const dockerfile = relativePath(context.workspace, resolve(catalog.dir, image.context, image.dockerfile));
    for (const listed of listedBuilds(image)) {
      const { version, variant, location } = listed;
      const fields = tagFields(image, version, variant);
      const tagPart = scheme.formatTag(fields);
      const imported = image.import !== undefined;
      const buildArgs = imported ? {} : resolveBuildArgs(image, listed, problems);
      const entry: PlanEntry = {
        id: `${image.name}-${tagPart}`,
        application: image.name,
        version: version.version,
        mode: image.mode,
        owner: image.owner,
        context: imported ? '' : contextDir,
        dockerfile: imported ? '' : dockerfile,
        buildArgs,
        platforms: [...image.platforms],
        repository: `${base}/${image.name}`,
        tags: [scheme.formatReference(base, fields)],
        // An import's labels are upstream's: copied by digest, nothing of the image is changed.
        labels: imported
          ? {}
          : {
              ...image.labels,
              ...(context.source !== undefined ? { 'org.opencontainers.image.source': context.source } : {}),
              'org.opencontainers.image.revision': context.commit.sha,
              'org.opencontainers.image.version': tagPart,
              'org.opencontainers.image.created': context.commit.time,
              'org.opencontainers.image.title': image.name,
              'org.opencontainers.image.vendor': vendor,
              'org.opencontainers.image.authors': image.owner,
              ...(image.deprecated
                ? { [DEPRECATED_LABEL]: image.deprecated.reason, [REMOVE_AFTER_LABEL]: image.deprecated.removeAfter }
                : {}),
            },
        requires: image.requires,
        buildId: '',
        sourceId: '',
        bases: [],
        maxAge: image.maxAge,
        stage: 0,
        parents: [],
        publishedParents: [],
      };
      if (variant) entry.variant = { id: variant.id, version: variant.version };
      if (image.target !== undefined) entry.target = image.target;
      const mirrors = context.mirrors ?? image.mirrors ?? [];
      if (mirrors.length > 0) entry.mirrors = plannedMirrors(mirrors, image.name);
      if (image.deprecated) entry.deprecated = { reason: image.deprecated.reason, removeAfter: image.deprecated.removeAfter };
      const tests = entryTests(image, version, variant);
      if (tests.length > 0) entry.tests = tests;
      if (image.debug) {
        const debugFields = { ...fields, application: debugApplication(image.name) };
        const twinTests = debugTests(image, version, variant);
        entry.debug = {
          target: image.debug.target,
          repository: `${base}/${image.name}-debug`,
          tags: [scheme.formatReference(base, debugFields)],
          ...(twinTests.length > 0 ? { tests: twinTests } : {}),
          ...(mirrors.length > 0 ? { mirrors: plannedMirrors(mirrors, debugApplication(image.name)) } : {}),
        };
      }
      const platforms = context.perPlatform ? image.platforms : [undefined];
      for (const platform of platforms) {
        const copy: PlanEntry =
          platform === undefined ? entry : { ...entry, id: `${entry.id}-${platform.replace(/\//g, '-')}`, platform, parents: [] };
        drafts.push({
          entry: copy,
          image,
          location,
          parentKeys: [],
          links: [],
          baseRefs: [],
          ...(imported ? { upstream: upstreamTag(image, listed, tagPart) } : {}),
        });
      }
    }
  }
  if (problems.length > 0) throw new UserError(problems);
  return drafts;
}

/** Each mirror's repository for one application: `<mirror>/<application>`, as at the source. */
function plannedMirrors(mirrors: PlanContext['mirrors'] & object, application: string): PlannedMirror[] {
  return mirrors.map((m) => ({ repository: `${mirrorTarget(m)}/${application}`, overwrite: m.overwrite }));
}

const PLACEHOLDER = /\{\{\s*([a-z.]+)\s*\}\}/g;

/** Merges image < version < variant build args and fills in {{version}}, {{variant.id}}, {{variant.version}}. */
function resolveBuildArgs(image: CatalogImage, { version, variant, location }: ListedBuild, problems: Problem[]): Record<string, string> {
  const values: Record<string, string | undefined> = {
    version: version.version,
    'variant.id': variant?.id,
    'variant.version': variant?.version,
  };
  const merged = { ...image.buildArgs, ...version.buildArgs, ...variant?.buildArgs };
  const resolved: Record<string, string> = {};
  for (const [name, raw] of Object.entries(merged)) {
    resolved[name] = raw.replace(PLACEHOLDER, (whole, key: string) => {
      const value = values[key];
      if (value !== undefined) return value;
      problems.push({
        message: `build arg ${name} of ${image.name} ${version.version} uses ${whole}, ${key in values ? 'but this version has no variants' : 'which is not a placeholder'}.`,
        hint: 'Use {{version}}, or {{variant.id}} and {{variant.version}} in images with variants.',
        location,
      });
      return whole;
    });
  }
  return resolved;
}

/** Points each entry at the catalog entries its Dockerfile builds FROM. */
async function linkParents(catalog: Catalog, context: PlanContext, drafts: Draft[], scheme: TagScheme): Promise<void> {
  const base = catalogBase(catalog, optionalTagOptions(context)).base;
  const prefixes = [...new Set([`${catalog.registry}/${catalog.repository}/`, `${base}/`])];
  const byKey = new Map<string, Draft>();
  for (const d of drafts) byKey.set(entryKey(d.entry.application, d.entry.version, d.entry.variant, d.entry.platform), d);
  const byImage = new Map<CatalogImage, Draft[]>();
  for (const d of drafts) {
    const list = byImage.get(d.image);
    if (list) list.push(d);
    else byImage.set(d.image, [d]);
  }
  // Imports by upstream tag: a FROM the upstream is built on the curated copy instead.
  const byUpstream = new Map<string, Draft>();
  for (const d of drafts) if (d.upstream !== undefined) byUpstream.set(`${d.upstream}\0${d.entry.platform ?? ''}`, d);
  const problems: Problem[] = [];
  for (const image of catalog.images) {
    if (image.import !== undefined) continue;
    const dockerfile = resolve(catalog.dir, image.context, image.dockerfile);
    const froms = await context.readFroms(dockerfile);
    const mine = byImage.get(image) ?? [];
    for (const from of froms) {
      const prefix = prefixes.find((p) => from.reference.startsWith(p));
      if (prefix === undefined) {
        const upstream = byUpstream.size > 0 ? canonicalTagReference(from.reference) : undefined;
        for (const child of mine) {
          const imported = upstream === undefined ? undefined : byUpstream.get(`${upstream}\0${child.entry.platform ?? ''}`);
          if (imported !== undefined) linkImport(child, from.reference, imported);
          else if (!child.baseRefs.includes(from.reference)) child.baseRefs.push(from.reference);
        }
        continue;
      }
      const rest = from.reference.slice(prefix.length).split('@')[0] ?? '';
      const colon = rest.indexOf(':');
      const application = colon === -1 ? rest : rest.slice(0, colon);
      const fields = colon === -1 ? undefined : scheme.parseTagPart(rest.slice(colon + 1));
      const where: SourceLocation = { file: relativePath(context.workspace, dockerfile), line: from.line };
      for (const child of mine) {
        const parent = fields && byKey.get(entryKey(application, fields.version, fields.variant, child.entry.platform));
        if (parent === undefined) {
          problems.push({
            message: `FROM ${from.reference} names a catalog image that the catalog does not plan${child.entry.platform ? ` for ${child.entry.platform}` : ''}.`,
            hint: `Build FROM a tag the catalog plans for '${application}' (for example ${scheme.formatReference(prefix.slice(0, -1), { application, version: '1.0.0' })}), or add that version to the catalog.`,
            location: where,
          });
          break;
        }
        if (!child.parentKeys.includes(parent.entry.id)) {
          child.parentKeys.push(parent.entry.id);
          // Published where this plan publishes, whichever of the two prefixes the Dockerfile wrote.
          child.links.push({
            reference: from.reference,
            entry: parent.entry.id,
            published: `${base}/${from.reference.slice(prefix.length)}`,
          });
        }
      }
    }
  }
  if (problems.length > 0) throw new UserError(problems);
}

/** A FROM the upstream of an import: the child is built on the curated copy, after it. */
function linkImport(child: Draft, reference: string, parent: Draft | undefined): void {
  if (parent === undefined || child.parentKeys.includes(parent.entry.id)) return;
  child.parentKeys.push(parent.entry.id);
  child.links.push({ reference, entry: parent.entry.id, published: parent.entry.tags[0] ?? '' });
}

/** The entries the filters select, and every parent they build on: what the plan must know the digests of. */
function wantedWithParents(drafts: readonly Draft[], byId: ReadonlyMap<string, Draft>, context: PlanContext): Set<string> {
  const wanted = new Set<string>();
  const add = (draft: Draft) => {
    if (wanted.has(draft.entry.id)) return;
    wanted.add(draft.entry.id);
    for (const key of draft.parentKeys) {
      const parent = byId.get(key);
      if (parent) add(parent);
    }
  };
  for (const draft of drafts) if (matchesFilters(draft.entry, context)) add(draft);
  return wanted;
}

/**
 * Each import's upstream tag resolved to the digest it names now (once per
 * tag, however many platform jobs share it). One that cannot be read is
 * left out of the plan, saying why.
 */
async function resolveImports(catalog: Catalog, context: PlanContext, drafts: Draft[], wanted: ReadonlySet<string>): Promise<void> {
  const imports = drafts.filter((d) => d.upstream !== undefined && wanted.has(d.entry.id));
  if (imports.length === 0) return;
  const registry = context.reader;
  if (registry === undefined) throw new Error(`${catalog.file} imports images, and the plan was given no registry to resolve them with`);
  const resolved = new Map<string, Awaited<ReturnType<typeof resolveImport>>>();
  for (const draft of imports) {
    const upstream = draft.upstream ?? '';
    const tag = draft.entry.tags[0] ?? '';
    let found = resolved.get(`${upstream}\0${tag}`);
    if (found === undefined) {
      found = await resolveImport(catalog, draft.image, upstream, tag, registry, context.upstreamMirrors);
      resolved.set(`${upstream}\0${tag}`, found);
    }
    if ('planned' in found) draft.entry.import = found.planned;
    else draft.unavailable = found.unavailable;
  }
}

/**
 * Each base image (a FROM outside the catalog) resolved to the digest its
 * tag names now, once per reference, through the upstream mirrors: the build
 * is pinned to it and the build id covers it, so a moved base is a new
 * build. One that cannot be resolved is left unpinned and said why; such an
 * entry is never taken for unchanged.
 */
async function resolveBases(context: PlanContext, drafts: Draft[], wanted: ReadonlySet<string>): Promise<void> {
  const resolved = new Map<string, Promise<PlannedBase>>();
  const resolve = (reference: string): Promise<PlannedBase> => {
    let found = resolved.get(reference);
    if (found === undefined) {
      found = resolveBase(reference, context.reader, context.upstreamMirrors);
      resolved.set(reference, found);
    }
    return found;
  };
  for (const draft of drafts) {
    if (!wanted.has(draft.entry.id)) continue;
    draft.entry.bases = await Promise.all(draft.baseRefs.map(resolve));
  }
}

async function resolveBase(
  reference: string,
  reader: PlanRegistry | undefined,
  mirrors: UpstreamMirrors | undefined,
): Promise<PlannedBase> {
  if (reference.includes('$')) return { reference, unresolved: 'it names a build argument without a default' };
  let parsed: ImageReference;
  try {
    parsed = parseReference(reference, 'FROM');
  } catch (error: unknown) {
    return { reference, unresolved: error instanceof Error ? error.message : String(error) };
  }
  const repository = repositoryOf(parsed);
  if (parsed.digest !== undefined) return { reference, image: `${repository}@${parsed.digest}` };
  if (reader === undefined) return { reference, unresolved: 'the plan was given no registry to read it from' };
  const source = throughMirror(`${repository}:${parsed.tag ?? 'latest'}`, mirrors);
  try {
    const digest = await reader.digestOf(source);
    if (digest === undefined) return { reference, unresolved: `${source} does not exist` };
    return { reference, image: `${repository}@${digest}` };
  } catch (error: unknown) {
    return { reference, unresolved: `${source} could not be read: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function entryKey(
  application: string,
  version: string,
  variant: { id: string; version: string } | undefined,
  platform: string | undefined,
): string {
  return [application, version, variant?.id ?? '', variant?.version ?? '', platform ?? ''].join('\0');
}

/** Build ids, parents first; a FROM cycle is the user's mistake. */
function assignBuildIds(catalog: Catalog, drafts: Draft[], byId: Map<string, Draft>): void {
  const hasher = new ContextHasher();
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (draft: Draft, path: string[]): string => {
    const id = draft.entry.id;
    if (state.get(id) === 'done') return draft.entry.buildId;
    if (state.get(id) === 'visiting') {
      throw new UserError({
        message: `the images build FROM each other in a cycle: ${[...path, id].join(' -> ')}.`,
        hint: 'Break the cycle: an image cannot be its own ancestor.',
        location: draft.image.location,
      });
    }
    state.set(id, 'visiting');
    const parentDrafts = draft.parentKeys.map((key) => {
      const parent = byId.get(key);
      if (parent !== undefined) visit(parent, [...path, id]);
      return { key, parent };
    });
    const parents = parentDrafts.map(({ key, parent }) => parent?.entry.sourceId ?? key);
    const { entry } = draft;
    if (draft.upstream !== undefined) {
      entry.sourceId = importBuildId(draft, 'source');
      entry.buildId = importBuildId(draft, 'digest');
      state.set(id, 'done');
      return entry.buildId;
    }
    const contextDir = resolve(catalog.dir, draft.image.context);
    const dockerfile = join(contextDir, draft.image.dockerfile);
    const labels = { ...entry.labels };
    for (const name of COMMIT_LABELS) delete labels[name];
    entry.sourceId = buildId({
      context: hasher.context(contextDir, dockerfile),
      dockerfile: hasher.file(dockerfile),
      ...(entry.target !== undefined ? { target: entry.target } : {}),
      buildArgs: entry.buildArgs,
      // The platforms of the published image, also in per-platform jobs: the tag's build id is the image's, not a job's.
      platforms: entry.platforms,
      labels,
      mode: entry.mode,
      requires: entry.requires,
      // What the digest must pass before it is published: new tests make an unchanged image a new build to test.
      ...(entry.tests ? { tests: entry.tests } : {}),
      ...(entry.debug ? { debugTarget: entry.debug.target } : {}),
      ...(entry.debug?.tests ? { debugTests: entry.debug.tests } : {}),
      parents,
    });
    entry.buildId = fullBuildId(
      entry,
      parentDrafts.map(({ key, parent }) => parent?.entry.buildId ?? key),
    );
    state.set(id, 'done');
    return entry.buildId;
  };
  for (const draft of drafts) visit(draft, []);
}

/** The build id: the source id, each base image's digest (or that it was not resolved), and the parents' build ids. */
function fullBuildId(entry: PlanEntry, parents: string[]): string {
  return contentId({
    source: entry.sourceId,
    bases: entry.bases.map((b) => [b.reference, b.image ?? 'unresolved']),
    parents,
  });
}

/**
 * An import's ids: the source id covers the upstream tag and what it must
 * pass; the build id also the upstream digest, so a moved upstream is a new build.
 */
function importBuildId(draft: Draft, kind: 'source' | 'digest'): string {
  const { entry } = draft;
  const digest = kind === 'source' ? 'tag' : (entry.import?.digest ?? draft.unavailable?.published ?? 'unresolved');
  return buildId({
    context: `import:${draft.upstream ?? ''}@${digest}`,
    dockerfile: '',
    buildArgs: {},
    platforms: entry.platforms,
    labels: {},
    mode: entry.mode,
    requires: entry.requires,
    ...(entry.tests ? { tests: entry.tests } : {}),
    parents: [],
  });
}

/**
 * Stage 0 for entries with no parent in the plan; otherwise one more than the
 * highest parent. A parent left out of the plan (filtered, or not affected by
 * a pull request) is already published: the child builds FROM its published
 * image, read from where the plan publishes.
 */
function assignStages(drafts: Draft[]): PlanEntry[] {
  const ids = new Set(drafts.map((d) => d.entry.id));
  return orderByStage(
    drafts.map(
      (draft): PlanEntry => ({
        ...draft.entry,
        parents: draft.links.filter((l) => ids.has(l.entry)).map((l) => ({ reference: l.reference, entry: l.entry })),
        publishedParents: draft.links.filter((l) => !ids.has(l.entry)).map((l) => ({ reference: l.reference, image: l.published })),
      }),
    ),
  );
}

/**
 * Entries with their stage set from the parents the plan builds (0 without
 * any), ordered by stage; within a stage the order given (catalog order).
 */
export function orderByStage(entries: readonly PlanEntry[]): PlanEntry[] {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const stage = new Map<string, number>();
  const visit = (entry: PlanEntry): number => {
    const known = stage.get(entry.id);
    if (known !== undefined) return known;
    const value = entry.parents.reduce((max, link) => {
      const parent = byId.get(link.entry);
      return parent === undefined ? max : Math.max(max, visit(parent) + 1);
    }, 0);
    stage.set(entry.id, value);
    return value;
  };
  return entries
    .map((entry, index) => ({ entry: { ...entry, stage: visit(entry) }, index }))
    .sort((a, b) => a.entry.stage - b.entry.stage || a.index - b.index)
    .map((x) => x.entry);
}

/** The stages of staged entries, each split into shards a matrix can hold. */
export function planStages(entries: readonly PlanEntry[], limits: ShardLimits): Plan['stages'] {
  const stageNumbers = [...new Set(entries.map((e) => e.stage))].sort((a, b) => a - b);
  return stageNumbers.map((stage) => ({
    stage,
    shards: splitStage(
      stage,
      entries.filter((e) => e.stage === stage),
      limits,
    ),
  }));
}
