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
  /** The top-level `mirrors`, when the catalog has them. */
  mirrors?: Mirror[];
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
  /**
   * Set when the image is imported from upstream rather than built: no
   * context, Dockerfile, target, build args or debug twin are used then.
   */
  import?: CatalogImport;
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
  /** How many versions to retain in the registry, per variant identifier (a stream). */
  keep: number;
  /** Days a digest a tag no longer names is kept after retention first saw it superseded. */
  keepSuperseded: number;
  /** Days a published image may go unrebuilt before a nightly rebuilds it, unchanged or not (DEFAULT_MAX_AGE_DAYS). */
  maxAge: number;
  /** Set when the image is on its way out: rebuilt until `removeAfter` (inclusive), then removed. */
  deprecated?: { reason: string; removeAfter: string; location: SourceLocation };
  /**
   * Where the published image is copied to (`<mirror>/<name>`): the image's
   * own `mirrors`, else the catalog's; absent when the catalog names none.
   */
  mirrors?: Mirror[];
  /**
   * A debug twin (with a shell) built from another stage of the same
   * Dockerfile; published as the application `<name>-debug` with the same tags.
   */
  debug?: { target: string; tests: CatalogTest[] };
  /** Run on the pushed digest, per platform, before the scan (see packages/image-tests). */
  tests: CatalogTest[];
  versions: CatalogVersion[];
  location: SourceLocation;
}

/** Where an imported image comes from, and what it must carry there. */
export interface CatalogImport {
  /** `docker.io/library/redis`: the upstream repository, no tag. */
  repository: string;
  /** The upstream signature the digest must carry before it is copied; unchecked when absent. */
  signature?: UpstreamSignature;
  location: SourceLocation;
}

/** An upstream signer: a public key file (as written, relative to the catalog), or a keyless identity and its issuer. */
export type UpstreamSignature =
  | { kind: 'key'; file: string; transparencyLog: boolean }
  | { kind: 'keyless'; identity: string; issuer: string };

export interface CatalogVersion {
  /** `1.12.3`: no `v` prefix. */
  version: string;
  /** An import's upstream tag for this version, when the catalog gives one. */
  upstreamTag?: string;
  buildArgs: Record<string, string>;
  /** Replace (same name), add, or skip the image's tests for this version. */
  tests: CatalogTest[];
  /** Empty for an image without variants. */
  variants: CatalogVariant[];
  location: SourceLocation;
}

export interface CatalogVariant {
  /** Lowercase letters only (`aws`), so the tag can be parsed back. */
  id: string;
  version: string;
  /** An import's upstream tag for this variant, when the catalog gives one. */
  upstreamTag?: string;
  buildArgs: Record<string, string>;
  /** Replace (same name), add, or skip the version's tests for this variant. */
  tests: CatalogTest[];
  location: SourceLocation;
}

/**
 * A registry the published images are copied to, signed, with their tags:
 * `<registry>/<repository>`, each image below it as `<repository>/<application>`.
 */
export interface Mirror {
  /** `artifactory.example.com`, `127.0.0.1:5002` */
  registry: string;
  /** `curated`, `platform/images` */
  repository: string;
  /** Move a tag the mirror holds for another digest; refused otherwise. */
  overwrite: boolean;
  location: SourceLocation;
}

/** `<registry>/<repository>` of a mirror, as the catalog writes it. */
export function mirrorTarget(mirror: Pick<Mirror, 'registry' | 'repository'>): string {
  return `${mirror.registry}/${mirror.repository}`;
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

/**
 * One test of the image as it runs: the pushed digest started with docker,
 * never through a shell. Values may hold {{version}}, {{variant.id}} and
 * {{variant.version}} until the plan resolves them.
 */
export interface ImageTest {
  name: string;
  /** Exec form; replaces the image's CMD, keeps its ENTRYPOINT. Absent: the image's own CMD. */
  args?: string[];
  /** Exec form; replaces the ENTRYPOINT and, as docker does, drops the image's CMD. */
  entrypoint?: string[];
  /** Extra environment variables, each passed as one `--env NAME=value` argument. */
  env: Record<string, string>;
  /** Writable in-memory directories on the otherwise read-only filesystem (a pod's emptyDir). */
  tmpfs: string[];
  expect: {
    /** The exit code; 0 unless said otherwise. A port test checks it after the stop only when given. */
    exit?: number;
    /** Regular expressions (JavaScript, multiline: ^ and $ match at line ends) the output must match. */
    stdout?: string;
    stderr?: string;
  };
  /** A container port: the test starts the image, probes the port on loopback, then stops it. */
  port?: number;
  /** With `port` (always set then): an HTTP GET that must answer `status` (and `body`, a regular expression). */
  http?: { path: string; status: number; body?: string };
  /** Seconds before the container is killed and the test fails. */
  timeout: number;
  /** docker's --memory for the container (no swap on top): `512m`. */
  memory: string;
}

/** A version or variant leaving out a test it would inherit, saying why. */
export interface SkippedTest {
  name: string;
  skip: string;
}

export type TestSpec = ImageTest | SkippedTest;

export type CatalogTest = TestSpec & { location: SourceLocation };

export function isSkipped(test: TestSpec): test is SkippedTest {
  return 'skip' in test;
}

/** One build an image lists: a version with no variants, or one variant of a version; `location` is the line that lists it. */
export interface ListedBuild {
  version: CatalogVersion;
  variant?: CatalogVariant;
  location: SourceLocation;
}

/** Every build an image lists, in catalog order. */
export function* listedBuilds(image: CatalogImage): Generator<ListedBuild> {
  for (const version of image.versions) {
    if (version.variants.length === 0) yield { version, location: version.location };
    for (const variant of version.variants) yield { version, variant, location: variant.location };
  }
}

/** A week: a nightly that skips unchanged images still rebuilds each at least weekly. */
export const DEFAULT_MAX_AGE_DAYS = 7;
