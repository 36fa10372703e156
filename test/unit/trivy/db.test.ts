import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryLogger } from '../../../packages/logging/index.js';
import type { Command, CommandResult, CommandRunner } from '../../../packages/process/index.js';
import {
  checkDbCacheKey,
  type DbOptions,
  type DbState,
  DirectoryDbCache,
  dbAgeProblem,
  dbCacheKey,
  dbCachePrefix,
  formatAge,
  isTransient,
  parseMaxDbAge,
  prepareDb,
} from '../../../packages/trivy/index.js';
import { userErrorOf } from '../../harness/user-error.js';

const stderr = (name: string) => readFileSync(join(import.meta.dirname, '../../fixtures/trivy', `db-download-${name}.stderr.txt`), 'utf8');

describe('isTransient (real trivy 0.74.0 stderr)', () => {
  it.each([
    { name: '429', transient: true },
    { name: '502', transient: true },
    { name: '503', transient: true },
    { name: '503-unavailable', transient: true },
    { name: 'refused', transient: true },
    { name: 'manifest-unknown', transient: false },
  ])('$name -> $transient', ({ name, transient }) => {
    expect(isTransient({ exitCode: 1, stdout: '', stderr: stderr(name) })).toBe(transient);
  });
});

/**
 * Plays trivy's `--download-db-only`: each repository answers with the
 * scripted stderr, or writes a DB into the cache dir. The download logic is
 * what is under test here; test/e2e/scan-db.test.ts runs the real trivy.
 */
class ScriptedTrivy implements CommandRunner {
  readonly calls: string[] = [];
  /** `updatedAt`: the UpdatedAt the downloaded DB's metadata.json says, as trivy-db writes it. */
  constructor(
    private readonly answers: Record<string, string | 'ok'>,
    private readonly updatedAt = '2026-11-22T06:00:00.123456789Z',
  ) {}

  async run(command: Command): Promise<CommandResult> {
    const args = [...command.args];
    const repository = args[args.indexOf('--db-repository') + 1] ?? '';
    const cacheDir = args[args.indexOf('--cache-dir') + 1] ?? '';
    this.calls.push(repository);
    const answer = this.answers[repository] ?? 'manifest-unknown';
    if (answer !== 'ok') return { exitCode: 1, stdout: '', stderr: stderr(answer) };
    mkdirSync(join(cacheDir, 'db'), { recursive: true });
    writeFileSync(join(cacheDir, 'db', 'trivy.db'), `db from ${repository}`);
    writeFileSync(
      join(cacheDir, 'db', 'metadata.json'),
      JSON.stringify({ Version: 2, NextUpdate: '2026-11-23T06:00:00Z', UpdatedAt: this.updatedAt, DownloadedAt: '0001-01-01T00:00:00Z' }),
    );
    return { exitCode: 0, stdout: '', stderr: '' };
  }
}

/** The key of the test's two repositories on a day: the hash of the list is the one pinned in 'cache keys' below. */
const REPOSITORIES = ['mirror.example/db:2', 'backup.example/db:2'];
const keyOf = (day: string) => `trivy-db-11698bc9f217fbb9-${day}`;

describe('cache keys', () => {
  it('name the DB repositories (a hash of the ordered list) and the UTC day', () => {
    expect(dbCacheKey(REPOSITORIES, '2026-11-22')).toBe(keyOf('2026-11-22'));
    expect(dbCachePrefix(REPOSITORIES)).toBe('trivy-db-11698bc9f217fbb9-');
  });

  it.each([
    { name: 'another repository', other: ['mirror.example/db:2', 'elsewhere.example/db:2'] },
    { name: 'the same ones in another order', other: ['backup.example/db:2', 'mirror.example/db:2'] },
    { name: 'one of them', other: ['mirror.example/db:2'] },
    { name: 'one split across two', other: ['mirror.example/db:2\nbackup.example', '/db:2'] },
  ])('differ for $name, so that no key of one source is a prefix of another', ({ other }) => {
    const prefix = dbCachePrefix(other);
    expect(prefix).not.toBe(dbCachePrefix(REPOSITORIES));
    expect(dbCacheKey(REPOSITORIES, '2026-11-22').startsWith(prefix)).toBe(false);
  });

  it('a run key is checked against the repositories in use', () => {
    expect(checkDbCacheKey(keyOf('2026-11-21'), REPOSITORIES)).toBe(keyOf('2026-11-21'));
    for (const wrong of [dbCacheKey(['elsewhere.example/db:2'], '2026-11-22'), 'trivy-db-2026-11-22', `${keyOf('2026-11-22')}-x`]) {
      expect(userErrorOf(() => checkDbCacheKey(wrong, REPOSITORIES))).toMatch(
        new RegExp(
          `input 'db-cache-key' is '${wrong}', which is not a key of the vulnerability DB from mirror\\.example/db:2, backup\\.example/db:2`,
        ),
      );
    }
  });
});

