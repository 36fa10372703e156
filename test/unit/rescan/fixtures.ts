import type { ImageResult, RecordedFinding, RescanResult, TagResult } from '../../../packages/rescan/index.js';

/** Hand-made results for the rescan's pure parts; the e2e test makes real ones. */
export const GZIP: RecordedFinding = {
  id: 'TEST-2026-0101',
  pkg: 'gzip',
  installedVersion: '1.12-1',
  fixedVersion: '1.12-1+labtest2',
  severity: 'HIGH',
};
export const TAR: RecordedFinding = {
  id: 'TEST-2026-0104',
  pkg: 'tar',
  installedVersion: '1.34',
  fixedVersion: '1.35',
  severity: 'CRITICAL',
};

export const REPOSITORY = 'ghcr.io/example-org/curated-images/velero';
export const DIGEST_A = `sha256:${'a'.repeat(64)}`;
export const DIGEST_B = `sha256:${'b'.repeat(64)}`;

export function tag(version: string, overrides: Partial<TagResult> = {}): TagResult {
  const blocking = overrides.blocking ?? [];
  const status = overrides.status ?? (blocking.length > 0 ? 'findings' : 'clean');
  return {
    tag: `${REPOSITORY}:${version}`,
    repository: REPOSITORY,
    digest: DIGEST_A,
    status,
    reason: status === 'clean' ? 'clean: no finding at HIGH or above' : `findings: ${blocking.map((f) => f.id).join(', ')}`,
    blocking,
    fixable: blocking.some((f) => f.fixedVersion !== undefined),
    ...overrides,
  };
}

export function image(tags: TagResult[], overrides: Partial<ImageResult> = {}): ImageResult {
  const status = tags.some((t) => t.status === 'error') ? 'error' : tags.some((t) => t.status !== 'clean') ? 'fail' : 'pass';
  return {
    application: 'velero',
    key: REPOSITORY,
    owners: ['@example-org/platform', 'platform-team@example.com'],
    status,
    rebuild: tags.some((t) => t.status === 'findings' && t.fixable),
    tags,
    unpublished: [],
    ...overrides,
  };
}

export function result(images: ImageResult[], runId = '42'): RescanResult {
  return {
    schema: 1,
    startedAt: '2026-12-01T03:00:00.000Z',
    finishedAt: '2026-12-01T03:01:00.000Z',
    run: { id: runId, url: `https://github.com/example-org/images/actions/runs/${runId}` },
    policy: { threshold: 'HIGH', ignoreUnfixed: true },
    trivyVersion: '0.74.0',
    db: { source: 'download', repository: 'mirror.gcr.io/aquasec/trivy-db:2' },
    images,
  };
}
