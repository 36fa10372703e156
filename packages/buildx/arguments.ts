import { cacheArguments } from './cache.js';
import type { BuildRequest } from './request.js';
import type { BuildxFeatures } from './version.js';

/**
 * The argument array of `docker buildx build` for one request. Never a shell
 * string: each value is one argument, whatever it holds. No tag anywhere: the
 * image is pushed by digest and gets its public tags only after scan and sign.
 */
export function buildArguments(request: BuildRequest, features: BuildxFeatures): string[] {
  const args = ['buildx', 'build', '--progress=plain'];
  if (request.builder !== undefined) args.push('--builder', request.builder);
  if (request.dockerfile !== undefined) args.push('--file', request.dockerfile);
  if (request.target !== undefined) args.push('--target', request.target);
  if (request.platforms.length > 0) args.push('--platform', request.platforms.join(','));
  for (const [name, value] of sorted(request.buildArgs)) args.push('--build-arg', `${name}=${value}`);
  for (const [name, value] of sorted(request.labels)) args.push('--label', `${name}=${value}`);
  if (features.annotations) args.push(...annotationArguments(request));
  for (const [name, source] of sorted(request.contexts)) args.push('--build-context', `${name}=${source}`);
  for (const secret of request.secrets) {
    args.push('--secret', 'env' in secret ? `id=${secret.id},env=${secret.env}` : `id=${secret.id},src=${secret.src}`);
  }
  args.push(...cacheArguments(request.cache));
  args.push(`--sbom=${request.sbom}`);
  args.push(request.provenance === false ? '--provenance=false' : `--provenance=mode=${request.provenance}`);
  args.push('--metadata-file', request.metadataFile);
  args.push('--output', outputAttribute(request, features));
  args.push(request.context);
  return args;
}

/** Whether the push is an index: several platforms, or one image with its attestation manifests. */
export function producesIndex(request: Pick<BuildRequest, 'platforms' | 'sbom' | 'provenance'>): boolean {
  return request.platforms.length > 1 || request.sbom || request.provenance !== false;
}

/**
 * OCI labels as annotations too, on each image manifest and, when there is
 * one, on the index (BuildKit refuses index annotations on a lone manifest).
 * Registries and `imagetools inspect` show annotations without pulling a config.
 */
function annotationArguments(request: BuildRequest): string[] {
  const levels = producesIndex(request) ? ['manifest', 'index'] : ['manifest'];
  const args: string[] = [];
  for (const [name, value] of sorted(request.labels)) {
    if (!ANNOTATED.test(name)) continue;
    for (const level of levels) args.push('--annotation', `${level}:${name}=${value}`);
  }
  return args;
}

/** The OCI keys and the project's own; other labels stay labels only. */
const ANNOTATED = /^(?:org\.opencontainers\.image\.|dev\.image-actions\.)/;

function outputAttribute(request: BuildRequest, features: BuildxFeatures): string {
  const attributes = [
    `type=image`,
    `name=${request.repository}`,
    'push-by-digest=true',
    'name-canonical=true',
    'push=true',
    'oci-mediatypes=true',
  ];
  if (request.sourceDateEpoch !== undefined && features.rewriteTimestamp) attributes.push('rewrite-timestamp=true');
  return attributes.join(',');
}

/** The environment buildx runs with: SOURCE_DATE_EPOCH (buildx passes it to the build) and the secrets' variables. */
export function buildEnvironment(request: BuildRequest, secretValues: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = { ...secretValues };
  if (request.sourceDateEpoch !== undefined) env.SOURCE_DATE_EPOCH = String(request.sourceDateEpoch);
  return env;
}

function sorted(record: Record<string, string>): Array<[string, string]> {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
