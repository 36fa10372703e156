import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UserError } from '../errors/index.js';
import {
  type Capability,
  type Catalog,
  type CatalogImage,
  type CatalogImport,
  type CatalogTest,
  type CatalogVariant,
  type CatalogVersion,
  DEFAULT_MAX_AGE_DAYS,
  type ImageMode,
  type Mirror,
} from './model.js';
import { catalogSchemaProblems } from './schema.js';
import { type SemanticOptions, semanticProblems } from './semantics.js';
import { SourceMap } from './source-map.js';

export type LoadOptions = SemanticOptions;

/** Reads, validates and normalises a catalog file; every problem found is thrown at once. */
export async function loadCatalog(file: string, options: LoadOptions = {}): Promise<Catalog> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error: unknown) {
    throw new UserError({
      message: `cannot read the catalog ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`,
      hint: "Check the 'catalog' path; it is relative to the repository root.",
    });
  }
  return parseCatalog(text, file, options);
}

/** Parses catalog text; `file` names it in messages and anchors relative contexts. */
export async function parseCatalog(text: string, file: string, options: LoadOptions = {}): Promise<Catalog> {
  const source = new SourceMap(file, text);
  const syntax = source.syntaxProblems();
  if (syntax.length > 0) throw new UserError(syntax);

  const data: unknown = source.doc.toJS();
  const structural = catalogSchemaProblems(data, source);
  if (structural.length > 0) throw new UserError(structural);

  const catalog = normalise(data as RawCatalog, source, file);
  const semantic = await semanticProblems(catalog, source, options);
  if (semantic.length > 0) throw new UserError(semantic);
  return catalog;
}

interface RawCatalog {
  registry: string;
  repository: string;
  'tag-template'?: string;
  keep?: number;
  'keep-superseded'?: number;
  'max-age'?: number;
  defaults?: {
    platforms?: string[];
    keep?: number;
    'keep-superseded'?: number;
    'max-age'?: number;
    mode?: ImageMode;
    'build-args'?: Record<string, string>;
    labels?: Record<string, string>;
  };
  images: Record<string, RawImage>;
  mirrors?: RawMirror[];
}

type RawMirror = string | { target: string; overwrite?: boolean };

interface RawImage {
  owner: string | string[];
  import?: string;
  'upstream-signature'?: { key?: string; 'transparency-log'?: boolean; identity?: string; issuer?: string };
  context?: string;
  dockerfile?: string;
  target?: string;
  mode?: ImageMode;
  platforms?: string[];
  'build-args'?: Record<string, string>;
  labels?: Record<string, string>;
  requires?: Array<{ binary?: string; file?: string; package?: string; version?: string }>;
  keep?: number;
  'keep-superseded'?: number;
  'max-age'?: number;
  deprecated?: { reason: string; 'remove-after': string };
  mirrors?: RawMirror[];
  debug?: { target: string; tests?: RawTest[] };
  tests?: RawTest[];
  versions: string[] | Record<string, RawVersion | null>;
}

interface RawVersion {
  'upstream-tag'?: string;
  'build-args'?: Record<string, string>;
  tests?: RawTest[];
  variants?: Record<
    string,
    string | { version: string; 'upstream-tag'?: string; 'build-args'?: Record<string, string>; tests?: RawTest[] }
  >;
}

interface RawTest {
  name: string;
  args?: string[];
  entrypoint?: string[];
  env?: Record<string, string>;
  tmpfs?: string[];
  expect?: { exit?: number; stdout?: string; stderr?: string };
  port?: number;
  http?: { path?: string; status?: number; body?: string };
  timeout?: string;
  memory?: string;
  skip?: string;
}

const DEFAULT_PLATFORMS = ['linux/amd64'];
const DEFAULT_KEEP = 3;
const DEFAULT_KEEP_SUPERSEDED_DAYS = 30;

