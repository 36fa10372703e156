import type { SourceLocation } from '../errors/index.js';

/**
 * The catalog after loading and validation: every default applied, every
 * place remembered so later checks (tags, FROM lines) can point back at the
 * line a person wrote.
 */
export interface Catalog {
  /** The catalog file as given (relative to the working directory or absolute). */
  file: string;
  /** Directory of the catalog file: contexts are relative to it. */
  dir: string;
  /** `ghcr.io` */
  registry: string;
  /** `elastisys/compliantkubernetes-apps` */
  repository: string;
  /** Tag template when the organisation configured one; the ADR's scheme otherwise. */
  tagTemplate?: string;
  /** Images in file order. */
  images: CatalogImage[];
}

export type ImageMode = 'layered' | 'prebuilt';

export interface CatalogImage {
  /** The application name: the last path component of the image repository. */
  name: string;
  /** Everyone who answers for the image, joined with `, ` (the OCI authors label). */
  owner: string;
  /** The same, one per entry: e-mail addresses and GitHub handles (`@org/team`). */
  owners: string[];
  /** Build context, relative to the catalog's directory. */
  context: string;
  /** Dockerfile path, relative to the context (default `Dockerfile`). */
  dockerfile: string;
  target?: string;
  mode: ImageMode;
  platforms: string[];
  /** Build arguments as written: values may hold {{version}}, {{variant.id}}, {{variant.version}}. */
  buildArgs: Record<string, string>;
  labels: Record<string, string>;
  /** Capabilities a prebuilt image must carry. */
  requires: Capability[];
  /** How many versions to retain in the registry. */
  keep: number;
  /**
   * A debug twin (with a shell) built from another stage of the same
   * Dockerfile; published as the application `<name>-debug` with the same tags.
   */
  debug?: { target: string };
  versions: CatalogVersion[];
  location: SourceLocation;
}

export interface CatalogVersion {
  /** `1.12.3`: no `v` prefix. */
  version: string;
  buildArgs: Record<string, string>;
  /** Empty for an image without variants. */
  variants: CatalogVariant[];
  location: SourceLocation;
}

export interface CatalogVariant {
  /** Lowercase letters only (`aws`), so the tag can be parsed back. */
  id: string;
  version: string;
  buildArgs: Record<string, string>;
  location: SourceLocation;
}

/** Something a prebuilt image must carry, checked on the built image itself. */
export type Capability =
  | { kind: 'binary'; path: string }
  | { kind: 'file'; path: string }
  | { kind: 'package'; name: string; range?: string };

/** The application a debug twin is published as: `<name>-debug`, with the same tags. */
export function debugApplication(name: string): string {
  return `${name}-debug`;
}
