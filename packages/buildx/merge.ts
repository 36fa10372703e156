import type { Logger } from '../logging/index.js';
import { parseDigestReference } from '../oci/index.js';
import { type CommandRunner, runChecked } from '../process/index.js';
import { actionCredentials, dockerLogin, dockerLogout, type Login, RegistryClient } from '../registry/index.js';
import type { RetryPolicy } from '../retry/index.js';
import { type BuildxFeatures, buildxFeatures, parseBuildxVersion } from './version.js';

/**
 * The merge step of one-job-per-platform builds: one index over the
 * platforms' digests (their attestation manifests included), pushed by its
 * own digest with no tag. `imagetools create` always wants a tag to push, so
 * it only computes the index (--dry-run) and the registry API stores it by
 * digest: no temporary tag that a consumer could see or that would need
 * deleting.
 */
export async function mergePlatforms(
  runner: CommandRunner,
  log: Logger,
  client: RegistryClient,
  options: { docker: string; features: BuildxFeatures; images: string[]; annotations: Record<string, string> },
): Promise<string> {
  if (options.images.length === 0) throw new Error('nothing to merge: no platform images were given');
  const sources = options.images.map((image) => parseDigestReference(image, 'platform image'));
  const first = sources[0];
  if (!first) throw new Error('nothing to merge');
  for (const source of sources) {
    if (source.registry !== first.registry || source.repository !== first.repository) {
      throw new Error(`every platform image must be in ${first.registry}/${first.repository}, not ${source.registry}/${source.repository}`);
    }
  }
  const args = ['buildx', 'imagetools', 'create', '--dry-run'];
  if (options.features.annotations) {
    for (const [name, value] of Object.entries(options.annotations).sort()) args.push('--annotation', `index:${name}=${value}`);
  }
  args.push(...options.images);
  const result = await runChecked(runner, { file: options.docker, args, quiet: true });
  const index = Buffer.from(result.stdout.trim(), 'utf8');
  const mediaType = (JSON.parse(index.toString('utf8')) as { mediaType?: string }).mediaType ?? 'application/vnd.oci.image.index.v1+json';
  const digest = await client.putManifestByDigest(first.registry, first.repository, mediaType, index);
  const image = `${first.registry}/${first.repository}@${digest}`;
  log.info(`merged ${options.images.length} platform image(s) into ${image}`);
  return image;
}

/** The merge step as the action runs it: login when asked, the buildx version, then the merge. */
export async function mergeStep(
  runner: CommandRunner,
  log: Logger,
  options: { docker: string; login?: Login; images: string[]; annotations: Record<string, string>; retry: RetryPolicy },
): Promise<string> {
  const { docker, login } = options;
  if (login) await dockerLogin(runner, log, docker, login, options.retry);
  try {
    const version = parseBuildxVersion((await runChecked(runner, { file: docker, args: ['buildx', 'version'], quiet: true })).stdout);
    const client = new RegistryClient({ credentials: actionCredentials(login, { runner, env: process.env, log }), log });
    return await mergePlatforms(runner, log, client, {
      docker,
      features: buildxFeatures(version),
      images: options.images,
      annotations: options.annotations,
    });
  } finally {
    if (login) await dockerLogout(runner, docker, login.registry).catch(() => log.warning(`docker logout ${login.registry} failed`));
  }
}
