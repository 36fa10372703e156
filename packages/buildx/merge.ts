import type { Logger } from '../logging/index.js';
import { parseDigestReference } from '../oci/index.js';
import { type CommandRunner, runChecked } from '../process/index.js';
import type { RegistryClient } from '../registry/index.js';
import type { BuildxFeatures } from './version.js';

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
