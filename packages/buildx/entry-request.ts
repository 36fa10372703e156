import { resolve } from 'node:path';
import { canonicalJson } from '../plan/canonical-json.js';
import type { PlanEntry } from '../plan/entry.js';
import { BASES_LABEL, BUILD_ID_LABEL, SOURCE_ID_LABEL } from '../tags/registry.js';
import type { CacheConfig } from './cache.js';
import type { BuildRequest, BuildSecret } from './request.js';

export interface RequestOptions {
  workspace: string;
  metadataFile: string;
  /** FROM reference -> `docker-image://repo@sha256:...` for each catalog parent. */
  contexts: Record<string, string>;
  cache: CacheConfig;
  secrets: BuildSecret[];
  sbom: boolean;
  provenance: 'max' | 'min' | false;
  sourceDateEpoch?: number;
  builder?: string;
  /** Build the debug twin's stage into its own repository instead of the image. */
  debugTwin?: boolean;
}

/**
 * The build request of one plan entry. Paths in the entry are relative to
 * the repository root. A per-platform entry (`platform` set) builds that
 * platform only; the merge step assembles the index afterwards.
 */
export function requestFromEntry(entry: PlanEntry, options: RequestOptions): BuildRequest {
  const twin = options.debugTwin === true ? entry.debug : undefined;
  if (options.debugTwin === true && twin === undefined) throw new Error(`entry ${entry.id} has no debug twin to build`);
  const target = twin ? twin.target : entry.target;
  // Every base image at the digest the plan resolved, beside the parents at theirs.
  const contexts: Record<string, string> = {};
  for (const base of entry.bases) if (base.image !== undefined) contexts[base.reference] = `docker-image://${base.image}`;
  Object.assign(contexts, options.contexts);
  const request: BuildRequest = {
    context: resolve(options.workspace, entry.context),
    dockerfile: resolve(options.workspace, entry.dockerfile),
    buildArgs: { ...entry.buildArgs },
    platforms: entry.platform !== undefined ? [entry.platform] : [...entry.platforms],
    labels: {
      ...entry.labels,
      [BUILD_ID_LABEL]: entry.buildId,
      [SOURCE_ID_LABEL]: entry.sourceId,
      [BASES_LABEL]: canonicalJson(builtOn(contexts)),
    },
    repository: twin ? twin.repository : entry.repository,
    secrets: options.secrets,
    contexts,
    cache: options.cache,
    sbom: options.sbom,
    provenance: options.provenance,
    metadataFile: options.metadataFile,
  };
  if (target !== undefined) request.target = target;
  if (options.sourceDateEpoch !== undefined) request.sourceDateEpoch = options.sourceDateEpoch;
  if (options.builder !== undefined) request.builder = options.builder;
  return request;
}

/** The BASES_LABEL value: FROM reference -> the image by digest it was built on. */
export function builtOn(contexts: Readonly<Record<string, string>>): Record<string, string> {
  const bases: Record<string, string> = {};
  for (const [reference, source] of Object.entries(contexts)) bases[reference] = source.replace(/^docker-image:\/\//, '');
  return bases;
}