function normalise(raw: RawCatalog, source: SourceMap, file: string): Catalog {
  const defaults = raw.defaults ?? {};
  const mirrors = raw.mirrors && normaliseMirrors(raw.mirrors, ['mirrors'], source);
  const catalog: Catalog = {
    file,
    dir: dirname(resolve(file)),
    registry: raw.registry,
    repository: raw.repository,
    images: Object.entries(raw.images).map(([name, image]) =>
      normaliseImage(name, image, { ...topLevel(raw), ...defaults }, mirrors, source),
    ),
  };
  if (raw['tag-template'] !== undefined) catalog.tagTemplate = raw['tag-template'];
  if (mirrors !== undefined) catalog.mirrors = mirrors;
  return catalog;
}

/** Each mirror with its place; the string form is a target that refuses to overwrite. */
function normaliseMirrors(raw: readonly RawMirror[], path: (string | number)[], source: SourceMap): Mirror[] {
  return raw.map((item, i) => {
    const target = typeof item === 'string' ? item : item.target;
    const slash = target.indexOf('/');
    return {
      registry: target.slice(0, slash),
      repository: target.slice(slash + 1),
      overwrite: typeof item === 'string' ? false : item.overwrite === true,
      location: source.at([...path, i]),
    };
  });
}

/** What the top level sets for every image; `defaults` overrides it, and an image overrides both. */
function topLevel(raw: RawCatalog): NonNullable<RawCatalog['defaults']> {
  return {
    ...(raw.keep !== undefined ? { keep: raw.keep } : {}),
    ...(raw['keep-superseded'] !== undefined ? { 'keep-superseded': raw['keep-superseded'] } : {}),
    ...(raw['max-age'] !== undefined ? { 'max-age': raw['max-age'] } : {}),
  };
}

function normaliseImage(
  name: string,
  raw: RawImage,
  defaults: NonNullable<RawCatalog['defaults']>,
  catalogMirrors: Mirror[] | undefined,
  source: SourceMap,
): CatalogImage {
  const path = ['images', name];
  const image: CatalogImage = {
    name,
    owner: owners(raw.owner).join(', '),
    owners: owners(raw.owner),
    context: raw.context ?? `images/${name}`,
    dockerfile: raw.dockerfile ?? 'Dockerfile',
    mode: raw.mode ?? defaults.mode ?? 'layered',
    platforms: [...(raw.platforms ?? defaults.platforms ?? DEFAULT_PLATFORMS)],
    buildArgs: { ...defaults['build-args'], ...raw['build-args'] },
    labels: { ...defaults.labels, ...raw.labels },
    requires: (raw.requires ?? []).map(capability),
    keep: raw.keep ?? defaults.keep ?? DEFAULT_KEEP,
    keepSuperseded: raw['keep-superseded'] ?? defaults['keep-superseded'] ?? DEFAULT_KEEP_SUPERSEDED_DAYS,
    maxAge: raw['max-age'] ?? defaults['max-age'] ?? DEFAULT_MAX_AGE_DAYS,
    tests: normaliseTests(raw.tests, [...path, 'tests'], source),
    versions: [],
    location: source.span(path),
  };
  if (raw.target !== undefined) image.target = raw.target;
  if (raw.import !== undefined) image.import = importOf(raw, path, source);
  // An image's own list replaces the catalog's, as its other settings replace the defaults.
  const mirrors = raw.mirrors !== undefined ? normaliseMirrors(raw.mirrors, [...path, 'mirrors'], source) : catalogMirrors;
  if (mirrors !== undefined) image.mirrors = mirrors;
  if (raw.debug !== undefined)
    image.debug = { target: raw.debug.target, tests: normaliseTests(raw.debug.tests, [...path, 'debug', 'tests'], source) };
  if (raw.deprecated !== undefined) {
    image.deprecated = {
      reason: raw.deprecated.reason,
      removeAfter: raw.deprecated['remove-after'],
      location: source.at([...path, 'deprecated', 'remove-after']),
    };
  }
  image.versions = Array.isArray(raw.versions)
    ? raw.versions.map((version, i) => ({
        version: String(version),
        buildArgs: {},
        tests: [],
        variants: [],
        location: source.span([...path, 'versions', i]),
      }))
    : Object.entries(raw.versions).map(([version, spec]) => normaliseVersion(version, spec ?? {}, [...path, 'versions'], source));
  return image;
}

