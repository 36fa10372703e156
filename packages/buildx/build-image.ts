import type { Capability } from '../catalog/model.js';
import type { Logger } from '../logging/index.js';
import { parseReference } from '../oci/index.js';
import { lockDownPushed, type PlatformImage, platformManifests, type RuleResult } from '../prebuilt/index.js';
import type { CommandRunner } from '../process/index.js';
import type { RegistryClient } from '../registry/index.js';
import type { RetryPolicy } from '../retry/index.js';
import { type BuildOutput, runBuild } from './build.js';
import type { BuildRequest } from './request.js';
import type { BuildxFeatures } from './version.js';

export interface ImageBuilder {
  runner: CommandRunner;
  log: Logger;
  docker: string;
  features: BuildxFeatures;
  /** Reads what was pushed: platforms, sizes and, for prebuilt images, config and files. */
  registry: RegistryClient;
  retry: RetryPolicy;
  sleep?: (ms: number) => Promise<void>;
}

export interface ImageJob {
  request: BuildRequest;
  secretValues: Record<string, string>;
  mode: 'layered' | 'prebuilt';
  requires: Capability[];
  /** The debug twin's build: another stage, its own repository, exempt from the checks. */
  debug?: BuildRequest;
}

export interface BuiltImage extends BuildOutput {
  platforms: PlatformImage[];
  /** Compressed bytes of every platform's config and layers. */
  size: number;
  durationMs: number;
}

export interface ImageJobResult {
  main: BuiltImage;
  /** The lock-down rules and what each found; undefined for layered images. */
  checks?: RuleResult[];
  /** One line per thing the checks found; empty when they passed or did not run. */
  problems: string[];
  /** Built only when the main image passed its checks: a twin of a refused image is never published either. */
  debug?: BuiltImage;
}

/**
 * One plan entry, end to end on the build side: build and push by digest,
 * read back what was pushed, and for a prebuilt image check the image itself
 * against the lock-down rules; then its debug twin, if it has one.
 */
export async function buildAndCheck(builder: ImageBuilder, job: ImageJob): Promise<ImageJobResult> {
  const main = await buildOne(builder, job.request, job.secretValues);
  if (job.mode === 'layered') return { main, problems: [] };
  const { checks, problems } = await lockDownPushed(builder.registry, builder.log, main.image, job.requires);
  if (problems.length > 0 || job.debug === undefined) return { main, checks, problems };
  const debug = await buildOne(builder, job.debug, job.secretValues);
  return { main, checks, problems, debug };
}

async function buildOne(builder: ImageBuilder, request: BuildRequest, secretValues: Record<string, string>): Promise<BuiltImage> {
  const started = performance.now();
  // A missing login stops here, saying how to log in, before BuildKit spends a build on a push that cannot land.
  const target = parseReference(request.repository, 'repository');
  await builder.registry.checkAccess(target.registry, target.repository, 'push');
  const output = await builder.log.group(`docker buildx build ${request.repository}`, () =>
    runBuild({
      runner: builder.runner,
      log: builder.log,
      docker: builder.docker,
      features: builder.features,
      request,
      secretValues,
      retry: builder.retry,
      ...(builder.sleep ? { sleep: builder.sleep } : {}),
    }),
  );
  const platforms = await platformManifests(builder.registry, output.image);
  const size = platforms.reduce((sum, platform) => sum + platform.size, 0);
  builder.log.info(`pushed ${output.image} (${platforms.map((p) => p.platform).join(', ')}; ${size} bytes)`);
  return { ...output, platforms, size, durationMs: performance.now() - started };
}
