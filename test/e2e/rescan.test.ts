import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RescanResult } from '../../packages/rescan/index.js';
import { type GitHubStandIn, startGitHubApi } from '../harness/github-api.js';
import { type RegistryProxy, startRegistryProxy } from '../harness/registry-proxy.js';
import { type DistRun, runDist } from '../harness/run-dist.js';
import { sarifValidator } from '../harness/sarif-schema.js';
import { type Lab, lab, runToolOk } from './lab.js';
import { buildImage, pushTestDb, putTag, signDigest, type TestAdvisory } from './rescan-lab.js';

/**
 * The scheduled rescan's three phases, the bundled action run as the runner
 * runs it, against the lab: five images of a catalog of our own, published
 * (tagged and signed with a key made here) into repositories of our own; a
 * vulnerability DB of our own that changes between rescans; the GitHub API
 * stand-in for the owners' issues and the rebuild's dispatch.
 *
 *   1. base DB: every tag clean, the DB fetched once for five images
 *   2. an advisory against gzip: findings, SARIF, issues mentioning the owners
 *      (through a secondary rate limit and a 502), a rebuild dispatched
 *   3. nothing changed: no new issue, no comment
 *   4. a tag moved by hand to an unsigned digest: tampered
 *   5. one image rebuilt without gzip: its issue says the rebuild fixed it, closed
 *   6. the advisory withdrawn: the other issues closed
 */
const PASSWORD = `pw-${randomBytes(6).toString('hex')}`;
const GZIP: TestAdvisory = { id: 'TEST-2026-0101', pkg: 'gzip', fixedVersion: '1.12-1+labtest2', urgency: 'high' };
// Fixed long before the lab image's sed: in the DB, affecting nothing.
const HARMLESS: TestAdvisory = { id: 'TEST-2026-0103', pkg: 'sed', fixedVersion: '4.8-1', urgency: 'low' };

let l: Lab;
let work: string;
let ns: string;
let standIn: GitHubStandIn;
let proxy: RegistryProxy;
let github: string;
let dbRepository: string;
let publicKey: string;
const digests: Record<string, string> = {};
const APPS = ['alpha', 'bravo', 'charlie', 'delta', 'echo'] as const;
const WITH_GZIP = new Set(['alpha', 'bravo', 'charlie']);

const repositoryOf = (app: string) => `${l.registry}/${ns}/${app}`;
const tagOf = (app: string, version = '1.0.0') => `${repositoryOf(app)}:${version}`;

beforeAll(async () => {
  l = lab();
  work = mkdtempSync(join(tmpdir(), 'rescan-e2e-'));
  ns = `rescan-e2e-${randomBytes(4).toString('hex')}`;
  github = `rescan-e2e/${ns}`;
  runToolOk(l, l.bin.cosign, ['generate-key-pair'], { cwd: work, env: { COSIGN_PASSWORD: PASSWORD } });
  publicKey = readFileSync(join(work, 'cosign.pub'), 'utf8');
  writeCatalog();
  for (const app of APPS) {
    const digest = buildImage(l, work, repositoryOf(app), `${ns} ${app}`, { withoutGzip: !WITH_GZIP.has(app) });
    digests[app] = digest;
    signDigest(l, work, PASSWORD, `${repositoryOf(app)}@${digest}`);
    await putTag(repositoryOf(app), '1.0.0', digest);
  }
  // alpha publishes two versions on one digest: two tags, two SARIF categories.
  await putTag(repositoryOf('alpha'), '1.1.0', digests.alpha ?? '');
  dbRepository = `${ns}/trivy-db:2`;
  pushTestDb(l, work, `${l.registry}/${dbRepository}`, [HARMLESS]);
  proxy = await startRegistryProxy(l.registry);
  standIn = await startGitHubApi();
}, 900_000);

afterAll(async () => {
  await standIn?.close();
  await proxy?.close();
  rmSync(work, { recursive: true, force: true });
});

