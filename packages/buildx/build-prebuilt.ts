import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../logging/index.js';
import { parseDigestReference, parseReference } from '../oci/index.js';
import type { PlanEntry } from '../plan/entry.js';
import { type CommandRunner, runChecked } from '../process/index.js';
import { actionCredentials, dockerLogin, dockerLogout, type Login, RegistryClient } from '../registry/index.js';
import type { RetryPolicy } from '../retry/index.js';
import { buildAndCheck, type ImageJobResult } from './build-image.js';
import { type CacheMode, chooseCache } from './cache.js';
import { requestFromEntry } from './entry-request.js';
import type { BuildSecret } from './request.js';
import { buildxFeatures, parseBuildxVersion } from './version.js';

export interface BuildPrebuiltOptions {
  entry: PlanEntry;
  /** FROM reference -> `repo@sha256:...` of each catalog parent, as the chain passes it. */
  parents: Record<string, string>;
  workspace: string;
  /** A private temporary directory (metadata files). */
  tempDir: string;
  docker: string;
  login?: Login;
  /** `docker logout` at the end, so a shared runner keeps no credentials. */
  logout: boolean;
  cache: CacheMode;
  cacheRef?: string;
  /** Secret values by id (passed to buildx by environment) and secret files by id. */
  secrets: Record<string, string>;
  secretFiles: Record<string, string>;
  sbom: boolean;
  provenance: 'max' | 'min' | false;
  sourceDateEpoch?: number;
  builder?: string;
  buildDebugTwin: boolean;
  retry: RetryPolicy;
  env: Record<string, string | undefined>;
}

export interface BuildPrebuiltResult extends ImageJobResult {
  buildxVersion: string;
  cacheWarning?: string;
}

/**
 * Everything build-prebuilt does, in order: login, buildx version, cache,
 * then build, push by digest and (prebuilt) check; its debug twin; logout.
 * The caller decides what a failed lock-down means (the action fails; the
 * chain records it and stops the image).
 */
export async function buildPrebuilt(runner: CommandRunner, log: Logger, options: BuildPrebuiltOptions): Promise<BuildPrebuiltResult> {
  const { entry } = options;
  if (options.login) await dockerLogin(runner, log, options.docker, options.login, options.retry);
  await mkdir(options.tempDir, { recursive: true });
  const tempDir = await mkdtemp(join(options.tempDir, 'build-prebuilt-'));
  try {
    const version = parseBuildxVersion(
      (await runChecked(runner, { file: options.docker, args: ['buildx', 'version'], quiet: true })).stdout,
    );
    const features = buildxFeatures(version);
    log.info(`buildx ${version}`);
    const cache = chooseCache(options.cache, {
      repository: entry.repository,
      application: entry.application,
      ...(options.cacheRef !== undefined ? { ref: options.cacheRef } : {}),
      env: options.env,
    });
    if (cache.warning) log.warning(cache.warning);
    const { secrets, secretValues } = secretArguments(options.secrets, options.secretFiles);
    const contexts = buildContexts(options.parents);
    const common = {
      workspace: options.workspace,
      contexts,
      cache: cache.config,
      secrets,
      sbom: options.sbom,
      provenance: options.provenance,
      ...(options.sourceDateEpoch !== undefined ? { sourceDateEpoch: options.sourceDateEpoch } : {}),
      ...(options.builder !== undefined ? { builder: options.builder } : {}),
    };
    const request = requestFromEntry(entry, { ...common, metadataFile: join(tempDir, 'metadata.json') });
    const debug =
      options.buildDebugTwin && entry.debug
        ? requestFromEntry(entry, { ...common, metadataFile: join(tempDir, 'metadata-debug.json'), debugTwin: true })
        : undefined;
    const registry = new RegistryClient({ credentials: actionCredentials(options.login, { runner, env: options.env, log }), log });
    const result = await buildAndCheck(
      { runner, log, docker: options.docker, features, registry, retry: options.retry },
      { request, secretValues, mode: entry.mode, requires: entry.requires, ...(debug ? { debug } : {}) },
    );
    return { ...result, buildxVersion: version, ...(cache.warning ? { cacheWarning: cache.warning } : {}) };
  } finally {
    await rm(tempDir, { recursive: true, force: true });
    if (options.login && options.logout) {
      await dockerLogout(runner, options.docker, options.login.registry).catch((error: unknown) =>
        log.warning(`docker logout ${options.login?.registry ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`),
      );
    }
  }
}

/** Each secret value travels in its own environment variable, named by position, never by value. */
export function secretArguments(
  values: Record<string, string>,
  files: Record<string, string>,
): { secrets: BuildSecret[]; secretValues: Record<string, string> } {
  const secrets: BuildSecret[] = [];
  const secretValues: Record<string, string> = {};
  Object.entries(values).forEach(([id, value], index) => {
    const env = `IMAGE_ACTIONS_BUILD_SECRET_${index}`;
    secrets.push({ id, env });
    secretValues[env] = value;
  });
  for (const [id, src] of Object.entries(files)) secrets.push({ id, src });
  return { secrets, secretValues };
}

/** `{ "ghcr.io/org/apps/python-runner:3.11.9": "ghcr.io/org/apps/python-runner@sha256:..." }` -> buildx build contexts. */
export function buildContexts(parents: Record<string, string>): Record<string, string> {
  const contexts: Record<string, string> = {};
  for (const [reference, image] of Object.entries(parents)) {
    parseReference(reference, `parents key '${reference}'`);
    const pinned = image.startsWith('docker-image://') ? image.slice('docker-image://'.length) : image;
    parseDigestReference(pinned, `parents['${reference}']`);
    contexts[reference] = `docker-image://${pinned}`;
  }
  return contexts;
}
