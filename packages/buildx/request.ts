import type { BuildDefinition } from '../plan/index.js';
import type { CacheConfig } from './cache.js';

/** A build secret: BuildKit mounts it at build time; it never becomes a build arg or a layer. */
export type BuildSecret = { id: string; env: string } | { id: string; src: string };

/** Everything one `docker buildx build` needs, resolved: no catalog, no inputs. */
export interface BuildRequest extends BuildDefinition {
  /** Where the image is pushed by digest, no tag: `ghcr.io/org/apps/velero`. */
  repository: string;
  secrets: BuildSecret[];
  /** `--build-context name=docker-image://repo@sha256:...`: catalog parents at the digest that passed. */
  contexts: Record<string, string>;
  cache: CacheConfig;
  sbom: boolean;
  /** `--provenance=mode=max|min`, or false for none. */
  provenance: 'max' | 'min' | false;
  /** Seconds since the epoch of the commit: every timestamp in the image. */
  sourceDateEpoch?: number;
  metadataFile: string;
  /** The buildx builder; the current one when unset. */
  builder?: string;
}
