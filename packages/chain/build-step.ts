import { join } from 'node:path';
import {
  type BuildxFeatures,
  buildAndCheck,
  buildContexts,
  buildxFeatures,
  chooseCache,
  parseBuildxVersion,
  requestFromEntry,
  sourceDateEpoch,
} from '../buildx/index.js';
import type { Logger } from '../logging/index.js';
import { byDigest, parseReference } from '../oci/index.js';
import type { PlanEntry } from '../plan/entry.js';
import { type CommandRunner, runChecked } from '../process/index.js';
import type { RegistryClient } from '../registry/index.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../retry/index.js';
import type { BuildOutcome } from './steps.js';

export interface BuildStepConfig {
  runner: CommandRunner;
  log: Logger;
  /** The docker CLI with the buildx plugin; the builder is the current one (BUILDX_BUILDER). */
  docker: string;
  /** The repository root: entry paths are relative to it. */
  workspace: string;
  /** Where buildx writes its metadata files. */
  workDir: string;
  /** Reads the pushed image for the lock-down checks, and resolves parents' tags to digests. */
  registry: RegistryClient;
  /** Keep layers next to the image (`<repository>:buildcache-<application>`) between runs. */
  registryCache: boolean;
  /** GITHUB_SHA: the commit whose history dates the build. */
  env: Readonly<Record<string, string | undefined>>;
  retry?: RetryPolicy;
}

/**
 * build-prebuilt's packages for one plan entry: buildx pushes it by digest
 * (no tag), then a prebuilt image is read back from the registry and checked
 * (no shell, no package manager, non-root, exec form, capabilities). The
 * chain runs a debug twin as an entry of its own (see debugTwin), so the twin
 * is never built here.
 *
 * No SBOM or provenance attestation manifests at build time: BuildKit stamps
 * them with the build's own time, so the same sources would push another
 * digest every night. The SBOM is attested by cosign after the scan instead,
 * on the digest itself. Every timestamp in the image is the one
 * sourceDateEpoch gives (the last commit that changed the image's sources),
 * as build-prebuilt sets it, so the same sources build the same digest.
 */
export function buildStep(config: BuildStepConfig): (entry: PlanEntry, contexts: Record<string, string>) => Promise<BuildOutcome> {
  let features: BuildxFeatures | undefined;
  return async (entry, parents) => {
    features ??= await detectFeatures(config);
    const epoch = await sourceDateEpoch(config.runner, config.workspace, entry, config.env);
    if (epoch === undefined) config.log.warning('no commit time found (not a git checkout?): timestamps are not reproducible');
    const cache = chooseCache(config.registryCache ? 'registry' : 'none', {
      repository: entry.repository,
      application: entry.application,
      env: config.env,
    });
    const request = requestFromEntry(entry, {
      workspace: config.workspace,
      metadataFile: join(config.workDir, `${entry.id}.metadata.json`),
      contexts: buildContexts(await pinnedParents(config.registry, parents)),
      cache: cache.config,
      secrets: [],
      sbom: false,
      provenance: false,
      ...(epoch !== undefined ? { sourceDateEpoch: epoch } : {}),
    });
    const result = await buildAndCheck(
      {
        runner: config.runner,
        log: config.log,
        docker: config.docker,
        features,
        registry: config.registry,
        retry: config.retry ?? DEFAULT_RETRY_POLICY,
      },
      { request, secretValues: {}, mode: entry.mode, requires: entry.requires },
    );
    return { image: result.main.image, lockDownProblems: result.problems };
  };
}

/** An entry's build phase: the build, or for an imported image the copy by digest. */
export function buildOrImport(
  build: (entry: PlanEntry, contexts: Record<string, string>) => Promise<BuildOutcome>,
  copy: (entry: PlanEntry) => Promise<BuildOutcome>,
): (entry: PlanEntry, contexts: Record<string, string>) => Promise<BuildOutcome> {
  return (entry, contexts) => (entry.import !== undefined ? copy(entry) : build(entry, contexts));
}

/**
 * Parents by digest: one built in this run is its digest already; one that
 * is only a published tag is resolved to the digest it names now, so the
 * child is built on exactly what was checked, not on whatever the tag names
 * by the time BuildKit pulls it.
 */
export async function pinnedParents(registry: RegistryClient, parents: Record<string, string>): Promise<Record<string, string>> {
  const pinned: Record<string, string> = {};
  for (const [from, image] of Object.entries(parents)) {
    const reference = parseReference(image, `the image for FROM ${from}`);
    if (reference.digest !== undefined) {
      pinned[from] = image;
      continue;
    }
    const found = await registry.findManifest(reference.registry, reference.repository, reference.tag ?? 'latest');
    if (found === undefined) throw new Error(`FROM ${from}: ${image} does not exist, so the image cannot be built on it`);
    pinned[from] = byDigest(reference, found.digest);
  }
  return pinned;
}

async function detectFeatures(config: BuildStepConfig): Promise<BuildxFeatures> {
  const version = await runChecked(config.runner, { file: config.docker, args: ['buildx', 'version'], quiet: true });
  return buildxFeatures(parseBuildxVersion(version.stdout));
}
