import { join } from 'node:path';
import { type BuildxFeatures, buildAndCheck, buildxFeatures, parseBuildxVersion, requestFromEntry } from '../buildx/index.js';
import type { Logger } from '../logging/index.js';
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
  /** Reads the pushed image for the lock-down checks. */
  registry: RegistryClient;
  /** Keep layers next to the image (`<repository>:buildcache-<application>`) between runs. */
  registryCache: boolean;
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
 * on the digest itself. Every timestamp in the image is the commit's
 * (SOURCE_DATE_EPOCH), so an unchanged entry rebuilds to the same digest.
 */
export function buildStep(config: BuildStepConfig): (entry: PlanEntry, contexts: Record<string, string>) => Promise<BuildOutcome> {
  let features: BuildxFeatures | undefined;
  return async (entry, contexts) => {
    features ??= await detectFeatures(config);
    const epoch = commitEpoch(entry);
    const request = requestFromEntry(entry, {
      workspace: config.workspace,
      metadataFile: join(config.workDir, `${entry.id}.metadata.json`),
      contexts,
      cache: config.registryCache ? { kind: 'registry', ref: `${entry.repository}:buildcache-${entry.application}` } : { kind: 'none' },
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

/** The plan stamps `org.opencontainers.image.created` with the commit's time, never the clock. */
export function commitEpoch(entry: PlanEntry): number | undefined {
  const created = entry.labels['org.opencontainers.image.created'];
  const time = created === undefined ? Number.NaN : Date.parse(created);
  return Number.isNaN(time) ? undefined : Math.floor(time / 1000);
}

async function detectFeatures(config: BuildStepConfig): Promise<BuildxFeatures> {
  const version = await runChecked(config.runner, { file: config.docker, args: ['buildx', 'version'], quiet: true });
  return buildxFeatures(parseBuildxVersion(version.stdout));
}