function writeCatalog(): void {
  const owners: Record<string, string> = {
    alpha: '["@example-org/alpha-team", alpha-team@example.com]',
    bravo: 'bravo@example.com',
    charlie: '"@charlie-owner"',
    delta: 'delta@example.com',
    echo: 'echo@example.com',
  };
  const images = APPS.map((app) => {
    mkdirSync(join(work, 'images', app), { recursive: true });
    writeFileSync(join(work, 'images', app, 'Dockerfile'), 'FROM scratch\n');
    const versions = app === 'alpha' ? '["1.0.0", "1.1.0"]' : '["1.0.0"]';
    return `  ${app}:\n    owner: ${owners[app]}\n    versions: ${versions}`;
  });
  // gamma is in the catalog but was never published.
  mkdirSync(join(work, 'images', 'gamma'), { recursive: true });
  writeFileSync(join(work, 'images', 'gamma', 'Dockerfile'), 'FROM scratch\n');
  images.push('  gamma:\n    owner: gamma@example.com\n    versions: ["2.0.0"]');
  writeFileSync(join(work, 'images.yaml'), `registry: ${l.registry}\nrepository: ${ns}\nimages:\n${images.join('\n')}\n`);
}

interface Rescan {
  scan: DistRun;
  rebuild: DistRun;
  issues: DistRun;
  result: RescanResult;
  resultsDir: string;
}

let runs = 0;
async function rescanRun(): Promise<Rescan> {
  runs += 1;
  const resultsDir = join(work, `results-${runs}`);
  const env = {
    PATH: l.env.PATH ?? process.env.PATH ?? '',
    GITHUB_REPOSITORY: github,
    GITHUB_RUN_ID: String(1000 + runs),
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REF: 'refs/heads/main',
  };
  const common = { 'results-dir': resultsDir, 'github-token': 'e2e-token', 'github-api-url': standIn.url };
  const scan = await runDist(
    'rescan',
    {
      ...common,
      phase: 'scan',
      catalog: 'images.yaml',
      'tools-from-path': 'true',
      'db-repositories': `${proxy.host}/${dbRepository}`,
      'public-key': publicKey,
      'transparency-log': 'false',
      key: readFileSync(join(work, 'cosign.key'), 'utf8'),
      'key-password': PASSWORD,
    },
    { cwd: work, env, timeoutMs: 600_000 },
  );
  if (scan.exitCode !== 0) throw new Error(`the scan phase failed:\n${withoutMasks(scan.stdout)}\n${scan.stderr}`);
  const rebuild = await runDist('rescan', { ...common, phase: 'rebuild' }, { cwd: work, env });
  const issues = await runDist('rescan', { ...common, phase: 'issues' }, { cwd: work, env, timeoutMs: 300_000 });
  const result = JSON.parse(readFileSync(join(resultsDir, 'rescan-result.json'), 'utf8')) as RescanResult;
  return { scan, rebuild, issues, result, resultsDir };
}

const withoutMasks = (text: string) =>
  text
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
const tagsOf = (run: Rescan) =>
  JSON.parse(run.scan.outputs.tags ?? '[]') as { tag: string; digest: string; status: string; reason: string }[];
const statusOf = (run: Rescan) => Object.fromEntries(tagsOf(run).map((t) => [t.tag, t.status]));
const issuesOf = () => standIn.repository(github).issues;
const commentsOf = (number: number) => standIn.repository(github).comments.filter((c) => c.issue === number);
const issueOf = (app: string) => {
  const issue = issuesOf().find((i) => i.body?.includes(encodeURIComponent(repositoryOf(app))));
  if (!issue) throw new Error(`no issue for ${app}`);
  return issue;
};
const dbFetches = () => proxy.seen.filter((r) => r.method === 'GET' && r.path.startsWith(`/v2/${ns}/trivy-db/blobs/`)).length;

