import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { type Document, isMap, isNode, isScalar, isSeq, LineCounter, type Node, type Pair, parseDocument, visit, type YAMLMap } from 'yaml';
import { type Problem, type SourceLocation, UserError } from '../errors/index.js';
import type { Capability, Catalog, CatalogImage, CatalogVariant, CatalogVersion, ImageMode } from './model.js';
import { schemaProblems } from './schema.js';
import { semanticProblems } from './semantics.js';

export interface LoadOptions {
  /** Skip the checks that read the file system (contexts, Dockerfiles, FROM lines). */
  skipFileChecks?: boolean;
}

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

/**
 * A parsed YAML document with the means to point at any of its nodes. Map
 * lookups go through a per-map index built on first use, so locating every
 * version of a large catalog stays linear in its size.
 */
export class SourceMap {
  readonly lines = new LineCounter();
  readonly doc: Document.Parsed;
  private readonly index = new WeakMap<YAMLMap, Map<string, Pair>>();

  constructor(
    readonly file: string,
    private readonly text: string,
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lines, uniqueKeys: false, prettyErrors: false });
  }

  /**
   * Keys written twice in one mapping. The yaml package's own check compares
   * each key with every earlier one, which is quadratic in a large catalog;
   * this is one pass with a set per mapping.
   */
  duplicateKeys(): Problem[] {
    const problems: Problem[] = [];
    visit(this.doc, {
      Map: (_, map) => {
        const first = new Map<string, number>();
        for (const pair of map.items) {
          if (!isScalar(pair.key)) continue;
          const name = String(pair.key.value);
          const where = this.location(pair.key.range?.[0] ?? 0);
          const line = first.get(name);
          if (line === undefined) first.set(name, where.line ?? 0);
          else {
            problems.push({
              message: `'${name}' is written twice in the same mapping (first on line ${line}).`,
              hint: 'Each key may appear once: remove or merge the duplicate.',
              location: where,
            });
          }
        }
      },
    });
    return problems;
  }

  /** Location of the node at a path (object keys and array indexes); the nearest existing parent otherwise. */
  at(path: readonly (string | number)[], which: 'key' | 'value' = 'value'): SourceLocation {
    const { node, key } = this.walk(path);
    const target = which === 'key' && key ? key : (node ?? key);
    return this.location(target?.range?.[0] ?? 0);
  }

  /** Like `at`, with `endLine`/`endColumn` where the value at the path ends. */
  span(path: readonly (string | number)[]): SourceLocation {
    const { node, key } = this.walk(path);
    const start = this.location((key ?? node)?.range?.[0] ?? 0);
    const range = node?.range;
    if (!range) return start;
    // range[1] is just past the value, which may include a line break: step back onto its last character.
    let last = range[1] - 1;
    while (last > range[0] && /\s/.test(this.text[last] ?? '')) last--;
    const end = this.lines.linePos(last);
    return { ...start, endLine: end.line, endColumn: end.col };
  }

  location(offset: number): SourceLocation {
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, column: col };
  }

  /** The scalar node at a path, when it is one (to tell `1.10` from `"1.10"`). */
  scalar(path: readonly (string | number)[]): { type?: string; source?: string; value: unknown } | undefined {
    const { node, complete } = this.walk(path);
    return complete && isScalar(node)
      ? { value: node.value, ...(node.type ? { type: node.type } : {}), ...(node.source ? { source: node.source } : {}) }
      : undefined;
  }

  /** Map keys under a path, with their scalar type (numbers in keys lose digits: 1.10 reads as 1.1). */
  keys(path: readonly (string | number)[]): Array<{ key: string; numeric: boolean; location: SourceLocation }> {
    const { node, complete } = this.walk(path);
    if (!complete || !isMap(node)) return [];
    return node.items.map((pair) => {
      const keyNode = pair.key as Node | null;
      const raw = isScalar(keyNode) ? keyNode.value : keyNode;
      return {
        key: String(raw),
        numeric: typeof raw === 'number',
        location: this.location(keyNode?.range?.[0] ?? 0),
      };
    });
  }

  /** Follows a path as far as it exists; `complete` says whether it got to the end. */
  private walk(path: readonly (string | number)[]): { node?: Node; key?: Node; complete: boolean } {
    let node: Node | undefined = this.doc.contents ?? undefined;
    let key: Node | undefined;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = this.pairs(node).get(String(segment));
        if (!pair) return { node, ...(key ? { key } : {}), complete: false };
        key = isNode(pair.key) ? pair.key : undefined;
        node = isNode(pair.value) ? pair.value : undefined;
      } else if (isSeq(node) && typeof segment === 'number') {
        key = undefined;
        const item: unknown = node.items[segment];
        node = isNode(item) ? item : undefined;
      } else return { ...(node ? { node } : {}), ...(key ? { key } : {}), complete: false };
    }
    return { ...(node ? { node } : {}), ...(key ? { key } : {}), complete: true };
  }

  private pairs(map: YAMLMap): Map<string, Pair> {
    let pairs = this.index.get(map);
    if (!pairs) {
      pairs = new Map();
      for (const pair of map.items) {
        const name = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        // The first of duplicate keys wins, as in toJS(); duplicates are reported as syntax errors.
        if (!pairs.has(name)) pairs.set(name, pair);
      }
      this.index.set(map, pairs);
    }
    return pairs;
  }
}

