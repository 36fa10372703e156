import { cp, mkdir, rename, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../logging/index.js';
import type { DbCacheStore } from './db-cache.js';

/** Where the DB passes through the Actions cache: the same path in every job of a machine (see ActionsDbCache). */
export const DEFAULT_DB_STAGING = join(homedir(), '.cache', 'image-actions-trivy-db');

/**
 * @actions/cache, loaded when the cache is first used: it is the largest
 * dependency (the Azure storage client), and most steps never touch the cache.
 */
const actionsCache = () => import('@actions/cache');

/** A lock older than this was left by a job that died; a restore or save takes seconds, a large one a minute or two. */
const STALE_LOCK_MS = 10 * 60_000;
const LOCK_POLL_MS = 250;

/**
 * The Actions cache. When the service is unavailable (a runner without it,
 * GHES without cache) the scan goes on without a cache, and says so: the cache
 * saves downloads, it does not decide anything.
 *
 * An Actions cache entry is restored only by a job that names the very paths
 * it was saved from, and a job's own temporary directory is not the same path
 * in every job (self-hosted runners each have theirs; act gives every job a
 * new one), nor can it be named relative to the workspace (the cache refuses
 * `..` in a path). The DB therefore goes through one staging directory, the same
 * path in every job, and is moved from there into the job's own directory.
 * Jobs that share a machine take turns with it, under a lock.
 */
export class ActionsDbCache implements DbCacheStore {
  constructor(
    private readonly log: Logger,
    private readonly staging = DEFAULT_DB_STAGING,
  ) {}

  async restore(paths: string[], primaryKey: string, restoreKeys: string[]): Promise<string | undefined> {
    const cache = await actionsCache();
    if (!cache.isFeatureAvailable()) {
      this.log.info('The Actions cache is not available here; the vulnerability DB will be downloaded.');
      return undefined;
    }
    try {
      return await this.exclusively(async (staged) => {
        const key = await cache.restoreCache(staged, primaryKey, restoreKeys);
        if (key === undefined) return undefined;
        for (const [index, path] of paths.entries()) await move(staged[index] ?? '', path);
        return key;
      }, paths.length);
    } catch (thrown: unknown) {
      this.log.warning(`Could not restore the vulnerability DB from the Actions cache: ${text(thrown)}`);
      return undefined;
    }
  }

  async save(paths: string[], key: string): Promise<boolean> {
    const cache = await actionsCache();
    if (!cache.isFeatureAvailable()) return false;
    try {
      return await this.exclusively(async (staged) => {
        for (const [index, path] of paths.entries()) await cp(path, staged[index] ?? '', { recursive: true });
        // -1: another job of this run reserved the key first; its copy is as good as ours.
        return (await cache.saveCache(staged, key)) !== -1;
      }, paths.length);
    } catch (thrown: unknown) {
      if (thrown instanceof cache.ReserveCacheError) return false;
      this.log.warning(`Could not save the vulnerability DB to the Actions cache: ${text(thrown)}`);
      return false;
    }
  }

  /** Runs `work` on an emptied staging directory (one path per cached path), holding the machine's lock on it. */
  private async exclusively<T>(work: (staged: string[]) => Promise<T>, count: number): Promise<T> {
    const lock = `${this.staging}.lock`;
    await mkdir(dirname(lock), { recursive: true });
    await acquire(lock, this.log);
    try {
      await rm(this.staging, { recursive: true, force: true });
      return await work(Array.from({ length: count }, (_, index) => join(this.staging, String(index))));
    } finally {
      await rm(this.staging, { recursive: true, force: true });
      await rm(lock, { recursive: true, force: true });
    }
  }
}

/** Takes the lock directory (mkdir is atomic), waiting while another job holds it, taking over one left by a dead job. */
async function acquire(lock: string, log: Logger): Promise<void> {
  let told = false;
  for (;;) {
    try {
      await mkdir(lock);
      return;
    } catch (thrown: unknown) {
      if ((thrown as NodeJS.ErrnoException).code !== 'EEXIST') throw thrown;
    }
    const since = await stat(lock).then(
      (s) => s.mtimeMs,
      () => undefined,
    );
    if (since !== undefined && Date.now() - since > STALE_LOCK_MS) {
      log.warning(
        `${lock} was taken ${Math.round((Date.now() - since) / 60_000)} minutes ago by a job that did not finish; taking it over.`,
      );
      await rm(lock, { recursive: true, force: true });
      continue;
    }
    if (!told) log.info(`Another job on this machine is restoring or saving the vulnerability DB (${lock}); waiting for it.`);
    told = true;
    await sleep(LOCK_POLL_MS);
  }
}

/** Moves a restored directory into the job's own place: a rename, or a copy across file systems. */
async function move(from: string, to: string): Promise<void> {
  await rm(to, { recursive: true, force: true });
  await mkdir(dirname(to), { recursive: true });
  try {
    await rename(from, to);
  } catch (thrown: unknown) {
    if ((thrown as NodeJS.ErrnoException).code !== 'EXDEV') throw thrown;
    await cp(from, to, { recursive: true });
  }
}

function text(thrown: unknown): string {
  return thrown instanceof Error ? thrown.message : String(thrown);
}
