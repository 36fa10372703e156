import { type RegistryClient, sha256 } from '../registry/index.js';
import { STATE_TAG } from './inventory.js';
import { EMPTY_STATE, type RemovalAction, type RetentionState } from './plan.js';

/**
 * Retention's record of a repository lives in the repository itself, as a
 * small OCI artifact under its own tag: which digest each version tag named
 * at the last run (so a moved tag is seen as superseding its old digest, and
 * the grace period counts from then), the superseded digests still in their
 * grace period, and the removals a run planned but did not finish. Only
 * retention writes it, one run at a time per repository.
 */
export const STATE_MEDIA_TYPE = 'application/vnd.image-actions.retention.v1+json';
const EMPTY_CONFIG = Buffer.from('{}');
const EMPTY_CONFIG_TYPE = 'application/vnd.oci.empty.v1+json';
const MANIFEST_TYPE = 'application/vnd.oci.image.manifest.v1+json';

export interface StoredState {
  state: RetentionState;
  /** The manifest the tag named when read; replaced (and deleted) when the new record is written. */
  digest?: string;
}

export async function readState(client: RegistryClient, host: string, repository: string): Promise<StoredState> {
  const manifest = await client.findManifest(host, repository, STATE_TAG);
  if (manifest === undefined) return { state: structuredClone(EMPTY_STATE) };
  const parsed = JSON.parse(manifest.body.toString('utf8')) as {
    artifactType?: string;
    layers?: Array<{ digest: string; mediaType: string }>;
  };
  const layer = parsed.layers?.find((l) => l.mediaType === STATE_MEDIA_TYPE);
  if (parsed.artifactType !== STATE_MEDIA_TYPE || layer === undefined) {
    throw new Error(
      `${host}/${repository}:${STATE_TAG} is not retention's record (artifact type ${parsed.artifactType ?? 'none'}); move that tag away first`,
    );
  }
  const state = JSON.parse((await client.blob(host, repository, layer.digest)).toString('utf8')) as Partial<RetentionState> & {
    schema?: number;
  };
  if (state.schema !== 1)
    throw new Error(`${host}/${repository}:${STATE_TAG} has schema ${String(state.schema)}; this release reads schema 1`);
  return {
    state: { tags: state.tags ?? {}, superseded: state.superseded ?? [], pending: (state.pending ?? []) as RemovalAction[] },
    digest: manifest.digest,
  };
}

/** Writes the record under its tag, then deletes the record it replaces (which no tag names any more). */
export async function writeState(
  client: RegistryClient,
  host: string,
  repository: string,
  state: RetentionState,
  previous: string | undefined,
): Promise<string> {
  const body = Buffer.from(`${JSON.stringify({ schema: 1, ...state }, null, 2)}\n`);
  await client.putBlob(host, repository, EMPTY_CONFIG);
  const layer = await client.putBlob(host, repository, body);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MANIFEST_TYPE,
      artifactType: STATE_MEDIA_TYPE,
      config: { mediaType: EMPTY_CONFIG_TYPE, digest: sha256(EMPTY_CONFIG), size: EMPTY_CONFIG.length },
      layers: [{ mediaType: STATE_MEDIA_TYPE, digest: layer, size: body.length }],
      annotations: { 'org.opencontainers.image.title': 'image-actions retention record' },
    }),
  );
  await client.putManifest(host, repository, STATE_TAG, MANIFEST_TYPE, manifest);
  const digest = sha256(manifest);
  if (previous !== undefined && previous !== digest) await client.deleteManifest(host, repository, previous).catch(() => false);
  return digest;
}
