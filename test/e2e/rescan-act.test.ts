import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Lab, lab, runToolOk } from './lab.js';
import { buildImage, type NightlyRescan, nightlyRescan, pushTestDb, putTag, signDigest, storedRepository } from './rescan-lab.js';

/**
 * `scripts/nightly.sh --rescan`, the README's main job for the rescan: act
 * runs scheduled-rescan.yml (and rescan.yml's three jobs) on this machine,
 * against a catalog, images, key and DB of this test's own (the script's
 * NIGHTLY_* overrides), with the issues and the rebuild's dispatch on the
 * lab's GitHub API stand-in. It prints a line per published tag and the
 * issues it opened.
 */
const PASSWORD = `pw-${randomBytes(6).toString('hex')}`;
let l: Lab;
let work: string;
let ns: string;
let keyDir: string;
const repositoryOf = (app: string) => `${l.registry}/${ns}/${app}`;

function rescan(): NightlyRescan {
  return nightlyRescan({
    NIGHTLY_CATALOG: join(work, 'images.yaml'),
    NIGHTLY_TRIVY_DB: `${l.registry}/${ns}/trivy-db:2`,
    NIGHTLY_KEY_DIR: keyDir,
    // Issues of its own on the stand-in: other tests rescan at the same time.
    NIGHTLY_REPOSITORY: `e2e/${ns}`,
  });
}

beforeAll(async () => {
  l = lab();
  work = mkdtempSync(join(tmpdir(), 'rescan-act-'));
  ns = `rescan-act-${randomBytes(4).toString('hex')}`;
  keyDir = join(work, 'key');
  mkdirSync(keyDir);
  writeFileSync(join(keyDir, 'password'), PASSWORD);
  runToolOk(l, l.bin.cosign, ['generate-key-pair'], { cwd: keyDir, env: { COSIGN_PASSWORD: PASSWORD } });
  const images: string[] = [];
  for (const app of ['alpha', 'bravo']) {
    mkdirSync(join(work, 'images', app), { recursive: true });
    writeFileSync(join(work, 'images', app, 'Dockerfile'), 'FROM scratch\n');
    images.push(`  ${app}:\n    owner: ["@example-org/${app}-team", ${app}@example.com]\n    versions: ["1.0.0"]`);
    const digest = buildImage(l, work, repositoryOf(app), `${ns} ${app}`, { withoutGzip: app === 'bravo' });
    signDigest(l, keyDir, PASSWORD, `${repositoryOf(app)}@${digest}`);
    await putTag(repositoryOf(app), '1.0.0', digest);
  }
  writeFileSync(join(work, 'images.yaml'), `registry: ${l.registry}\nrepository: ${ns}\nimages:\n${images.join('\n')}\n`);
  pushTestDb(l, work, `${l.registry}/${ns}/trivy-db:2`, [
    { id: 'TEST-2026-0101', pkg: 'gzip', fixedVersion: '1.12-1+labtest2', urgency: 'high' },
  ]);
}, 900_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('scripts/nightly.sh --rescan: the rescan workflow under act', () => {
  let first: NightlyRescan;

  it('prints one line per published tag, the rebuild it requested, and the issue it opened on the stand-in', async () => {
    first = rescan();
    expect(first.status, first.stderr.slice(-3000)).toBe(0);
    expect(first.stdout).toMatch(
      new RegExp(
        `  ${repositoryOf('alpha').replace(/\./g, '\\.')}:1\\.0\\.0: findings: 1 finding at or above HIGH with a fixed version: TEST-2026-0101 \\(HIGH, gzip 1\\.12-1, fixed in 1\\.12-1\\+labtest2\\); new since publishing: TEST-2026-0101 \\(gzip\\)`,
      ),
    );
    expect(first.stdout).toContain(`  ${repositoryOf('bravo')}:1.0.0: clean: `);
    expect(first.stdout).toContain('2 published tags: 1 clean, 1 with findings, 0 tampered, 0 not checked');
    expect(first.stdout).toMatch(/Rebuild requested: nightly\.yml on \S+ for alpha/);
    const alpha = / {2}#(\d+) alpha, opened this run, open: Rescan: alpha fails its vulnerability gate/.exec(first.stdout);
    expect(alpha, first.stdout).not.toBeNull();
    const stored = await storedRepository(first.github);
    const issue = stored.issues.find((i) => i.number === Number(alpha?.[1]));
    expect(issue?.body).toContain('Owners: @example-org/alpha-team, alpha@example.com (e-mail).');
    expect(stored.runs.at(-1)?.inputs).toEqual({ images: 'alpha' });
    // The SARIF for code scanning, a run per tag.
    expect(first.result.images.find((i) => i.application === 'alpha')?.sarif).toMatch(/alpha\.sarif$/);
  });

  it('a tag moved to an unsigned digest: printed as tampered, its issue opened; the first image’s issue neither reopened nor commented on', async () => {
    const unsigned = buildImage(l, work, repositoryOf('bravo'), `${ns} bravo moved by hand`, { withoutGzip: true });
    await putTag(repositoryOf('bravo'), '1.0.0', unsigned);
    const before = await storedRepository(first.github);
    const second = rescan();
    expect(second.stdout).toContain(`  ${repositoryOf('bravo')}:1.0.0: TAMPERED: the tag names ${unsigned}`);
    expect(second.stdout).toContain('2 published tags: 0 clean, 1 with findings, 1 tampered, 0 not checked');
    expect(second.stdout).toMatch(/ {2}#\d+ bravo, opened this run, open: Rescan: bravo has a published tag that does not verify/);
    expect(second.stdout).toMatch(/ {2}#\d+ alpha, updated this run, open: /);
    const after = await storedRepository(first.github);
    expect(after.issues.length - before.issues.length).toBe(1);
    expect(after.comments.length - before.comments.length).toBe(0);
    // act reports the issues job failed: a tampered tag fails the run, after its issue is written.
    expect(second.stderr).toContain('act reported a failed job');
  });
});
