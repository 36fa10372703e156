import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESULT_FILE, type RescanResult } from '../../packages/rescan/index.js';
import { type GitHubStandIn, startGitHubApi } from '../harness/github-api.js';
import { runDist } from '../harness/run-dist.js';
import { GZIP, image, result, tag } from '../unit/rescan/fixtures.js';

/**
 * The bundled rescan action's rebuild and issues phases, run as the runner
 * runs them, against the GitHub API stand-in, from a scan result written
 * here (the scan phase itself runs against the lab in test/e2e/rescan.test.ts).
 */
let standIn: GitHubStandIn;
let work: string;

beforeAll(async () => {
  standIn = await startGitHubApi();
  work = mkdtempSync(join(tmpdir(), 'rescan-action-'));
});
afterAll(async () => {
  await standIn.close();
  rmSync(work, { recursive: true, force: true });
});

function resultsDir(scan: RescanResult): string {
  const dir = mkdtempSync(join(work, 'results-'));
  writeFileSync(join(dir, RESULT_FILE), JSON.stringify(scan));
  return dir;
}

const uniqueRepository = () => `action-tests/rescan-${randomBytes(4).toString('hex')}`;
const failing = result([image([tag('1.0.0', { blocking: [GZIP] })])]);
const tampered = result([image([tag('1.0.0', { status: 'tampered', reason: 'TAMPERED: no signature verifies' })])]);

function run(phase: string, repository: string, inputs: Record<string, string>) {
  return runDist(
    'rescan',
    { phase, 'github-token': 'action-test-token', 'github-api-url': standIn.url, ...inputs },
    { env: { GITHUB_REPOSITORY: repository, GITHUB_REF: 'refs/heads/main' }, timeoutMs: 60_000 },
  );
}

describe('rescan: inputs', () => {
  it('a phase that does not exist is named', async () => {
    const outcome = await runDist('rescan', { phase: 'scna' });
    expect(outcome.exitCode).toBe(1);
    expect(outcome.errors).toEqual([expect.stringMatching(/^rescan: input 'phase' is 'scna', which is not one of: scan, rebuild, issues/)]);
  });

  it('the scan phase needs a catalog', async () => {
    const outcome = await runDist('rescan', { phase: 'scan' });
    expect(outcome.errors).toEqual([expect.stringMatching(/^rescan: input 'catalog' is required/)]);
  });

  it('the scan phase refuses the DB key of other DB repositories, before reading anything', async () => {
    const outcome = await runDist('rescan', {
      phase: 'scan',
      catalog: 'examples/images.yaml',
      'db-repositories': 'mirror.example/trivy-db:2',
      'db-cache-key': 'trivy-db-0123456789abcdef-2026-11-22',
    });
    expect(outcome.exitCode).toBe(1);
    expect(outcome.errors).toEqual([
      expect.stringMatching(
        /^rescan: input 'db-cache-key' is 'trivy-db-0123456789abcdef-2026-11-22', which is not a key of the vulnerability DB from mirror\.example\/trivy-db:2 \(those are trivy-db-[0-9a-f]{16}-YYYY-MM-DD\)/,
      ),
    ]);
  });

  it('a later phase without the scan’s result says where it looked', async () => {
    const empty = mkdtempSync(join(work, 'empty-'));
    const outcome = await run('issues', uniqueRepository(), { 'results-dir': empty });
    expect(outcome.exitCode).toBe(1);
    expect(outcome.errors[0]).toContain(`there is no rescan-result.json in ${empty}`);
  });
});

describe('rescan: the rebuild phase', () => {
  it('dispatches rebuild-workflow on rebuild-ref for the images a rebuild may fix', async () => {
    const repository = uniqueRepository();
    const outcome = await run('rebuild', repository, {
      'results-dir': resultsDir(failing),
      'rebuild-workflow': 'images-nightly.yml',
      'rebuild-ref': 'refs/heads/release',
    });
    expect(outcome.exitCode).toBe(0);
    expect(standIn.repository(repository).runs).toEqual([
      expect.objectContaining({ workflow: 'images-nightly.yml', ref: 'refs/heads/release', inputs: { images: 'velero' } }),
    ]);
    expect(JSON.parse(outcome.outputs.rebuild ?? '')).toEqual(['velero']);
    expect(outcome.outputs['rebuild-run-url']).toMatch(new RegExp(`^https://github.com/${repository}/actions/runs/\\d+$`));
    expect(outcome.summary).toContain('Requested images-nightly.yml on refs/heads/release for velero');
  });

  it('dispatches nothing when nothing can be fixed by a rebuild (a tampered tag is not rebuilt)', async () => {
    const repository = uniqueRepository();
    const outcome = await run('rebuild', repository, { 'results-dir': resultsDir(tampered) });
    expect(outcome.exitCode).toBe(0);
    expect(standIn.repository(repository).runs).toEqual([]);
    expect(outcome.outputs['rebuild-run-url']).toBe('');
  });
});

describe('rescan: the issues phase', () => {
  it('opens the image’s issue with issue-label, and reports it', async () => {
    const repository = uniqueRepository();
    const outcome = await run('issues', repository, { 'results-dir': resultsDir(failing), 'issue-label': 'curated-images' });
    expect(outcome.exitCode).toBe(0);
    const [issue] = standIn.repository(repository).issues;
    expect(issue).toMatchObject({
      number: 1,
      state: 'open',
      labels: ['curated-images'],
      title: 'Rescan: velero fails its vulnerability gate',
    });
    expect(JSON.parse(outcome.outputs.issues ?? '')).toEqual([
      expect.objectContaining({ application: 'velero', action: 'opened', number: 1, url: `https://github.com/${repository}/issues/1` }),
    ]);
    expect(outcome.summary).toContain(`| velero | [#1](https://github.com/${repository}/issues/1) | opened |`);
  });

  const cases = [
    {
      name: 'fail-on-problems true (the default): the step fails for a tampered tag, after its issue is opened',
      value: 'true',
      exitCode: 1,
    },
    { name: 'fail-on-problems false: the step succeeds, the tag is still reported as an error', value: 'false', exitCode: 0 },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const repository = uniqueRepository();
      const dir = resultsDir(tampered);
      const outcome = await run('issues', repository, { 'results-dir': dir, 'fail-on-problems': c.value });
      expect(outcome.exitCode).toBe(c.exitCode);
      expect(outcome.errors).toEqual([expect.stringContaining('velero:1.0.0: TAMPERED: no signature verifies')]);
      expect(standIn.repository(repository).issues).toHaveLength(1);
      expect(JSON.parse(readFileSync(join(dir, 'rescan-issues.json'), 'utf8'))).toMatchObject({
        repository,
        issues: [{ application: 'velero' }],
      });
    });
  }
});