describe('the scheduled rescan against the lab', () => {
  let first: Rescan;
  let second: Rescan;

  it('1. with a DB that affects nothing: every published tag clean, one DB fetch for five images, no issue', async () => {
    const before = dbFetches();
    first = await rescanRun();
    expect(statusOf(first)).toEqual({
      [tagOf('alpha')]: 'clean',
      [tagOf('alpha', '1.1.0')]: 'clean',
      [tagOf('bravo')]: 'clean',
      [tagOf('charlie')]: 'clean',
      [tagOf('delta')]: 'clean',
      [tagOf('echo')]: 'clean',
    });
    expect(first.result.images.find((i) => i.application === 'gamma')).toMatchObject({
      tags: [],
      unpublished: [`${l.registry}/${ns}/gamma:2.0.0`],
    });
    expect(dbFetches() - before).toBe(1);
    expect(first.result.db.source).toBe('download');
    expect(first.scan.outputs.verdict).toBe('pass');
    expect(JSON.parse(first.scan.outputs.rebuild ?? '')).toEqual([]);
    expect(first.rebuild.exitCode).toBe(0);
    expect(standIn.repository(github).runs).toEqual([]);
    expect(first.issues.exitCode).toBe(0);
    expect(issuesOf()).toEqual([]);
    // The result is on each digest, as a vuln attestation the next rescan reads.
    expect(first.result.images.flatMap((i) => i.tags.map((t) => t.attestation))).toEqual(Array(6).fill('written'));
  });

  it('2. an advisory now affects gzip: findings, SARIF, an issue per image mentioning its owner, a rebuild, through a rate limit and a 502', async () => {
    pushTestDb(l, work, `${l.registry}/${dbRepository}`, [GZIP, HARMLESS]);
    standIn.addFaults({
      method: 'POST',
      path: `/repos/${github}/issues`,
      faults: [
        { kind: 'secondary', retryAfter: 1 },
        { kind: 'status', status: 502 },
      ],
    });
    second = await rescanRun();
    const status = statusOf(second);
    for (const app of WITH_GZIP) expect(status[tagOf(app)], app).toBe('findings');
    expect(status[tagOf('delta')]).toBe('clean');
    const alpha = tagsOf(second).find((t) => t.tag === tagOf('alpha'));
    expect(alpha?.reason).toMatch(
      /^findings: 1 finding at or above HIGH with a fixed version: TEST-2026-0101 \(HIGH, gzip 1\.12-1, fixed in 1\.12-1\+labtest2\); new since the rescan of \d{4}-\d\d-\d\d: TEST-2026-0101 \(gzip\)$/,
    );
    expect(second.scan.stdout).toContain(`${tagOf('alpha')}: findings:`);

    // SARIF: a file per image, a run per tag and platform, valid against the schema.
    const sarif = JSON.parse(readFileSync(join(second.resultsDir, 'sarif', 'alpha.sarif'), 'utf8')) as {
      runs: { automationDetails: { id: string }; results: { ruleId: string; properties: { blocking: boolean } }[] }[];
    };
    expect(sarifValidator()(sarif)).toBe(true);
    expect(sarif.runs.map((r) => r.automationDetails.id)).toEqual([
      `rescan/${ns}/alpha:1.0.0/linux/amd64/`,
      `rescan/${ns}/alpha:1.1.0/linux/amd64/`,
    ]);
    for (const run of sarif.runs) expect(run.results.filter((r) => r.properties.blocking).map((r) => r.ruleId)).toEqual(['TEST-2026-0101']);

    // The rebuild: the nightly dispatched for the images a rebuild may fix.
    expect(JSON.parse(second.scan.outputs.rebuild ?? '')).toEqual(['alpha', 'bravo', 'charlie']);
    expect(standIn.repository(github).runs).toEqual([
      expect.objectContaining({ workflow: 'nightly.yml', ref: 'refs/heads/main', inputs: { images: 'alpha,bravo,charlie' } }),
    ]);
    expect(second.rebuild.outputs['rebuild-run-url']).toMatch(new RegExp(`^https://github.com/${github}/actions/runs/\\d+$`));

    // One issue per failing image, through the faults: the first POST met a secondary rate limit, then a 502.
    expect(second.issues.exitCode).toBe(0);
    const posts = standIn.requests.filter((r) => r.method === 'POST' && r.path === `/repos/${github}/issues`);
    expect(posts.map((r) => r.fault ?? r.status)).toEqual(['secondary', 'status', 201, 201, 201]);
    expect(issuesOf()).toHaveLength(3);
    expect(second.issues.warnings.some((w) => /secondary rate limit; waiting 1s/.test(w))).toBe(true);
    const alphaIssue = issueOf('alpha');
    expect(alphaIssue.labels).toEqual(['image-rescan']);
    expect(alphaIssue.body).toContain('Owners: @example-org/alpha-team, alpha-team@example.com (e-mail)');
    expect(alphaIssue.body).toContain(`\`${tagOf('alpha')}\` | \`${digests.alpha}\``);
    expect(alphaIssue.body).toContain(`\`${tagOf('alpha', '1.1.0')}\``);
    expect(alphaIssue.body).toContain('| TEST-2026-0101 | HIGH | gzip | 1.12-1 | 1.12-1+labtest2 | `1.0.0`, `1.1.0` |');
    expect(alphaIssue.body).toContain(`[run 1002](https://github.com/${github}/actions/runs/1002)`);
    expect(alphaIssue.body).toContain('A rebuild was requested');
    expect(issueOf('charlie').body).toContain('Owners: @charlie-owner.');
    expect(issueOf('bravo').body).toContain('Owners: bravo@example.com (e-mail).');
    expect(standIn.repository(github).comments).toEqual([]);
  });

  it('3. nothing changed: no new issue and no comment; the attestations are not written again', async () => {
    const third = await rescanRun();
    expect(statusOf(third)).toEqual(statusOf(second));
    expect(issuesOf()).toHaveLength(3);
    expect(standIn.repository(github).comments).toEqual([]);
    expect(third.result.images.flatMap((i) => i.tags.map((t) => t.attestation))).toEqual(Array(6).fill('unchanged'));
    const alpha = third.result.images.find((i) => i.application === 'alpha')?.tags[0];
    expect(alpha?.changes?.new).toEqual([]);
    const actions = JSON.parse(third.issues.outputs.issues ?? '[]') as { application: string; action: string }[];
    expect(actions.map((i) => [i.application, i.action])).toEqual([
      ['alpha', 'updated'],
      ['bravo', 'updated'],
      ['charlie', 'updated'],
      ['delta', 'none'],
      ['echo', 'none'],
      ['gamma', 'none'],
    ]);
  });

  it('4. a tag moved by hand to a digest that was never signed: tampered, its issue opened, no rebuild, the step fails', async () => {
    const unsigned = buildImage(l, work, repositoryOf('delta'), `${ns} delta moved by hand`, { withoutGzip: true });
    await putTag(repositoryOf('delta'), '1.0.0', unsigned);
    const dispatches = standIn.repository(github).runs.length;
    const fourth = await rescanRun();
    const delta = tagsOf(fourth).find((t) => t.tag === tagOf('delta'));
    expect(delta).toMatchObject({ status: 'tampered', digest: unsigned });
    expect(delta?.reason).toMatch(/^TAMPERED: the tag names sha256:[0-9a-f]{64}, which carries no signature that verifies/);
    expect(JSON.parse(fourth.scan.outputs.rebuild ?? '')).not.toContain('delta');
    expect(standIn.repository(github).runs.length).toBe(dispatches + 1);
    expect(issueOf('delta')).toMatchObject({ state: 'open', title: 'Rescan: delta has a published tag that does not verify' });
    expect(issueOf('delta').body).toContain(`\`${tagOf('delta')}\` -> \`${unsigned}\``);
    expect(fourth.issues.exitCode).toBe(1);
    expect(fourth.issues.errors).toEqual([
      expect.stringMatching(new RegExp(`^rescan: ${tagOf('delta').replace(/[.]/g, '\\.')}: TAMPERED`)),
    ]);
  });

  it('5. bravo rebuilt without gzip and published: its issue says the rebuild fixed it, and is closed', async () => {
    const rebuilt = buildImage(l, work, repositoryOf('bravo'), `${ns} bravo rebuilt`, { withoutGzip: true });
    signDigest(l, work, PASSWORD, `${repositoryOf('bravo')}@${rebuilt}`);
    await putTag(repositoryOf('bravo'), '1.0.0', rebuilt);
    const fifth = await rescanRun();
    expect(statusOf(fifth)[tagOf('bravo')]).toBe('clean');
    const bravo = issueOf('bravo');
    expect(bravo).toMatchObject({ state: 'closed', state_reason: 'completed' });
    const [closing] = commentsOf(bravo.number);
    expect(closing?.body).toContain('Clean again');
    expect(closing?.body).toContain(`was rebuilt as \`${rebuilt}\`: **the rebuild fixed it**`);
    expect(commentsOf(issueOf('alpha').number)).toEqual([]);
  });

  it('6. the advisory withdrawn: the findings resolved, the issues closed with a comment, the tampered tag still open', async () => {
    pushTestDb(l, work, `${l.registry}/${dbRepository}`, [HARMLESS]);
    const sixth = await rescanRun();
    const alpha = sixth.result.images.find((i) => i.application === 'alpha')?.tags[0];
    expect(alpha?.status).toBe('clean');
    expect(alpha?.changes?.resolved.map((f) => f.id)).toEqual(['TEST-2026-0101']);
    for (const app of ['alpha', 'charlie']) {
      const issue = issueOf(app);
      expect(issue.state, app).toBe('closed');
      const comments = commentsOf(issue.number);
      expect(comments, app).toHaveLength(1);
      expect(comments[0]?.body).toContain('Clean again');
    }
    expect(issueOf('delta').state).toBe('open');
    expect(issuesOf()).toHaveLength(4);
  });
});
