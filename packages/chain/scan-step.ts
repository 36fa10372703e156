import { join } from 'node:path';
import type { Logger } from '../logging/index.js';
import type { PlanEntry } from '../plan/entry.js';
import type { CommandRunner } from '../process/index.js';
import {
  type DbCacheStore,
  type DbState,
  type GatePolicy,
  type IgnoreEntry,
  type ImageVerdict,
  prepareDb,
  scanImages,
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
  /** UTC `YYYY-MM-DD`. */
  today: string;
}

/**
 * scan-with-trivy's packages for one digest: the DB prepared once (cache or
 * download), a JSON report, the gate computed from it, and the SARIF and the
 * CycloneDX SBOM rendered from that same report (the SBOM is what signing
 * attests).
 */
export function scanStep(config: ScanStepConfig): (entry: PlanEntry, image: string) => Promise<ScanOutcome> {
  let db: Promise<DbState> | undefined;
  return async (entry, image) => {
    db ??= prepareDb({
      trivy: config.trivy,
      cacheDir: config.cacheDir,
      repositories: config.dbRepositories,
      store: config.store,
      runner: config.runner,
      log: config.log,
      today: config.today,
    });
    await db;
    const result = await scanImages({
      trivy: config.trivy,
      toolVersion: config.trivyVersion,
      cacheDir: config.cacheDir,
      outputDir: join(config.workDir, `scan-${entry.id}`),
      images: [image],
      formats: ['sarif', 'cyclonedx'],
      policy: config.policy,
      ignores: config.ignores,
      today: config.today,
      runner: config.runner,
      log: config.log,
    });
    const [scan] = result.images;
    if (scan === undefined) throw new Error(`trivy reported nothing for ${image}`);
    return {
      image,
      verdict: scan.verdict.verdict,
      reason: verdictReason(scan.verdict, config.policy),
      ...(scan.sbom !== undefined ? { sbom: scan.sbom } : {}),
      ...(result.sarif !== undefined ? { sarif: result.sarif } : {}),
    };
  };
}

/** The gate's verdict in one line: what blocks (the first few, by severity), or that nothing does. */
export function verdictReason(verdict: ImageVerdict, policy: GatePolicy): string {
  const gate = `at or above ${policy.threshold}${policy.ignoreUnfixed ? ' with a fixed version' : ''}`;
  const total = Object.values(verdict.counts).reduce((sum, n) => sum + n, 0);
  const ignored =
    verdict.ignored.length > 0
      ? `; ${verdict.ignored.length} ignored (${[...new Set(verdict.ignored.map((i) => i.finding.id))].join(', ')})`
      : '';
  if (verdict.blocking.length === 0) return `no finding ${gate} (${total} findings in all${ignored})`;
  const shown = verdict.blocking.slice(0, 3).map((f) => {
    const fix = f.fixedVersion !== undefined ? `, fixed in ${f.fixedVersion}` : '';
    return `${f.id} (${f.severity}, ${f.pkg} ${f.installedVersion}${fix})`;
  });
  const more = verdict.blocking.length > shown.length ? ` and ${verdict.blocking.length - shown.length} more` : '';
  return `${verdict.blocking.length} finding${verdict.blocking.length === 1 ? '' : 's'} ${gate}: ${shown.join(', ')}${more}${ignored}`;
}
