import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const cache = vi.hoisted(() => {
  class ReserveCacheError extends Error {}
  return { isFeatureAvailable: vi.fn(), restoreCache: vi.fn(), saveCache: vi.fn(), ReserveCacheError };
});
vi.mock('@actions/cache', () => cache);

const { ActionsDbCache, dbCacheKey, dbCachePrefix, prepareDb } = await import('../../../packages/trivy/index.js');
const { MemoryLogger } = await import('../../../packages/logging/index.js');

describe('ActionsDbCache: the @actions/cache wiring', () => {
  let work: string;
  /** The staging directory every job of a machine shares. */
  let staging: string;
  beforeEach(() => {
    cache.isFeatureAvailable.mockReturnValue(true);
    work = mkdtempSync(join(tmpdir(), 'actions-db-cache-'));
    staging = join(work, 'staging');
  });
  afterEach(() => {
    vi.resetAllMocks();
    rmSync(work, { recursive: true, force: true });
  });

  /** What the cache service restores: the saved files, extracted where they were saved from. */
  const extracted = (files: Record<string, string>) => async (paths: string[], _key: string, _restoreKeys: string[]) => {
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(paths[0] ?? '', { recursive: true });
      writeFileSync(join(paths[0] ?? '', name), content);
    }
    return _restoreKeys.length > 0 ? `${_restoreKeys[0]}2026-11-21` : _key;
  };

  it('restores the DB under the daily key of its repositories, falling back to the newest older key of the same repositories', async () => {
    const cacheDir = join(work, 'job');
    cache.restoreCache.mockImplementation(extracted({ 'trivy.db': 'yesterday', 'metadata.json': '{"Version":2}' }));
    // trivy's --download-db-only: the DB and its metadata land in the cache dir.
    const runner = {
      run: vi.fn().mockImplementation(async () => {
        writeFileSync(join(cacheDir, 'db', 'trivy.db'), 'db');
        writeFileSync(join(cacheDir, 'db', 'metadata.json'), '{"Version":2,"UpdatedAt":"2026-11-22T06:00:00Z"}');
        return { exitCode: 0, stdout: '', stderr: '' };
      }),
    };
    let savedContent = '';
    cache.saveCache.mockImplementation(async (paths: string[]) => {
      savedContent = readFileSync(join(paths[0] ?? '', 'trivy.db'), 'utf8');
      return 42;
    });
    const state = await prepareDb({
      trivy: 'trivy',
      cacheDir,
      repositories: ['r:2'],
      store: new ActionsDbCache(new MemoryLogger(), staging),
      runner,
      log: new MemoryLogger(),
      today: '2026-11-22',
    });
    expect(cache.restoreCache).toHaveBeenCalledWith([join(staging, '0')], 'trivy-db-d35bc23666215b8c-2026-11-22', [
      'trivy-db-d35bc23666215b8c-',
    ]);
    expect(cache.saveCache).toHaveBeenCalledWith([join(staging, '0')], 'trivy-db-d35bc23666215b8c-2026-11-22');
    expect(savedContent).toBe('db');
    expect(state).toMatchObject({ source: 'download', restoredKey: 'trivy-db-d35bc23666215b8c-2026-11-21', saved: true });
    expect(existsSync(staging)).toBe(false);
  });

  it('every job names the same paths to the cache (its entries are tied to them), whatever its own directory', async () => {
    cache.restoreCache.mockImplementation(extracted({ 'trivy.db': "the run's DB" }));
    for (const job of ['job-a', 'job-b']) {
      const target = join(work, job, 'trivy-cache', 'db');
      expect(await new ActionsDbCache(new MemoryLogger(), staging).restore([target], 'k', [])).toBe('k');
      expect(readFileSync(join(target, 'trivy.db'), 'utf8')).toBe("the run's DB");
    }
    expect(cache.restoreCache.mock.calls.map((call) => call[0])).toEqual([[join(staging, '0')], [join(staging, '0')]]);
  });

  it('jobs of one machine take turns with the staging directory', async () => {
    let inside = 0;
    let most = 0;
    cache.restoreCache.mockImplementation(async (paths: string[], key: string) => {
      inside++;
      most = Math.max(most, inside);
      await new Promise((done) => setTimeout(done, 20));
      mkdirSync(paths[0] ?? '', { recursive: true });
      writeFileSync(join(paths[0] ?? '', 'trivy.db'), key);
      inside--;
      return key;
    });
    const targets = ['a', 'b', 'c'].map((job) => join(work, job, 'db'));
    const keys = await Promise.all(targets.map((t, i) => new ActionsDbCache(new MemoryLogger(), staging).restore([t], `k${i}`, [])));
    expect(keys).toEqual(['k0', 'k1', 'k2']);
    expect(most).toBe(1);
    expect(targets.map((t) => readFileSync(join(t, 'trivy.db'), 'utf8'))).toEqual(['k0', 'k1', 'k2']);
  });

  it('takes over a lock left by a job that died', async () => {
    mkdirSync(`${staging}.lock`, { recursive: true });
    const old = new Date(Date.now() - 11 * 60_000);
    const { utimesSync } = await import('node:fs');
    utimesSync(`${staging}.lock`, old, old);
    cache.restoreCache.mockImplementation(extracted({ 'trivy.db': 'db' }));
    const log = new MemoryLogger();
    expect(await new ActionsDbCache(log, staging).restore([join(work, 'job', 'db')], 'k', [])).toBe('k');
    expect(log.messages('warning')[0]).toMatch(/was taken 11 minutes ago by a job that did not finish; taking it over/);
  });

  it.each([
    { name: 'saved', result: () => Promise.resolve(7), saved: true },
    { name: 'key reserved by another job (-1)', result: () => Promise.resolve(-1), saved: false },
    { name: 'ReserveCacheError', result: () => Promise.reject(new cache.ReserveCacheError('already exists')), saved: false },
    { name: 'service error', result: () => Promise.reject(new Error('boom')), saved: false },
  ])('save: $name', async ({ result, saved }) => {
    const dir = join(work, 'job', 'db');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'trivy.db'), 'db');
    cache.saveCache.mockImplementation(result);
    expect(await new ActionsDbCache(new MemoryLogger(), staging).save([dir], 'k')).toBe(saved);
    expect(existsSync(`${staging}.lock`)).toBe(false);
  });

  it('does nothing when the cache service is not available', async () => {
    cache.isFeatureAvailable.mockReturnValue(false);
    const store = new ActionsDbCache(new MemoryLogger(), staging);
    expect(await store.restore(['/d'], 'k', ['p'])).toBeUndefined();
    expect(await store.save(['/d'], 'k')).toBe(false);
    expect(cache.restoreCache).not.toHaveBeenCalled();
    expect(cache.saveCache).not.toHaveBeenCalled();
  });

  it("keys: the DB repositories and the UTC day, so a source's DB is refreshed at most daily", () => {
    expect(dbCacheKey(['r:2'], '2026-11-22')).toBe('trivy-db-d35bc23666215b8c-2026-11-22');
    expect(dbCachePrefix(['r:2'])).toBe('trivy-db-d35bc23666215b8c-');
  });
});
