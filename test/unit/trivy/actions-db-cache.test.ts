import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
  beforeEach(() => {
    cache.isFeatureAvailable.mockReturnValue(true);
  });
  afterEach(() => vi.resetAllMocks());

  it('restores the DB directory under the daily key of its repositories, falling back to the newest older key of the same repositories', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'actions-db-cache-'));
    cache.restoreCache.mockResolvedValue('trivy-db-d35bc23666215b8c-2026-11-21');
    // trivy's --download-db-only: the DB and its metadata land in the cache dir.
    const runner = {
      run: vi.fn().mockImplementation(async () => {
        mkdirSync(join(cacheDir, 'db'), { recursive: true });
        writeFileSync(join(cacheDir, 'db', 'trivy.db'), 'db');
        writeFileSync(join(cacheDir, 'db', 'metadata.json'), '{"Version":2,"UpdatedAt":"2026-11-22T06:00:00Z"}');
        return { exitCode: 0, stdout: '', stderr: '' };
      }),
    };
    cache.saveCache.mockResolvedValue(42);
    try {
      const state = await prepareDb({
        trivy: 'trivy',
        cacheDir,
        repositories: ['r:2'],
        store: new ActionsDbCache(new MemoryLogger()),
        runner,
        log: new MemoryLogger(),
        today: '2026-11-22',
      });
      expect(cache.restoreCache).toHaveBeenCalledWith([join(cacheDir, 'db')], 'trivy-db-d35bc23666215b8c-2026-11-22', [
        'trivy-db-d35bc23666215b8c-',
      ]);
      expect(cache.saveCache).toHaveBeenCalledWith([join(cacheDir, 'db')], 'trivy-db-d35bc23666215b8c-2026-11-22');
      expect(state).toMatchObject({ source: 'download', restoredKey: 'trivy-db-d35bc23666215b8c-2026-11-21', saved: true });
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
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

  it("keys: the DB repositories and the UTC day, so a source's DB is refreshed at most daily", () => {
    expect(dbCacheKey(['r:2'], '2026-11-22')).toBe('trivy-db-d35bc23666215b8c-2026-11-22');
    expect(dbCachePrefix(['r:2'])).toBe('trivy-db-d35bc23666215b8c-');
  });
});
