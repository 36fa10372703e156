import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Lab, runToolOk } from './lab.js';

/**
 * Shared by the e2e files of the gates (scan coverage, DB age, every
 * platform, lock-down by content): images built with the lab's buildx and
 * pushed by digest under a namespace of their own, and a vulnerability DB of
 * their own, built with the lab's trivy-db from test advisories and pushed to
 * a repository of their own (the lab's shared DB is never touched).
 */
export function uniqueNamespace(l: Lab, concern: string): string {
  return `${l.registry}/e2e-gates-${concern}-${randomBytes(4).toString('hex')}`;
}

/**
 * Builds the Dockerfile text (with `files` beside it) and pushes it by
 * digest to `repository`; returns `repository@sha256:...`.
 */
export function buildPushed(
  l: Lab,
  scratch: string,
  repository: string,
  dockerfile: string,
  files: Record<string, string | { content: string | Buffer; mode: number }> = {},
  extra: string[] = [],
): string {
  const dir = mkdtempSync(join(scratch, 'context-'));
  writeFileSync(join(dir, 'Dockerfile'), dockerfile);
  for (const [name, file] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    if (typeof file === 'string') writeFileSync(join(dir, name), file);
    else writeFileSync(join(dir, name), file.content, { mode: file.mode });
  }
  const metadata = join(dir, 'metadata.json');
  runToolOk(l, l.bin.docker, [
    'buildx',
    'build',
    '--builder',
    l.builder,
    '--provenance=false',
    '--output',
    `type=image,name=${repository},push-by-digest=true,name-canonical=true,push=true`,
    '--metadata-file',
    metadata,
    ...extra,
    dir,
  ]);
  const digest = (JSON.parse(readFileSync(metadata, 'utf8')) as Record<string, unknown>)['containerimage.digest'];
  if (typeof digest !== 'string') throw new Error(`no digest in ${metadata}`);
  return `${repository}@${digest}`;
}

/**
 * A trivy vulnerability DB from the vuln-list-debian records in `fixtures`,
 * built with the lab's trivy-db and pushed as trivy's OCI artifact (what
 * scripts/lab/trivy-db.sh does for the lab's own DB) to `repository`.
 */
export function buildTestDb(l: Lab, scratch: string, fixtures: string, repository: string): void {
  const work = mkdtempSync(join(scratch, 'trivy-db-'));
  const cache = join(work, 'cache');
  cpSync(join(fixtures, 'vuln-list-debian'), join(cache, 'vuln-list-debian'), { recursive: true });
  // trivy-db's debian source walks these and fails when one is missing; git keeps no empty directory.
  for (const dir of ['DLA', 'DSA', 'source', 'updates-source'])
    mkdirSync(join(cache, 'vuln-list-debian', 'tracker', dir), { recursive: true });
  const out = join(work, 'out');
  runToolOk(
    l,
    l.bin['trivy-db'],
    ['build', '--only-update', 'debian', '--cache-dir', cache, '--output-dir', out, '--update-interval', '8760h'],
    {
      cwd: work,
    },
  );
  runToolOk(l, 'tar', [
    '-C',
    out,
    '--owner=0',
    '--group=0',
    '--numeric-owner',
    '-czf',
    join(work, 'db.tar.gz'),
    'trivy.db',
    'metadata.json',
  ]);
  // oras names the layer by the file name given, which trivy reads as the title: push from beside it.
  runToolOk(
    l,
    l.bin.oras,
    [
      'push',
      '--plain-http',
      '--image-spec',
      'v1.0',
      '--artifact-type',
      'application/vnd.aquasec.trivy.config.v1+json',
      repository,
      'db.tar.gz:application/vnd.aquasec.trivy.db.layer.v1.tar+gzip',
    ],
    { cwd: work },
  );
}
