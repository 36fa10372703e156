import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sbomPackages } from '../../packages/cosign/index.js';
import { MemoryLogger } from '../../packages/logging/index.js';
import { ExecRunner } from '../../packages/process/index.js';
import { RegistryClient } from '../../packages/registry/index.js';
import {
  type DbState,
  DEFAULT_MAX_DB_AGE,
  DirectoryDbCache,
  dbCacheKey,
  type ExtraFormat,
  type GatePolicy,
  loadIgnoreFile,
  parseMaxDbAge,
  prepareDb,
  scanImages,
  utcDate,
} from '../../packages/trivy/index.js';
import { type Lab, lab } from './lab.js';
import { buildScanImages, CountingRegistryProxy, startOverloadedRegistry } from './scan-lab-images.js';

/**
 * The scan for real: the lab's trivy 0.74.0, images built FROM the lab's
 * Debian image and pushed by digest, and the lab's test vulnerability DB
 * (an OCI artifact in the loopback registry, with the seeded TEST advisory
 * against gzip). The Actions cache cannot be reached outside GitHub, so the
 * DB cache is the directory-backed DbCacheStore with the same key rules;
 * the @actions/cache wiring is unit-tested (test/unit/trivy/actions-db-cache.test.ts).
 */

let l: Lab;
let work: string;
let images: string[];
let proxy: CountingRegistryProxy;
const runner = new ExecRunner();
const today = utcDate(new Date());
const policy: GatePolicy = { threshold: 'HIGH', ignoreUnfixed: true };

beforeAll(async () => {
  l = lab();
  work = mkdtempSync(join(tmpdir(), 'scan-trivy-e2e-'));
  images = buildScanImages(l, work, 5);
  proxy = new CountingRegistryProxy(l.registry);
  await proxy.start();
});

