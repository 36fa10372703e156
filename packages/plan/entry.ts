import type { Capability, ImageMode, TestSpec } from '../catalog/model.js';

/**
 * One job of the build matrix: everything build-prebuilt needs for one
 * image x version x variant (x platform), in plain JSON.
 */
export interface PlanEntry {
  /** Unique, readable key, also the job name: `velero-1.12.3-aws1.8.2`. */
  id: string;
  application: string;
  version: string;
  variant?: { id: string; version: string };
  mode: ImageMode;
  owner: string;
  /** Build context, relative to the repository root; '' for an import. */
  context: string;
  /** Dockerfile, relative to the repository root; '' for an import. */
  dockerfile: string;
  /** Set when the image is imported, not built: the upstream digest the plan resolved, which the chain copies and gates. */
  import?: PlannedImport;
  target?: string;
  /** Build arguments with every {{...}} resolved. */
  buildArgs: Record<string, string>;
  platforms: string[];
  /** Set when the plan has one job per platform. */
  platform?: string;
  /** Where the image is pushed by digest: `ghcr.io/org/apps/velero`. */
  repository: string;
  /** Full references to publish once the digest passed every gate. */
  tags: string[];
  /**
   * Where the published digest is copied to with the same tags (propagate),
   * each `<mirror>/<application>`; absent when the image has no mirrors.
   */
  mirrors?: PlannedMirror[];
  /** OCI labels (org.opencontainers.image.*) plus the catalog's own. */
  labels: Record<string, string>;
  requires: Capability[];
  /**
   * Tests run on the pushed digest, per platform, before the scan: the
   * catalog's image, version and variant tests merged, placeholders filled.
   * Absent when the catalog declares none.
   */
  tests?: TestSpec[];
  /**
   * `sha256:...` over everything that changes the image: the source id, the
   * digest each base image's tag named when the plan was made, and the
   * parents' build ids. Not the commit that ran it. A published digest that
   * carries it (verified) is `unchanged` and not built again.
   */
  buildId: string;
  /**
   * `sha256:...` over what the repository defines: the context, the
   * Dockerfile, the resolved inputs and the parents' source ids. A tag that
   * exists must keep it (verify-tag-scheme's overwrite rule): a moved base
   * image rebuilds the same version, a changed Dockerfile needs a new one.
   */
  sourceId: string;
  /**
   * Every FROM outside the catalog, resolved at plan time: the reference as
   * written, and `registry/repository@sha256:...` it named then (absent when it
   * could not be resolved: then the image is always rebuilt). The build is
   * pinned to exactly that digest.
   */
  bases: PlannedBase[];
  /** Days the published image may go unrebuilt (the catalog's max-age). */
  maxAge: number;
  /** Why the plan builds this entry, when it was asked to skip what is unchanged: one reason per line. */
  rebuild?: string[];
  /** 0 for images built from outside the catalog; parents always have a lower stage. */
  stage: number;
  /**
   * Catalog images this one is built FROM that the plan builds too: the exact
   * reference written in the Dockerfile, and the parent's entry id. At build
   * time the chain points that reference at the digest the parent's build
   * produced in this run (buildx --build-context); a parent that left no
   * record stops the child.
   */
  parents: Array<{ reference: string; entry: string }>;
  /**
   * Catalog images this one is built FROM that the plan does not build (a
   * pull request that changed only the child, a filtered plan): the exact
   * reference written in the Dockerfile, and the published image to read
   * instead, where the plan publishes (`<registry>/<repository>/<application>:<tag>`).
   * A run that pushes elsewhere (a pull request's own registry) still reads
   * these from where they are published.
   */
  publishedParents: Array<{ reference: string; image: string }>;
  /** Set while the image is deprecated: it is still built until removeAfter, and every summary warns. */
  deprecated?: { reason: string; removeAfter: string };
  /** The debug twin, when the catalog declares one. */
  debug?: { target: string; repository: string; tags: string[]; tests?: TestSpec[]; mirrors?: PlannedMirror[] };
}

/** A base image of an entry, as the plan resolved it. */
export interface PlannedBase {
  /** `debian:bookworm`: as the Dockerfile writes it. */
  reference: string;
  /** `docker.io/library/debian@sha256:...`: what the tag named at plan time. */
  image?: string;
  /** Why it could not be resolved, when it could not. */
  unresolved?: string;
}

/** One mirror of one planned image. */
export interface PlannedMirror {
  /** `artifactory.example.com/curated/velero` */
  repository: string;
  /** Move a tag the mirror holds for another digest, instead of refusing. */
  overwrite: boolean;
}

/** An imported image as the plan resolved it: what is copied, from where, and what was published before. */
export interface PlannedImport {
  /** `docker.io/library/redis:7.2.4`: the upstream tag, as the catalog names it (registry and repository spelled out). */
  upstream: string;
  /** `sha256:...` the upstream tag named when the plan was made: the only digest this entry may publish. */
  digest: string;
  /** Where the copy is read from, by digest: the upstream, or the pull-through mirror the plan was given for its registry. */
  source: string;
  /** The digest the entry's tag names where the plan publishes, when it exists: the import published before. */
  published?: string;
  /** The upstream signature the digest must carry before it is copied. */
  signature?: { kind: 'key'; publicKey: string; transparencyLog: boolean } | { kind: 'keyless'; identity: string; issuer: string };
}