/** Parses catalog text; `file` names it in messages and anchors relative contexts. */
export async function parseCatalog(text: string, file: string, options: LoadOptions = {}): Promise<Catalog> {
  const source = new SourceMap(file, text);
  const syntax: Problem[] = source.doc.errors.map((error) => ({
    message: error.message.split('\n')[0] ?? error.message,
    hint: 'Fix the YAML syntax.',
    location: source.location(error.pos[0]),
  }));
  if (syntax.length === 0) syntax.push(...source.duplicateKeys());
  if (syntax.length > 0) throw new UserError(syntax);

  const data: unknown = source.doc.toJS();
  const structural = schemaProblems(data, source);
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
  defaults?: {
    platforms?: string[];
    keep?: number;
    mode?: ImageMode;
    'build-args'?: Record<string, string>;
    labels?: Record<string, string>;
  };
  images: Record<string, RawImage>;
}

interface RawImage {
  owner: string | string[];
  context?: string;
  dockerfile?: string;
  target?: string;
  mode?: ImageMode;
  platforms?: string[];
  'build-args'?: Record<string, string>;
  labels?: Record<string, string>;
  requires?: Array<{ binary?: string; file?: string; package?: string; version?: string }>;
  keep?: number;
  debug?: { target: string };
  versions: string[] | Record<string, RawVersion | null>;
}

interface RawVersion {
  'build-args'?: Record<string, string>;
  variants?: Record<string, string | { version: string; 'build-args'?: Record<string, string> }>;
}

const DEFAULT_PLATFORMS = ['linux/amd64'];
const DEFAULT_KEEP = 3;

function normalise(raw: RawCatalog, source: SourceMap, file: string): Catalog {
  const defaults = raw.defaults ?? {};
  const catalog: Catalog = {
    file,
    dir: dirname(resolve(file)),
    registry: raw.registry,
    repository: raw.repository,
    images: Object.entries(raw.images).map(([name, image]) => normaliseImage(name, image, defaults, source)),
  };
  if (raw['tag-template'] !== undefined) catalog.tagTemplate = raw['tag-template'];
  return catalog;
}

function normaliseImage(name: string, raw: RawImage, defaults: NonNullable<RawCatalog['defaults']>, source: SourceMap): CatalogImage {
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
    versions: [],
    location: source.span(path),
  };
  if (raw.target !== undefined) image.target = raw.target;
  if (raw.debug !== undefined) image.debug = { target: raw.debug.target };
  image.versions = Array.isArray(raw.versions)
    ? raw.versions.map((version, i) => ({
        version: String(version),
        buildArgs: {},
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
      ? { id, version: spec, buildArgs: {}, location: where }
      : { id, version: spec.version, buildArgs: { ...spec['build-args'] }, location: where };
  });
  return { version, buildArgs: { ...raw['build-args'] }, variants, location: source.span([...path, version]) };
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

export function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

export function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}
