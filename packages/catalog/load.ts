import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
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

/** A parsed YAML document with the means to point at any of its nodes. */
export class SourceMap {
  readonly lines = new LineCounter();
  readonly doc: Document.Parsed;

  constructor(
    readonly file: string,
    text: string,
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lines, uniqueKeys: true, prettyErrors: false });
  }

  /** Location of the node at a path (object keys and array indexes); the nearest existing parent otherwise. */
  at(path: readonly (string | number)[], which: 'key' | 'value' = 'value'): SourceLocation {
    let node: unknown = this.doc.contents;
    let key: unknown;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
        if (!pair) break;
        key = pair.key;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        key = undefined;
        node = node.items[segment];
      } else break;
    }
    const target = which === 'key' && key ? key : (node ?? key);
    return this.location((target as Node | undefined)?.range?.[0] ?? 0);
  }

  location(offset: number): SourceLocation {
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, column: col };
  }

  /** The scalar node at a path, when it is one (to tell `1.10` from `"1.10"`). */
  scalar(path: readonly (string | number)[]): { type?: string; source?: string; value: unknown } | undefined {
    const node = this.doc.getIn(path, true);
    return isScalar(node)
      ? { value: node.value, ...(node.type ? { type: node.type } : {}), ...(node.source ? { source: node.source } : {}) }
      : undefined;
  }

  /** Map keys under a path, with their scalar type (numbers in keys lose digits: 1.10 reads as 1.1). */
  keys(path: readonly (string | number)[]): Array<{ key: string; numeric: boolean; location: SourceLocation }> {
    const node = path.length === 0 ? this.doc.contents : this.doc.getIn(path, true);
    if (!isMap(node)) return [];
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
}

/** Parses catalog text; `file` names it in messages and anchors relative contexts. */
export async function parseCatalog(text: string, file: string, options: LoadOptions = {}): Promise<Catalog> {
  const source = new SourceMap(file, text);
  const syntax: Problem[] = source.doc.errors.map((error) => ({
    message: error.message.split('\n')[0] ?? error.message,
    hint: error.code === 'DUPLICATE_KEY' ? 'Each key may appear once; remove or merge the duplicate.' : 'Fix the YAML syntax.',
    location: source.location(error.pos[0]),
  }));
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
  owner: string;
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
    owner: raw.owner,
    context: raw.context ?? `images/${name}`,
    dockerfile: raw.dockerfile ?? 'Dockerfile',
    mode: raw.mode ?? defaults.mode ?? 'layered',
    platforms: [...(raw.platforms ?? defaults.platforms ?? DEFAULT_PLATFORMS)],
    buildArgs: { ...defaults['build-args'], ...raw['build-args'] },
    labels: { ...defaults.labels, ...raw.labels },
    requires: (raw.requires ?? []).map(capability),
    keep: raw.keep ?? defaults.keep ?? DEFAULT_KEEP,
    versions: [],
    location: source.at(path, 'key'),
  };
  if (raw.target !== undefined) image.target = raw.target;
  if (raw.debug !== undefined) image.debug = { target: raw.debug.target };
  image.versions = Array.isArray(raw.versions)
    ? raw.versions.map((version, i) => ({
        version: String(version),
        buildArgs: {},
        variants: [],
        location: source.at([...path, 'versions', i]),
      }))
    : Object.entries(raw.versions).map(([version, spec]) => normaliseVersion(version, spec ?? {}, [...path, 'versions'], source));
  return image;
}

function normaliseVersion(version: string, raw: RawVersion, path: string[], source: SourceMap): CatalogVersion {
  const variants: CatalogVariant[] = Object.entries(raw.variants ?? {}).map(([id, spec]) => {
    const where = source.at([...path, version, 'variants', id], 'key');
    return typeof spec === 'string'
      ? { id, version: spec, buildArgs: {}, location: where }
      : { id, version: spec.version, buildArgs: { ...spec['build-args'] }, location: where };
  });
  return { version, buildArgs: { ...raw['build-args'] }, variants, location: source.at([...path, version], 'key') };
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
