import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const cache = vi.hoisted(() => {
  class ReserveCacheError extends Error {}
  return { isFeatureAvailable: vi.fn(), restoreCache: vi.fn(), saveCache: vi.fn(), ReserveCacheError };
});
vi.mock('@actions/cache', () => cache);

const { ActionsDbCache, DB_CACHE_PREFIX, dbCacheKey, DirectoryDbCache, prepareDb } = await import('../../../packages/trivy/index.js');
const { MemoryLogger } = await import('../../../packages/logging/index.js');

describe('ActionsDbCache: the @actions/cache wiring', () => {
  beforeEach(() => {
    cache.isFeatureAvailable.mockReturnValue(true);
  });
  afterEach(() => vi.resetAllMocks());

  it('restores the DB directory under the daily key, falling back to the newest older key', async () => {
    cache.restoreCache.mockResolvedValue('trivy-db-2026-11-21');
    const runner = {
      run: vi.fn().mockResolvedValue({ exitCode: 0, stdout: '', stderr: '' }),
    };
    cache.saveCache.mockResolvedValue(42);
    const state = await prepareDb({
      trivy: 'trivy',
      cacheDir: '/runner/temp/scan-with-trivy-cache',
      repositories: ['r:2'],
      store: new ActionsDbCache(new MemoryLogger()),
      runner,
      log: new MemoryLogger(),
      today: '2026-11-22',
    });
    expect(cache.restoreCache).toHaveBeenCalledWith(['/runner/temp/scan-with-trivy-cache/db'], 'trivy-db-2026-11-22', ['trivy-db-']);
    expect(cache.saveCache).toHaveBeenCalledWith(['/runner/temp/scan-with-trivy-cache/db'], 'trivy-db-2026-11-22');
    expect(state).toMatchObject({ source: 'download', restoredKey: 'trivy-db-2026-11-21', saved: true });
  });

  it.each([
    { name: 'saved', result: () => Promise.resolve(7), saved: true },
    { name: 'key reserved by another job (-1)', result: () => Promise.resolve(-1), saved: false },
    { name: 'ReserveCacheError', result: () => Promise.reject(new cache.ReserveCacheError('already exists')), saved: false },
    { name: 'service error', result: () => Promise.reject(new Error('boom')), saved: false },
  ])('save: $name', async ({ result, saved }) => {
    cache.saveCache.mockImplementation(result);
    expect(await new ActionsDbCache(new MemoryLogger()).save(['/d'], 'k')).toBe(saved);
  });

  it('does nothing when the cache service is not available', async () => {
    cache.isFeatureAvailable.mockReturnValue(false);
    const store = new ActionsDbCache(new MemoryLogger());
    expect(await store.restore(['/d'], 'k', ['p'])).toBeUndefined();
    expect(await store.save(['/d'], 'k')).toBe(false);
    expect(cache.restoreCache).not.toHaveBeenCalled();
    expect(cache.saveCache).not.toHaveBeenCalled();
  });

  it('keys: a prefix and the UTC day', () => {
    expect(DB_CACHE_PREFIX).toBe('trivy-db-');
    expect(dbCacheKey('2026-11-22')).toBe('trivy-db-2026-11-22');
    expect(new DirectoryDbCache('/nowhere')).toBeDefined();
  });
});