describe('prepareDb', () => {
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'db-test-'));
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  const options = (runner: CommandRunner, store: DirectoryDbCache, today = '2026-11-22', job = 'job1'): DbOptions => ({
    trivy: 'trivy',
    cacheDir: join(work, job),
    repositories: REPOSITORIES,
    store,
    runner,
    log: new MemoryLogger(),
    today,
    now: new Date(`${today}T12:00:00Z`),
  });

  it('downloads from the first repository and saves under today’s key', async () => {
    const store = new DirectoryDbCache(join(work, 'cache'));
    const runner = new ScriptedTrivy({ 'mirror.example/db:2': 'ok' });
    expect(await prepareDb(options(runner, store))).toEqual({
      source: 'download',
      repository: 'mirror.example/db:2',
      key: keyOf('2026-11-22'),
      saved: true,
      updatedAt: '2026-11-22T06:00:00.123456789Z',
      ageMs: 6 * 3_600_000 - 123,
      failures: [],
    });
    expect(await store.keys()).toEqual([keyOf('2026-11-22')]);
  });

  it('skips the download when today’s DB is in the cache (a second job, or a second run)', async () => {
    const store = new DirectoryDbCache(join(work, 'cache'));
    await prepareDb(options(new ScriptedTrivy({ 'mirror.example/db:2': 'ok' }), store, '2026-11-22', 'job1'));
    const second = new ScriptedTrivy({});
    expect(await prepareDb(options(second, store, '2026-11-22', 'job2'))).toMatchObject({
      source: 'cache',
      restoredKey: keyOf('2026-11-22'),
      key: keyOf('2026-11-22'),
      saved: false,
      failures: [],
    });
    expect(second.calls).toEqual([]);
    expect(readFileSync(join(work, 'job2', 'db', 'trivy.db'), 'utf8')).toBe('db from mirror.example/db:2');
  });

  it('restores yesterday’s DB, refreshes it and saves today’s key', async () => {
    const store = new DirectoryDbCache(join(work, 'cache'));
    await prepareDb(options(new ScriptedTrivy({ 'mirror.example/db:2': 'ok' }), store, '2026-11-21', 'job1'));
    const next = await prepareDb(
      options(new ScriptedTrivy({ 'mirror.example/db:2': 'ok' }, '2026-11-22T06:00:00Z'), store, '2026-11-22', 'job2'),
    );
    expect(next).toMatchObject({
      source: 'download',
      restoredKey: keyOf('2026-11-21'),
      key: keyOf('2026-11-22'),
      saved: true,
      updatedAt: '2026-11-22T06:00:00Z',
    });
    expect((await store.keys()).sort()).toEqual([keyOf('2026-11-21'), keyOf('2026-11-22')]);
  });

  it.each([
    { name: '429', answer: '429' },
    { name: '503', answer: '503' },
    { name: 'connection refused', answer: 'refused' },
  ])('falls back to the next repository on $name', async ({ answer }) => {
    const store = new DirectoryDbCache(join(work, 'cache'));
    const runner = new ScriptedTrivy({ 'mirror.example/db:2': answer, 'backup.example/db:2': 'ok' });
    const opts = options(runner, store);
    expect(await prepareDb(opts)).toMatchObject({
      source: 'download',
      repository: 'backup.example/db:2',
      failures: [expect.stringMatching(/^mirror\.example\/db:2: /)],
    });
    expect(runner.calls).toEqual(['mirror.example/db:2', 'backup.example/db:2']);
    expect((opts.log as MemoryLogger).messages('warning')[0]).toMatch(/^Vulnerability DB: mirror\.example\/db:2 is unavailable/);
  });

  it('says so when trivy found the restored copy current and downloaded nothing', async () => {
    const store = new DirectoryDbCache(join(work, 'cache'));
    await prepareDb(options(new ScriptedTrivy({ 'mirror.example/db:2': 'ok' }, '2026-11-21T06:00:00Z'), store, '2026-11-21', 'job1'));
    // trivy exits 0 without touching the DB (its NextUpdate is ahead): the metadata is the restored one.
    const untouched: CommandRunner = { run: async () => ({ exitCode: 0, stdout: '', stderr: '' }) };
    const state = await prepareDb(options(untouched, store, '2026-11-22', 'job2'));
    expect(state).toMatchObject({
      source: 'cache',
      restoredKey: keyOf('2026-11-21'),
      key: keyOf('2026-11-22'),
      updatedAt: '2026-11-21T06:00:00Z',
    });
    expect(state.repository).toBeUndefined();
  });

  it('stops at a repository that does not exist, naming it', async () => {
    const runner = new ScriptedTrivy({ 'mirror.example/db:2': 'manifest-unknown', 'backup.example/db:2': 'ok' });
    await expect(prepareDb(options(runner, new DirectoryDbCache(join(work, 'cache'))))).rejects.toThrow(
      /could not download the vulnerability DB from mirror\.example\/db:2: .*MANIFEST_UNKNOWN/,
    );
    expect(runner.calls).toEqual(['mirror.example/db:2']);
  });

  it('when every repository is down, hands over the cached copy with its age and every failure, for the gate to judge', async () => {
    const store = new DirectoryDbCache(join(work, 'cache'));
    await prepareDb(options(new ScriptedTrivy({ 'mirror.example/db:2': 'ok' }, '2026-11-14T06:00:00Z'), store, '2026-11-14', 'job1'));
    const opts = options(new ScriptedTrivy({ 'mirror.example/db:2': '429', 'backup.example/db:2': '502' }), store, '2026-11-22', 'job2');
    const state = await prepareDb(opts);
    expect(state).toEqual({
      source: 'stale-cache',
      restoredKey: keyOf('2026-11-14'),
      key: keyOf('2026-11-14'),
      saved: false,
      updatedAt: '2026-11-14T06:00:00Z',
      ageMs: (8 * 24 + 6) * 3_600_000,
      failures: [
        expect.stringMatching(/^mirror\.example\/db:2: .*TOOMANYREQUESTS/),
        expect.stringMatching(/^backup\.example\/db:2: .*502 Bad Gateway/),
      ],
    });
    expect((opts.log as MemoryLogger).messages('warning').at(-1)).toMatch(
      new RegExp(`no repository answered; what there is, is the cached copy ${keyOf('2026-11-14')}`),
    );
    expect(dbAgeProblem(state, parseMaxDbAge('2d'))).toBe(
      `the vulnerability DB is 8 days 6 hours old (built 2026-11-14T06:00:00Z), older than max-db-age 2 days; the DB repositories failed: ${state.failures.join('; ')}`,
    );
    expect(dbAgeProblem(state, parseMaxDbAge('9d'))).toBeUndefined();
  });

  it('refuses a DB whose metadata does not say when it was built', async () => {
    const runner: CommandRunner = {
      run: async (command) => {
        const cacheDir = command.args[command.args.indexOf('--cache-dir') + 1] ?? '';
        mkdirSync(join(cacheDir, 'db'), { recursive: true });
        writeFileSync(join(cacheDir, 'db', 'trivy.db'), 'db');
        writeFileSync(join(cacheDir, 'db', 'metadata.json'), '{"Version":2}');
        return { exitCode: 0, stdout: '', stderr: '' };
      },
    };
    await expect(prepareDb(options(runner, new DirectoryDbCache(join(work, 'cache'))))).rejects.toThrow(/has no UpdatedAt time/);
  });

  it('fails when every repository is down and nothing is cached', async () => {
    const runner = new ScriptedTrivy({ 'mirror.example/db:2': '429', 'backup.example/db:2': '503' });
    await expect(prepareDb(options(runner, new DirectoryDbCache(join(work, 'cache'))))).rejects.toThrow(
      /no DB repository answered \(tried 2\)/,
    );
  });

  it('never restores the DB of other repositories, even of the same day', async () => {
    const store = new DirectoryDbCache(join(work, 'cache'));
    await prepareDb({ ...options(new ScriptedTrivy({ 'elsewhere.example/db:2': 'ok' }), store), repositories: ['elsewhere.example/db:2'] });
    const runner = new ScriptedTrivy({ 'mirror.example/db:2': 'ok' });
    const state = await prepareDb(options(runner, store, '2026-11-22', 'job2'));
    expect(state).toMatchObject({ source: 'download', repository: 'mirror.example/db:2', key: keyOf('2026-11-22') });
    expect(state.restoredKey).toBeUndefined();
    expect(runner.calls).toEqual(['mirror.example/db:2']);
    expect(readFileSync(join(work, 'job2', 'db', 'trivy.db'), 'utf8')).toBe('db from mirror.example/db:2');
  });

  describe('with the run key of the job that fetched the DB first', () => {
    it.each([
      { name: 'the same day', fetched: '2026-11-22' },
      { name: 'the day before (a run across midnight): its age still counts', fetched: '2026-11-21' },
    ])('restores exactly that key and downloads nothing: $name', async ({ fetched }) => {
      const store = new DirectoryDbCache(join(work, 'cache'));
      const first = await prepareDb(
        options(new ScriptedTrivy({ 'mirror.example/db:2': 'ok' }, `${fetched}T06:00:00Z`), store, fetched, 'db'),
      );
      // Another key of the same source, younger: the run's key wins.
      await prepareDb(options(new ScriptedTrivy({ 'mirror.example/db:2': 'ok' }), store, '2026-11-22', 'other'));
      const leg = new ScriptedTrivy({});
      const opts = { ...options(leg, store, '2026-11-22', 'leg'), runKey: first.key };
      const state = await prepareDb(opts);
      expect(state).toEqual({
        source: 'cache',
        restoredKey: keyOf(fetched),
        key: keyOf(fetched),
        saved: false,
        updatedAt: `${fetched}T06:00:00Z`,
        ageMs: Date.parse('2026-11-22T12:00:00Z') - Date.parse(`${fetched}T06:00:00Z`),
        failures: [],
      });
      expect(leg.calls).toEqual([]);
      expect((opts.log as MemoryLogger).messages('info')).toContain(
        `Vulnerability DB: the run's copy restored from the cache (${keyOf(fetched)}); no download.`,
      );
    });

    it('downloads it itself when that key cannot be restored (the cache service down), and says so', async () => {
      const leg = new ScriptedTrivy({ 'mirror.example/db:2': 'ok' });
      const opts = { ...options(leg, new DirectoryDbCache(join(work, 'empty-cache'))), runKey: keyOf('2026-11-22') };
      expect(await prepareDb(opts)).toMatchObject({ source: 'download', repository: 'mirror.example/db:2', key: keyOf('2026-11-22') });
      expect(leg.calls).toEqual(['mirror.example/db:2']);
      expect((opts.log as MemoryLogger).messages('warning')).toEqual([
        `Vulnerability DB: the run's copy ${keyOf('2026-11-22')} could not be restored from the cache; this job gets the DB itself.`,
      ]);
    });

    it('refuses the key of other repositories before anything is restored or downloaded', async () => {
      const leg = new ScriptedTrivy({ 'mirror.example/db:2': 'ok' });
      const runKey = dbCacheKey(['elsewhere.example/db:2'], '2026-11-22');
      await expect(prepareDb({ ...options(leg, new DirectoryDbCache(join(work, 'cache'))), runKey })).rejects.toThrow(
        /input 'db-cache-key' is 'trivy-db-[0-9a-f]{16}-2026-11-22', which is not a key of the vulnerability DB from mirror\.example\/db:2/,
      );
      expect(leg.calls).toEqual([]);
    });
  });

  it('two jobs of one day that both missed the cache save it once', async () => {
    const store = new DirectoryDbCache(join(work, 'cache'));
    const answers = { 'mirror.example/db:2': 'ok' } as const;
    const [a, b] = await Promise.all([
      prepareDb(options(new ScriptedTrivy(answers), store, '2026-11-22', 'job1')),
      prepareDb(options(new ScriptedTrivy(answers), store, '2026-11-22', 'job2')),
    ]);
    expect([a.saved, b.saved].sort()).toEqual([false, true]);
    expect(await store.keys()).toEqual([dbCacheKey(REPOSITORIES, '2026-11-22')]);
  });
});

