import * as cache from '@actions/cache';
import type { Logger } from '../logging/index.js';
import type { DbCacheStore } from './db-cache.js';

/**
 * The Actions cache. When the service is unavailable (a runner without it,
 * GHES without cache) the scan goes on without a cache, and says so: the cache
 * saves downloads, it does not decide anything.
 */
export class ActionsDbCache implements DbCacheStore {
  constructor(private readonly log: Logger) {}

  async restore(paths: string[], primaryKey: string, restoreKeys: string[]): Promise<string | undefined> {
    if (!cache.isFeatureAvailable()) {
      this.log.info('The Actions cache is not available here; the vulnerability DB will be downloaded.');
      return undefined;
    }
    try {
      return await cache.restoreCache(paths, primaryKey, restoreKeys);
    } catch (thrown: unknown) {
      this.log.warning(`Could not restore the vulnerability DB from the Actions cache: ${text(thrown)}`);
      return undefined;
    }
  }

  async save(paths: string[], key: string): Promise<boolean> {
    if (!cache.isFeatureAvailable()) return false;
    try {
      // -1: another job of this run reserved the key first; its copy is as good as ours.
      return (await cache.saveCache(paths, key)) !== -1;
    } catch (thrown: unknown) {
      if (thrown instanceof cache.ReserveCacheError) return false;
      this.log.warning(`Could not save the vulnerability DB to the Actions cache: ${text(thrown)}`);
      return false;
    }
  }
}

function text(thrown: unknown): string {
  return thrown instanceof Error ? thrown.message : String(thrown);
}
