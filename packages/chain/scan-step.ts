import { join } from 'node:path';
import type { Logger } from '../logging/index.js';
import type { PlanEntry } from '../plan/entry.js';
import type { CommandRunner } from '../process/index.js';
import type { RegistryClient } from '../registry/index.js';
import {
  type DbCacheStore,
  type DbState,
  type GatePolicy,
  type IgnoreEntry,
  prepareDb,
  scanOneImage,
  summaryMarkdown,
} from '../trivy/index.js';
import type { ScanOutcome } from './steps.js';

export interface ScanStepConfig {
  runner: CommandRunner;
  log: Logger;
  trivy: string;
  /** What `trivy --version` said, for the SARIF's tool entry. */
  trivyVersion: string;
  /** trivy's `--cache-dir`: the DB is prepared there once for every image of the run. */
  cacheDir: string;
  /** Reports, SARIF and SBOM go under it, one directory per entry. */
  workDir: string;
  policy: GatePolicy;
  /** Accepted findings, each with a reason and usually an expiry (the ignore file). */
  ignores: readonly IgnoreEntry[];
  /** Where the vulnerability DB comes from, in order of preference. */
  dbRepositories: readonly string[];
  store: DbCacheStore;
  /** The cache key of the run's DB, fetched by a job before this one (`phase: db`); see prepareDb. */
  dbCacheKey?: string;
  /** The oldest the vulnerability DB may be (`max-db-age`), in milliseconds. */
  maxDbAgeMs: number;
  /** Reads each platform image and the package records in its layers, for the coverage check. */
  registry: RegistryClient;
  /** UTC `YYYY-MM-DD`. */
  today: string;
  now?: Date;
  /**
   * What the scan steps made with it (the images of one batch) share: the
   * DB, restored or downloaded once, not once per image; and trivy's turn,
   * since its scan cache in `cacheDir` (BoltDB) admits one process at a time,
   * and a second trivy beside the first fails on the lock.
   */
  shared?: ScanShared;
}

export interface ScanShared {
  db?: Promise<DbState>;
  turn?: Promise<void>;
}

/**
 * scan-with-trivy's packages for one digest: the DB prepared once (cache or
 * download) and its age checked, then every platform scanned by its own
 * digest, each gated on its findings and on what trivy saw of its package
 * records; the SARIF and the CycloneDX SBOM (every platform, each named)
 * rendered from those same reports. The SBOM is what signing attests.
 */
export function scanStep(config: ScanStepConfig): (entry: PlanEntry, image: string) => Promise<ScanOutcome> {
  const shared = config.shared ?? {};
  return async (entry, image) => {
    shared.db ??= prepareDb({
      trivy: config.trivy,
      cacheDir: config.cacheDir,
      repositories: config.dbRepositories,
      store: config.store,
      runner: config.runner,
      log: config.log,
      today: config.today,
      ...(config.now !== undefined ? { now: config.now } : {}),
      ...(config.dbCacheKey !== undefined ? { runKey: config.dbCacheKey } : {}),
    });
    const { trivy, cacheDir, policy, ignores, today, maxDbAgeMs, registry, runner, log } = config;
    const outputDir = join(config.workDir, `scan-${entry.id}`);
    const formats = ['sarif', 'cyclonedx'] as const;
    const tool = { trivy, toolVersion: config.trivyVersion, cacheDir, outputDir, formats, registry, runner, log };
    const db = await shared.db;
    const scanning = (shared.turn ?? Promise.resolve()).then(() =>
      scanOneImage(image, { ...tool, policy, ignores, today, maxDbAgeMs, db }),
    );
    shared.turn = scanning.then(
      () => undefined,
      () => undefined,
    );
    const { scan, result } = await scanning;
    return {
      image,
      verdict: scan.status,
      reason: scan.reason,
      summary: summaryMarkdown(result, config.policy.threshold),
      recordedPackages: scan.platforms.reduce((sum, p) => sum + Object.values(p.coverage.recorded).reduce((a, n) => a + (n ?? 0), 0), 0),
      ...(scan.sbom !== undefined ? { sbom: scan.sbom } : {}),
      ...(result.sarif !== undefined ? { sarif: result.sarif } : {}),
    };
  };
}
