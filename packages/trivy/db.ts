import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors/index.js';
import type { Logger } from '../logging/index.js';
import type { CommandResult, CommandRunner } from '../process/index.js';
import { transientRegistryFailure } from '../retry/index.js';
import { type DbCacheStore, dbCacheKey, dbCachePrefix } from './db-cache.js';

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
  /** The clock the DB's age is measured with; now by default. */
  now?: Date;
  /**
   * The key of the run's DB, as the job that fetched it before every scan
   * (the root action's `phase: db`) left it in the cache: restored exactly,
   * and then nothing is downloaded. When it cannot be restored (the cache
   * service is down) this job gets the DB itself, and says so.
   */
  runKey?: string;
}

export interface DbState {
  /**
   * `cache`: a cached copy is used and nothing was downloaded (today's, or an
   * older one trivy found current by its NextUpdate); `download`: fetched
   * now; `stale-cache`: every repository failed and an older cached copy is
   * what there is (its age decides whether it may be used).
   */
  source: 'cache' | 'download' | 'stale-cache';
  /** The cache key restored, if any. */
  restoredKey?: string;
  /**
   * The cache key that holds this DB, for the run's later jobs to restore:
   * today's (restored, or saved now), or the older key restored when every
   * repository failed.
   */
  key: string;
  /** The repository the DB came from, when it was downloaded. */
  repository?: string;
  /** Whether this job saved the DB to the cache. */
  saved: boolean;
  /** When the DB was built, from its own metadata.json (`UpdatedAt`): its age is counted from this. */
  updatedAt: string;
  /** Its age when prepared, in milliseconds. */
  ageMs: number;
  /** The repositories that failed on the way, each with trivy's reason. */
  failures: string[];
}

export function dbDirectory(cacheDir: string): string {
  return join(cacheDir, 'db');
}

/**
 * Gets the DB once for the whole step (every image is then scanned with
 * `--skip-db-update`): the run's copy when a job before this one fetched it
 * (`runKey`); else restored from the cache when today's copy is there, else
 * downloaded from the first repository that answers, and saved under
 * today's key. Only a job that did not restore today's key saves, and a key
 * another job saved first is not an error. Keys are per list of
 * repositories: another source's DB is never restored.
 */
export async function prepareDb(options: DbOptions): Promise<DbState> {
  const dir = dbDirectory(options.cacheDir);
  const prefix = dbCachePrefix(options.repositories);
  const key = dbCacheKey(options.repositories, options.today);
  const present = () => existsSync(join(dir, 'trivy.db')) && existsSync(join(dir, 'metadata.json'));
  const now = options.now ?? new Date();
  const aged = async (state: Omit<DbState, 'updatedAt' | 'ageMs'>): Promise<DbState> => {
    const updatedAt = await dbUpdatedAt(options.cacheDir);
    return { ...state, updatedAt, ageMs: Math.max(0, now.getTime() - Date.parse(updatedAt)) };
  };
  if (options.runKey !== undefined) {
    const runKey = checkDbCacheKey(options.runKey, options.repositories);
    if ((await options.store.restore([dir], runKey, [])) === runKey && present()) {
      options.log.info(`Vulnerability DB: the run's copy restored from the cache (${runKey}); no download.`);
      return aged({ source: 'cache', restoredKey: runKey, key: runKey, saved: false, failures: [] });
    }
    options.log.warning(`Vulnerability DB: the run's copy ${runKey} could not be restored from the cache; this job gets the DB itself.`);
  }
  const restoredKey = await options.store.restore([dir], key, [prefix]);
  const restored = present();
  if (restoredKey === key && restored) {
    options.log.info(`Vulnerability DB: today's copy restored from the cache (${key}); no download.`);
    return aged({ source: 'cache', restoredKey, key, saved: false, failures: [] });
  }
  // A restored copy whose age cannot be told is downloaded over, not refused.
  const restoredUpdatedAt = restored ? await dbUpdatedAt(options.cacheDir).catch(() => undefined) : undefined;
  let downloaded: { repository: string; failures: string[] };
  try {
    downloaded = await downloadDb(options);
  } catch (thrown: unknown) {
    if (restoredKey === undefined || !restored || !(thrown instanceof DbUnavailableError)) throw thrown;
    // The cached copy's age, not this warning, decides whether it may be scanned with (see dbAgeProblem).
    options.log.warning(`Vulnerability DB: no repository answered; what there is, is the cached copy ${restoredKey}. ${thrown.message}`);
    return aged({ source: 'stale-cache', restoredKey, key: restoredKey, saved: false, failures: thrown.failures });
  }
  const saved = await options.store.save([dir], key);
  const refreshed = !restored || (await dbUpdatedAt(options.cacheDir)) !== restoredUpdatedAt;
  if (!refreshed) {
    // trivy downloads nothing while the copy's own NextUpdate is ahead: what it scans with is the restored copy.
    options.log.info(
      `Vulnerability DB: the copy restored from ${restoredKey ?? 'the cache'} is current by its own NextUpdate; trivy downloaded nothing.`,
    );
    return aged({
      source: 'cache',
      key: saved ? key : (restoredKey ?? key),
      saved,
      failures: downloaded.failures,
      ...(restoredKey !== undefined ? { restoredKey } : {}),
    });
  }
  options.log.info(
    `Vulnerability DB: downloaded from ${downloaded.repository}; ${saved ? `saved to the cache as ${key}` : `not saved (no cache here, or another job saved ${key} first)`}.`,
  );
  return aged({
    source: 'download',
    repository: downloaded.repository,
    key,
    saved,
    failures: downloaded.failures,
    ...(restoredKey !== undefined ? { restoredKey } : {}),
  });
}

