import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../logging/index.js';
import type { CommandResult, CommandRunner } from '../process/index.js';
import { DB_CACHE_PREFIX, type DbCacheStore, dbCacheKey } from './db-cache.js';

/** trivy's own default DB repositories, in its order, plus AWS's public mirror. */
export const DEFAULT_DB_REPOSITORIES = [
  'mirror.gcr.io/aquasec/trivy-db:2',
  'ghcr.io/aquasecurity/trivy-db:2',
  'public.ecr.aws/aquasecurity/trivy-db:2',
];

/** Flags that keep trivy from calling home or fetching what a vulnerability scan of an image does not need. */
export const QUIET_FLAGS = ['--skip-version-check', '--disable-telemetry', '--no-progress'];

export interface DbOptions {
  trivy: string;
  /** trivy's `--cache-dir`; the DB lives in its `db/` directory. */
  cacheDir: string;
  repositories: readonly string[];
  store: DbCacheStore;
  runner: CommandRunner;
  log: Logger;
  /** UTC `YYYY-MM-DD`. */
  today: string;
}

export interface DbState {
  /** `cache`: today's DB was restored and no download happened. */
  source: 'cache' | 'download' | 'stale-cache';
  /** The cache key restored, if any. */
  restoredKey?: string;
  /** The repository the DB came from, when it was downloaded. */
  repository?: string;
  /** Whether this job saved the DB to the cache. */
  saved: boolean;
}

export function dbDirectory(cacheDir: string): string {
  return join(cacheDir, 'db');
}

/**
 * Gets the DB once for the whole step (every image is then scanned with
 * `--skip-db-update`): restored from the cache when today's copy is there,
 * else downloaded from the first repository that answers, and saved under
 * today's key. Only a job that did not restore today's key saves, and a key
 * another job saved first is not an error, so a matrix saves it once.
 */
export async function prepareDb(options: DbOptions): Promise<DbState> {
  const dir = dbDirectory(options.cacheDir);
  const key = dbCacheKey(options.today);
  const restoredKey = await options.store.restore([dir], key, [DB_CACHE_PREFIX]);
  const present = existsSync(join(dir, 'trivy.db')) && existsSync(join(dir, 'metadata.json'));
  if (restoredKey === key && present) {
    options.log.info(`Vulnerability DB: today's copy restored from the cache (${key}); no download.`);
    return { source: 'cache', restoredKey, saved: false };
  }
  let repository: string;
  try {
    repository = await downloadDb(options);
  } catch (thrown: unknown) {
    if (restoredKey === undefined || !present) throw thrown;
    options.log.warning(
      `Vulnerability DB: no repository answered; scanning with the cached copy ${restoredKey}. ${thrown instanceof Error ? thrown.message : String(thrown)}`,
    );
    return { source: 'stale-cache', restoredKey, saved: false };
  }
  const saved = await options.store.save([dir], key);
  options.log.info(
    `Vulnerability DB: downloaded from ${repository}; ${saved ? `saved to the cache as ${key}` : `not saved (no cache here, or another job saved ${key} first)`}.`,
  );
  return { source: 'download', repository, saved, ...(restoredKey !== undefined ? { restoredKey } : {}) };
}

/** Tries each repository in order; moves on only when one is overloaded or down (429, 5xx, unreachable). */
export async function downloadDb(options: DbOptions): Promise<string> {
  const failures: string[] = [];
  for (const repository of options.repositories) {
    const result = await options.runner.run({
      file: options.trivy,
      args: ['image', '--download-db-only', '--db-repository', repository, '--cache-dir', options.cacheDir, ...QUIET_FLAGS],
      quiet: true,
    });
    if (result.exitCode === 0) return repository;
    const reason = lastLine(result);
    if (!isTransient(result)) {
      throw new Error(`trivy could not download the vulnerability DB from ${repository}: ${reason}`);
    }
    options.log.warning(`Vulnerability DB: ${repository} is unavailable (${reason}); trying the next repository.`);
    failures.push(`${repository}: ${reason}`);
  }
  throw new Error(`no DB repository answered (tried ${failures.length}):\n${failures.join('\n')}`);
}

const TRANSIENT = [
  /\b429\b/,
  /TOOMANYREQUESTS/i,
  /too many requests/i,
  /\b5\d\d\b/,
  /service unavailable/i,
  /\bUNAVAILABLE:/,
  /bad gateway/i,
  /gateway time-?out/i,
  /internal server error/i,
  /connection refused/i,
  /connection reset/i,
  /i\/o timeout/i,
  /no such host/i,
  /TLS handshake timeout/i,
];

/** Whether trivy's failure says the repository is rate-limiting or down, rather than wrong. */
export function isTransient(result: CommandResult): boolean {
  const text = `${result.stderr}\n${result.stdout}`;
  return TRANSIENT.some((pattern) => pattern.test(text));
}

/** The innermost cause trivy printed (its last `* ...` line), else its FATAL line. */
function lastLine(result: CommandResult): string {
  const lines = `${result.stderr}\n${result.stdout}`
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const causes = lines.filter((l) => l.startsWith('* '));
  const line = causes.at(-1)?.slice(2) ?? lines.find((l) => /FATAL/.test(l)) ?? lines.at(-1) ?? '';
  return line.slice(0, 500);
}