describe('the DB age policy', () => {
  const state = (ageHours: number): DbState => ({
    source: 'cache',
    key: keyOf('2026-11-22'),
    saved: false,
    updatedAt: '2026-11-22T00:00:00Z',
    ageMs: ageHours * 3_600_000,
    failures: [],
  });

  it.each([
    { value: '2d', ms: 48 * 3_600_000 },
    { value: '36h', ms: 36 * 3_600_000 },
    { value: ' 7d ', ms: 7 * 24 * 3_600_000 },
  ])('max-db-age $value', ({ value, ms }) => {
    expect(parseMaxDbAge(value)).toBe(ms);
  });

  it.each(['', '2', '2 days', '1.5d', '0h', '-1d', 'P2D'])("refuses max-db-age '%s', naming the input", (value) => {
    expect(userErrorOf(() => parseMaxDbAge(value))).toMatch(
      new RegExp(`input 'max-db-age' is '${value.replace(/[.+]/g, '\\$&')}', which is not an age`),
    );
  });

  it.each([
    { hours: 47, maxAge: '2d', stale: false },
    { hours: 48, maxAge: '2d', stale: false },
    { hours: 49, maxAge: '2d', stale: true },
    { hours: 49, maxAge: '3d', stale: false },
    { hours: 13, maxAge: '12h', stale: true },
  ])('a DB $hours hours old with max-db-age $maxAge is stale: $stale', ({ hours, maxAge, stale }) => {
    expect(dbAgeProblem(state(hours), parseMaxDbAge(maxAge)) !== undefined).toBe(stale);
  });

  it.each([
    { ms: 59 * 60_000, text: 'under an hour' },
    { ms: 3_600_000, text: '1 hour' },
    { ms: 30 * 3_600_000, text: '1 day 6 hours' },
    { ms: 72 * 3_600_000, text: '3 days' },
  ])('formats $ms ms as $text', ({ ms, text }) => {
    expect(formatAge(ms)).toBe(text);
  });
});