function normaliseVersion(version: string, raw: RawVersion, path: string[], source: SourceMap): CatalogVersion {
  const variants: CatalogVariant[] = Object.entries(raw.variants ?? {}).map(([id, spec]) => {
    const where = source.span([...path, version, 'variants', id]);
    return typeof spec === 'string'
      ? { id, version: spec, buildArgs: {}, tests: [], location: where }
      : {
          id,
          version: spec.version,
          ...(spec['upstream-tag'] !== undefined ? { upstreamTag: spec['upstream-tag'] } : {}),
          buildArgs: { ...spec['build-args'] },
          tests: normaliseTests(spec.tests, [...path, version, 'variants', id, 'tests'], source),
          location: where,
        };
  });
  return {
    version,
    ...(raw['upstream-tag'] !== undefined ? { upstreamTag: raw['upstream-tag'] } : {}),
    buildArgs: { ...raw['build-args'] },
    tests: normaliseTests(raw.tests, [...path, version, 'tests'], source),
    variants,
    location: source.span([...path, version]),
  };
}

function importOf(raw: RawImage, path: string[], source: SourceMap): CatalogImport {
  const found: CatalogImport = { repository: raw.import ?? '', location: source.at([...path, 'import']) };
  const signature = raw['upstream-signature'];
  if (signature?.key !== undefined) {
    found.signature = { kind: 'key', file: signature.key, transparencyLog: signature['transparency-log'] !== false };
  } else if (signature?.identity !== undefined) {
    found.signature = { kind: 'keyless', identity: signature.identity, issuer: signature.issuer ?? '' };
  }
  return found;
}

const DEFAULT_TEST_TIMEOUT = 60;
const DEFAULT_TEST_MEMORY = '512m';

function normaliseTests(raw: RawTest[] | undefined, path: (string | number)[], source: SourceMap): CatalogTest[] {
  return (raw ?? []).map((test, i) => {
    const location = source.at([...path, i]);
    if (test.skip !== undefined) return { name: test.name, skip: test.skip, location };
    const normal: CatalogTest = {
      name: test.name,
      env: { ...test.env },
      tmpfs: [...(test.tmpfs ?? [])],
      expect: {
        ...(test.expect?.exit !== undefined ? { exit: test.expect.exit } : test.port === undefined ? { exit: 0 } : {}),
        ...(test.expect?.stdout !== undefined ? { stdout: test.expect.stdout } : {}),
        ...(test.expect?.stderr !== undefined ? { stderr: test.expect.stderr } : {}),
      },
      timeout: test.timeout !== undefined ? durationSeconds(test.timeout) : DEFAULT_TEST_TIMEOUT,
      memory: test.memory ?? DEFAULT_TEST_MEMORY,
      location,
    };
    if (test.args !== undefined) normal.args = [...test.args];
    if (test.entrypoint !== undefined) normal.entrypoint = [...test.entrypoint];
    if (test.port !== undefined) normal.port = test.port;
    // A port is probed over HTTP: GET / answering 200 unless the test says otherwise.
    if (test.port !== undefined) {
      normal.http = {
        path: test.http?.path ?? '/',
        status: test.http?.status ?? 200,
        ...(test.http?.body !== undefined ? { body: test.http.body } : {}),
      };
    }
    return normal;
  });
}

/** `500ms`, `30s`, `2m` (the schema's pattern) in seconds. */
export function durationSeconds(text: string): number {
  const [, amount, unit] = /^(\d+)(ms|s|m)$/.exec(text) ?? [];
  const value = Number(amount);
  return unit === 'ms' ? value / 1000 : unit === 'm' ? value * 60 : value;
}

function owners(raw: string | string[]): string[] {
  return Array.isArray(raw) ? [...raw] : [raw];
}

function capability(raw: { binary?: string; file?: string; package?: string; version?: string }): Capability {
  if (raw.binary !== undefined) return { kind: 'binary', path: raw.binary };
  if (raw.file !== undefined) return { kind: 'file', path: raw.file };
  const pkg: Capability = { kind: 'package', name: raw.package ?? '' };
  if (raw.version !== undefined) pkg.range = raw.version;
  return pkg;
}