afterAll(async () => {
  await proxy?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** A job: its own trivy cache dir (runners start empty), the DB from `store` or the registry. */
async function job(name: string, store: DirectoryDbCache, repositories = [proxy.through(l.trivy.dbRepository)]) {
  const cacheDir = join(work, name, 'trivy-cache');
  const log = new MemoryLogger();
  const db = await prepareDb({ trivy: l.bin.trivy, cacheDir, repositories, store, runner, log, today });
  return { cacheDir, db, log };
}

async function scan(
  cacheDir: string,
  db: DbState,
  scanned: string[],
  options: { formats?: ExtraFormat[]; ignoreFile?: string; out?: string } = {},
) {
  const log = new MemoryLogger();
  const result = await scanImages({
    trivy: l.bin.trivy,
    toolVersion: '0.74.0',
    cacheDir,
    outputDir: join(work, options.out ?? 'out'),
    images: scanned,
    formats: options.formats ?? [],
    policy,
    ignores: options.ignoreFile ? await loadIgnoreFile(options.ignoreFile) : [],
    today,
    db,
    maxDbAgeMs: parseMaxDbAge(DEFAULT_MAX_DB_AGE),
    registry: new RegistryClient(),
    runner,
    log,
  });
  return { result, log };
}

function ignoreFile(name: string, yaml: string): string {
  const path = join(work, name);
  writeFileSync(path, yaml);
  return path;
}

// From the same day as `today`, so a run that passes midnight does not shift one against the other.
const days = (n: number) => utcDate(new Date(Date.parse(today) + n * 86_400_000));

describe('the DB: fetched once, shared, cached', () => {
  it('five images in one run download the DB once; the next job restores it from the cache and downloads nothing', async () => {
    const store = new DirectoryDbCache(join(work, 'actions-cache'));
    const before = proxy.blobFetches().length;
    const first = await job('job-1', store);
    const { result } = await scan(first.cacheDir, first.db, images, { out: 'five' });
    expect(first.db).toMatchObject({ source: 'download', saved: true });
    expect(result.images.map((s) => s.image)).toEqual(images);
    expect(proxy.blobFetches().length - before).toBe(1);

    const second = await job('job-2', store);
    await scan(second.cacheDir, second.db, images.slice(0, 2), { out: 'second' });
    expect(second.db).toMatchObject({
      source: 'cache',
      restoredKey: dbCacheKey([proxy.through(l.trivy.dbRepository)], today),
      saved: false,
      updatedAt: first.db.updatedAt,
    });
    expect(proxy.blobFetches().length - before).toBe(1);
  });

  it('falls back to the next repository when the first answers 429', async () => {
    const overloaded = await startOverloadedRegistry();
    try {
      const { db, log } = await job('fallback', new DirectoryDbCache(join(work, 'fallback-cache')), [
        `${overloaded.host}/aquasec/trivy-db:2`,
        proxy.through(l.trivy.dbRepository),
      ]);
      expect(db).toMatchObject({ source: 'download', repository: proxy.through(l.trivy.dbRepository) });
      expect(overloaded.hits()).toBeGreaterThan(0);
      expect(log.messages('warning')[0]).toContain(`${overloaded.host}/aquasec/trivy-db:2 is unavailable`);
    } finally {
      await overloaded.stop();
    }
  });
});

describe('the gate on a lab image with the seeded advisory', () => {
  let cacheDir: string;
  let db: DbState;
  beforeAll(async () => {
    ({ cacheDir, db } = await job('gate', new DirectoryDbCache(join(work, 'gate-cache'))));
  });

  it('fails, naming the seeded finding', async () => {
    const { result } = await scan(cacheDir, db, [images[0] ?? '']);
    const [image] = result.images;
    expect(result.verdict).toBe('fail');
    expect(image?.platforms[0]?.verdict.blocking.map((f) => [f.id, f.pkg, f.installedVersion, f.fixedVersion])).toEqual([
      [l.trivy.seeded.id, l.trivy.seeded.pkg, l.trivy.seeded.installedVersion, l.trivy.seeded.fixedVersion],
    ]);
    expect(result.counts[l.trivy.seeded.severity as 'HIGH']).toBeGreaterThanOrEqual(1);
  });

  it('passes with an ignore entry that has a reason and a future expiry', async () => {
    const file = ignoreFile(
      'ignore-future.yaml',
      `ignores:\n  - id: ${l.trivy.seeded.id}\n    reason: fixed build not mirrored yet\n    expires: ${days(30)}\n`,
    );
    const { result } = await scan(cacheDir, db, [images[0] ?? ''], { ignoreFile: file });
    expect(result.verdict).toBe('pass');
    expect(result.images[0]?.platforms[0]?.verdict.ignored.map((i) => i.finding.id)).toEqual([l.trivy.seeded.id]);
  });

  it('fails again once the entry has expired, and warns with the entry’s file and line', async () => {
    const file = ignoreFile(
      'ignore-expired.yaml',
      `ignores:\n  - id: ${l.trivy.seeded.id}\n    reason: fixed build not mirrored yet\n    expires: ${days(-1)}\n`,
    );
    const { result, log } = await scan(cacheDir, db, [images[0] ?? ''], { ignoreFile: file });
    expect(result.verdict).toBe('fail');
    expect(result.images[0]?.platforms[0]?.verdict.expired.map((e) => e.finding.id)).toEqual([l.trivy.seeded.id]);
    const warning = log.records.find((r) => r.level === 'warning');
    expect(warning?.message).toContain(`ignore entry for ${l.trivy.seeded.id} expired on ${days(-1)}`);
    expect(warning?.location).toEqual({ file, line: 2, column: 5 });
  });

  it('gives the same verdict whether table, JSON, SARIF or all were asked for', async () => {
    const asked: ExtraFormat[][] = [[], ['table'], ['sarif'], ['table', 'sarif', 'cyclonedx']];
    const verdicts = [];
    for (const [index, formats] of asked.entries()) {
      const { result } = await scan(cacheDir, db, images.slice(0, 2), { formats, out: `formats-${index}` });
      verdicts.push(result.images.map((s) => ({ status: s.status, blocking: s.platforms[0]?.verdict.blocking, counts: s.counts })));
      if (formats.includes('table')) expect(readFileSync(result.images[0]?.platforms[0]?.table ?? '', 'utf8')).toContain(l.trivy.seeded.id);
    }
    expect(verdicts[0]?.[0]?.status).toBe('fail');
    for (const verdict of verdicts.slice(1)) expect(verdict).toEqual(verdicts[0]);
  });

  it('writes a SARIF run per image with distinct categories, and a CycloneDX SBOM per image naming the package', async () => {
    const { result } = await scan(cacheDir, db, images.slice(0, 3), { formats: ['sarif', 'cyclonedx'], out: 'artifacts' });
    const sarif = JSON.parse(readFileSync(result.sarif ?? '', 'utf8')) as {
      runs: Array<{ automationDetails: { id: string }; results: Array<{ ruleId: string }> }>;
    };
    expect(sarif.runs).toHaveLength(3);
    expect(new Set(sarif.runs.map((r) => r.automationDetails.id)).size).toBe(3);
    expect(sarif.runs[0]?.results.map((r) => r.ruleId)).toContain(l.trivy.seeded.id);
    for (const image of result.images) {
      expect(existsSync(image.sbom ?? '')).toBe(true);
      const sbom = JSON.parse(readFileSync(image.sbom ?? '', 'utf8')) as { bomFormat: string };
      expect(sbom.bomFormat).toBe('CycloneDX');
      expect(sbomPackages(sbom)).toContain(`${l.trivy.seeded.pkg}@${l.trivy.seeded.installedVersion}`);
    }
  });

  it('refuses an image given by tag, before running anything', async () => {
    const tagged = images[0]?.replace(/@sha256:.*/, ':latest') ?? '';
    await expect(scan(cacheDir, db, [tagged])).rejects.toThrow(/has no digest/);
  });
});
