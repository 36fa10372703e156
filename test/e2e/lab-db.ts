import { readFileSync, statSync } from 'node:fs';
import { RegistryClient } from '../../packages/registry/index.js';
import type { Lab } from './lab.js';

/** The lab's vulnerability DB under a repository of a test's own. */
export interface LabDbCopy {
  /** What `--db-repository` (and `trivy-db-repository`) takes: `host/path:2`. */
  repository: string;
  /** Its path in the registry, as the access log shows it. */
  path: string;
  /** The digest of the DB layer (db.tar.gz), the blob trivy downloads. */
  blob: string;
}

/**
 * Copies the lab's DB artifact, byte for byte, to `lab/<name>:2`. A run
 * pointed at the copy has DB cache keys of its own (they name the DB
 * repositories), so it starts with an empty cache whatever earlier runs
 * saved; and the access log tells its downloads from everyone else's.
 */
export async function copyLabDb(l: Lab, name: string): Promise<LabDbCopy> {
  const registry = new RegistryClient();
  const source = l.trivy.dbRepository;
  const host = source.slice(0, source.indexOf('/'));
  const [from = '', tag = '2'] = source.slice(host.length + 1).split(':');
  const path = `lab/${name}`;
  const manifest = await registry.manifest(host, from, tag);
  const { config, layers } = JSON.parse(manifest.body.toString('utf8')) as { config: { digest: string }; layers: { digest: string }[] };
  for (const { digest } of [config, ...layers]) await registry.putBlob(host, path, await registry.blob(host, from, digest));
  await registry.putManifest(host, path, tag, manifest.mediaType, manifest.body);
  const blob = layers[0]?.digest;
  if (layers.length !== 1 || blob === undefined) throw new Error(`${source} has ${layers.length} layers; the trivy DB has one`);
  return { repository: `${host}/${path}:${tag}`, path, blob };
}

/** Where the registry's access log ends now: count from here. */
export function accessLogOffset(l: Lab): number {
  return statSync(l.logs.registry).size;
}

/** The downloads of the copy's DB blob the lab registry logged since `offset`, each its access-log line. */
export function dbBlobGets(l: Lab, copy: LabDbCopy, offset: number): string[] {
  const added = readFileSync(l.logs.registry).subarray(offset).toString('utf8');
  return added.split('\n').filter((line) => line.includes(`"GET /v2/${copy.path}/blobs/${copy.blob} `));
}
