import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Where the vulnerability DB is kept between jobs. In the action this is the
 * Actions cache (ActionsDbCache); the tests use a directory with the same
 * semantics, since the Actions cache service cannot be reached outside GitHub.
 */
export interface DbCacheStore {
  /**
   * Restores `paths` from the entry under `primaryKey`, else from the newest
   * entry whose key starts with one of `restoreKeys` (in order). Returns the
   * key it restored, or undefined when nothing matched.
   */
  restore(paths: string[], primaryKey: string, restoreKeys: string[]): Promise<string | undefined>;
  /** Saves `paths` under `key`; false when the key is taken (another job saved first) or saving is unavailable. */
  save(paths: string[], key: string): Promise<boolean>;
}

/** What every DB cache key starts with. */
export const DB_CACHE_PREFIX = 'trivy-db-';

/**
 * The prefix of the keys of one source: a hash of the DB repositories in
 * their order, so a run with another `trivy-db-repository` (another mirror,
 * a test DB) never restores a DB this one did not ask for.
 */
export function dbCachePrefix(repositories: readonly string[]): string {
  const hash = createHash('sha256').update(repositories.join('\n')).digest('hex').slice(0, 16);
  return `${DB_CACHE_PREFIX}${hash}-`;
}

/** The key of that source's DB on a UTC day (`YYYY-MM-DD`), so it is refreshed at most daily. */
export function dbCacheKey(repositories: readonly string[], today: string): string {
  return `${dbCachePrefix(repositories)}${today}`;
}

/**
 * The Actions cache's rules in a directory: one sub-directory per key, exact
 * key first, then the most recently saved key with a matching prefix; a key
 * once saved is never overwritten.
 */
export class DirectoryDbCache implements DbCacheStore {
  constructor(readonly root: string) {}

  async restore(paths: string[], primaryKey: string, restoreKeys: string[]): Promise<string | undefined> {
    const key = await this.match(primaryKey, restoreKeys);
    if (key === undefined) return undefined;
    for (const [index, path] of paths.entries()) {
      await rm(path, { recursive: true, force: true });
      await cp(join(this.root, key, String(index)), path, { recursive: true });
    }
    return key;
  }

  async save(paths: string[], key: string): Promise<boolean> {
    const dir = join(this.root, key);
    if (existsSync(dir)) return false;
    // Written aside, then renamed: of two jobs saving at once, one rename wins.
    const partial = `${dir}.${randomUUID()}.partial`;
    try {
      for (const [index, path] of paths.entries()) await cp(path, join(partial, String(index)), { recursive: true });
      await mkdir(this.root, { recursive: true });
      await rename(partial, dir);
      return true;
    } catch (thrown: unknown) {
      const code = (thrown as NodeJS.ErrnoException).code;
      if (code === 'ENOTEMPTY' || code === 'EEXIST') return false;
      throw thrown;
    } finally {
      await rm(partial, { recursive: true, force: true });
    }
  }

  async keys(): Promise<string[]> {
    if (!existsSync(this.root)) return [];
    return (await readdir(this.root)).filter((name) => !name.endsWith('.partial'));
  }

  private async match(primaryKey: string, restoreKeys: string[]): Promise<string | undefined> {
    const keys = await this.keys();
    if (keys.includes(primaryKey)) return primaryKey;
    for (const prefix of restoreKeys) {
      const candidates = keys.filter((k) => k.startsWith(prefix));
      if (candidates.length === 0) continue;
      const times = await Promise.all(candidates.map(async (k) => ({ k, t: (await stat(join(this.root, k))).mtimeMs })));
      times.sort((a, b) => b.t - a.t || b.k.localeCompare(a.k));
      return times[0]?.k;
    }
    return undefined;
  }
}

/** No cache: every step downloads (the `cache-db: false` choice). */
export const noDbCache: DbCacheStore = {
  restore: async () => undefined,
  save: async () => false,
};