/**
 * The run's key (input `db-cache-key`) as given, or the user's mistake when
 * it is not a key of the DB from these repositories: the job that fetched it
 * was given other DB repositories than this one.
 */
export function checkDbCacheKey(runKey: string, repositories: readonly string[]): string {
  const prefix = dbCachePrefix(repositories);
  if (runKey.startsWith(prefix) && /^\d{4}-\d{2}-\d{2}$/.test(runKey.slice(prefix.length))) return runKey;
  throw new UserError({
    message: `input 'db-cache-key' is '${runKey}', which is not a key of the vulnerability DB from ${repositories.join(', ')} (those are ${prefix}YYYY-MM-DD).`,
    hint: `Pass the 'db-cache-key' output of the step that fetched the DB (phase: db), given the same DB repository as this step.`,
  });
}

/** Every repository was down or rate-limited: the failures say which and why. */
export class DbUnavailableError extends Error {
  constructor(readonly failures: string[]) {
    super(`no DB repository answered (tried ${failures.length}):\n${failures.join('\n')}`);
    this.name = 'DbUnavailableError';
  }
}

/** Tries each repository in order; moves on only when one is overloaded or down (429, 5xx, unreachable). */
export async function downloadDb(options: DbOptions): Promise<{ repository: string; failures: string[] }> {
  const failures: string[] = [];
  for (const repository of options.repositories) {
    const result = await options.runner.run({
      file: options.trivy,
      args: ['image', '--download-db-only', '--db-repository', repository, '--cache-dir', options.cacheDir, ...QUIET_FLAGS],
      quiet: true,
    });
    if (result.exitCode === 0) return { repository, failures };
    const reason = lastLine(result);
    if (!isTransient(result)) {
      throw new Error(`trivy could not download the vulnerability DB from ${repository}: ${reason}`);
    }
    options.log.warning(`Vulnerability DB: ${repository} is unavailable (${reason}); trying the next repository.`);
    failures.push(`${repository}: ${reason}`);
  }
  throw new DbUnavailableError(failures);
}

/** Whether trivy's failure says the repository is rate-limiting or down, rather than wrong (the shared list of transient failures). */
export function isTransient(result: CommandResult): boolean {
  return transientRegistryFailure(`${result.stderr}\n${result.stdout}`) !== undefined;
}

/**
 * When the DB in `cacheDir` was built, from its metadata.json. A DB whose age
 * cannot be told is not used: the gate would not know what it scanned with.
 */
export async function dbUpdatedAt(cacheDir: string): Promise<string> {
  const file = join(dbDirectory(cacheDir), 'metadata.json');
  let updatedAt: unknown;
  try {
    updatedAt = (JSON.parse(await readFile(file, 'utf8')) as { UpdatedAt?: unknown }).UpdatedAt;
  } catch (thrown: unknown) {
    throw new Error(`the vulnerability DB's ${file} cannot be read: ${thrown instanceof Error ? thrown.message : String(thrown)}`);
  }
  if (typeof updatedAt !== 'string' || Number.isNaN(Date.parse(updatedAt))) {
    throw new Error(`the vulnerability DB's ${file} has no UpdatedAt time, so its age cannot be told`);
  }
  return updatedAt;
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
