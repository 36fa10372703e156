import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../packages/catalog/index.js';
import { plannedTags } from '../../packages/plan/index.js';
import { RegistryClient } from '../../packages/registry/index.js';
import { repoRoot } from '../harness/run-dist.js';
import { type Lab, lab } from './lab.js';
import {
  buildImage,
  type NightlyRescan,
  nightlyRescan,
  pushTestDb,
  putTag,
  type StoredRepository,
  storedRepository,
} from './rescan-lab.js';

/**
 * The issue's demonstration on the examples, as the README's main job runs
 * it: `scripts/nightly.sh` publishes the examples, then `scripts/nightly.sh
 * --rescan` rescans them under act. The vulnerability DB is changed by
 * pointing the rescan at a DB of this test's own (NIGHTLY_TRIVY_DB), never by
 * touching the lab's; the tag moved by hand is put back afterwards.
 *
 * It uses the examples' shared repositories: run it alone, after the other
 * e2e files (like workflows-act.test.ts).
 */
let l: Lab;
let work: string;
let tags: string[];
const registry = new RegistryClient();
const ADVISORY = { id: 'TEST-2026-0111', pkg: 'gzip', fixedVersion: '1.12-1+labtest3', urgency: 'high' as const };

function nightly(args: string[], env: Record<string, string> = {}): { status: number; stdout: string; stderr: string; dir: string } {
  const run = spawnSync(join(repoRoot, 'scripts', 'nightly.sh'), args, {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, IMAGE_ACTIONS_BOOTSTRAPPED: '1', ...env },
    timeout: 2_400_000,
  });
  const dir = /outcomes in (\S+), log in/.exec(run.stderr)?.[1];
  if (dir === undefined) throw new Error(`nightly.sh ${args.join(' ')} did not start a run:\n${run.stderr.slice(-3000)}`);
  return { status: run.status ?? 1, stdout: run.stdout, stderr: run.stderr, dir };
}

/** Issues of its own on the stand-in: other tests rescan at the same time. */
const REPOSITORY = `e2e/nightly-rescan-${randomBytes(4).toString('hex')}`;

function rescan(db?: string): NightlyRescan {
  return nightlyRescan({ NIGHTLY_REPOSITORY: REPOSITORY, ...(db ? { NIGHTLY_TRIVY_DB: db } : {}) });
}

const issueOf = (stored: StoredRepository, repository: string) =>
  stored.issues.find((i) => i.body?.includes(encodeURIComponent(repository)));

beforeAll(async () => {
  l = lab();
  work = mkdtempSync(join(tmpdir(), 'nightly-rescan-'));
  const published = nightly([]);
  if (published.status !== 0) throw new Error(`the nightly failed:\n${published.stderr.slice(-3000)}`);
  const catalog = await loadCatalog(join(repoRoot, 'examples', 'images.yaml'));
  tags = plannedTags(catalog, { registry: l.registry }).tags.map((t) => t.tag);
}, 2_400_000);

const velero = () => `${l.registry}/example-org/curated-images/velero`;
const python = () => `${l.registry}/example-org/curated-images/python-runner`;

describe('scripts/nightly.sh --rescan over the published examples', () => {
  let dbRepository: string;
  let github: string;
  let veleroIssue: number;

  it('with the lab DB: every published tag clean (the seeded advisory is accepted, as in the build)', () => {
    const run = rescan();
    github = run.github;
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    const published = run.result.images.flatMap((i) => i.tags);
    expect(published.length).toBeGreaterThan(0);
    for (const tag of published) expect(tag.status, tag.tag).toBe('clean');
    for (const tag of published) expect(run.stdout).toContain(`  ${tag.tag}: clean: `);
    expect(tags.length).toBeGreaterThanOrEqual(published.length);
  });

  it('a DB where an advisory now affects gzip: the velero tags report it as new, SARIF carries it, an issue names its owner, a rebuild is dispatched', async () => {
    dbRepository = `${l.registry}/nightly-rescan-${Date.now().toString(36)}/trivy-db:2`;
    pushTestDb(l, work, dbRepository, [ADVISORY]);
    const run = rescan(dbRepository);
    const veleroTags = run.result.images.find((i) => i.application === 'velero')?.tags ?? [];
    expect(veleroTags.length).toBeGreaterThan(0);
    for (const tag of veleroTags) {
      expect(tag.status, tag.tag).toBe('findings');
      expect(run.stdout).toContain(`  ${tag.tag}: findings: `);
      expect(tag.changes?.new.map((f) => f.id)).toContain(ADVISORY.id);
    }
    const sarif = readFileSync(run.result.images.find((i) => i.application === 'velero')?.sarif ?? '', 'utf8');
    expect(sarif).toContain(ADVISORY.id);
    const stored = await storedRepository(run.github);
    const issue = issueOf(stored, velero());
    expect(issue?.state).toBe('open');
    expect(issue?.body).toContain('Owners: platform-team@example.com (e-mail).');
    veleroIssue = issue?.number ?? 0;
    expect(run.stdout).toMatch(new RegExp(`  #${veleroIssue} velero, (opened|reopened) this run, open: `));
    expect(stored.runs.at(-1)?.inputs.images).toContain('velero');
  });

  it('rescanned again with nothing changed: no new issue, at most one comment', async () => {
    const before = await storedRepository(github);
    rescan(dbRepository);
    const after = await storedRepository(github);
    expect(after.issues.length).toBe(before.issues.length);
    const comments = (s: StoredRepository) => s.comments.filter((c) => c.issue === veleroIssue).length;
    expect(comments(after) - comments(before)).toBeLessThanOrEqual(1);
  });

  it('a tag moved by hand to a digest that was never signed is reported as tampered', async () => {
    const [host = '', ...path] = python().split('/');
    const tag = tags.find((t) => t.startsWith(`${python()}:`)) ?? '';
    const original = (await registry.manifest(host, path.join('/'), tag.slice(tag.lastIndexOf(':') + 1))).digest;
    const unsigned = buildImage(l, work, python(), `moved by hand ${Date.now()}`, { withoutGzip: true });
    await putTag(python(), tag.slice(tag.lastIndexOf(':') + 1), unsigned);
    try {
      const run = rescan(dbRepository);
      expect(run.stdout).toContain(`  ${tag}: TAMPERED: the tag names ${unsigned}`);
    } finally {
      await putTag(python(), tag.slice(tag.lastIndexOf(':') + 1), original);
    }
  });

  it('the advisory withdrawn (the lab DB again): the velero issue is closed', async () => {
    rescan();
    const stored = await storedRepository(github);
    expect(stored.issues.find((i) => i.number === veleroIssue)?.state).toBe('closed');
  });
});

afterAll(() => rmSync(work, { recursive: true, force: true }));
