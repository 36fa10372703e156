import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerfileFroms, loadCatalog } from '../../packages/catalog/index.js';
import { type ChainReport, type ImageOutcome, reportText, runChain, writeOutcome } from '../../packages/chain/index.js';
import { signImage } from '../../packages/cosign/index.js';
import { MemoryLogger } from '../../packages/logging/index.js';
import { expandPlan, type Plan } from '../../packages/plan/index.js';
import { RegistryClient } from '../../packages/registry/index.js';
import { DirectoryDbCache } from '../../packages/trivy/index.js';
import { type GitHubStandIn, startGitHubApi } from '../harness/github-api.js';
import { runDist } from '../harness/run-dist.js';
import { RecordingRunner } from './build-lab.js';
import { type Lab, lab, restoreEnvironment, runToolOk } from './lab.js';
import { labChainSteps } from './lab-chain.js';

/**
 * Imports end to end on the lab: "upstream" is a repository of the lab
 * registry that the test moves by hand. A multi-platform busybox (signed by
 * an upstream key the catalog names) and a single-platform base are
 * imported, gated and published; a tool is built FROM the upstream busybox.
 * Then upstream moves, once to a digest that passes and once to one that
 * fails the scan, and at last the upstream repository is removed.
 */
let l: Lab;
let work: string;
let ns: string;
const registry = new RegistryClient();
const PASSWORD = `pw-${randomBytes(6).toString('hex')}`;
const UPSTREAM_PASSWORD = `up-${randomBytes(6).toString('hex')}`;
const savedEnv = { ...process.env };

const tool = (file: string, args: string[], env: Record<string, string> = {}): string => runToolOk(l, file, args, { env }).stdout;
const upstream = (name: string) => `${l.registry}/${ns}/upstream/${name}`;
const curated = (name: string) => `${l.registry}/${ns}/curated/${name}`;

/** Puts `tag` on `source` (a digest in the lab registry), with an annotation when a new index digest is wanted. */
function tagUpstream(source: string, tag: string, annotation?: string): string {
  tool(l.bin.docker, [
    'buildx',
    'imagetools',
    'create',
    '--builder',
    l.builder,
    ...(annotation ? ['--annotation', `index:org.example.build=${annotation}`] : []),
    '--tag',
    tag,
    source,
  ]);
  return tool(l.bin.regctl, ['image', 'digest', tag], regctlEnv()).trim();
}

function regctlEnv(): Record<string, string> {
  const file = join(work, 'regctl.json');
  writeFileSync(file, JSON.stringify({ hosts: { [l.registry]: { tls: 'disabled' } } }));
  return { REGCTL_CONFIG: file };
}

/** Signs an upstream digest with the upstream's own key, as its publisher would. */
async function signUpstream(image: string): Promise<void> {
  const runner = new RecordingRunner();
  const dir = mkdtempSync(join(work, 'upstream-sign-'));
  await signImage(runner, new MemoryLogger(), {
    cosign: l.bin.cosign,
    image,
    key: { privateKey: readFileSync(join(work, 'upstream', 'cosign.key'), 'utf8'), password: UPSTREAM_PASSWORD },
    identity: {},
    storage: 'auto',
    transparencyLog: false,
    provenance: false,
    workDir: dir,
    env: process.env,
  });
}

interface Run {
  plan: Plan;
  report: ChainReport;
  runner: RecordingRunner;
}

async function nightly(): Promise<Run> {
  const catalog = await loadCatalog(join(work, 'repo', 'images.yaml'), { workspace: join(work, 'repo') });
  const plan = await expandPlan(catalog, {
    workspace: join(work, 'repo'),
    commit: { sha: 'e'.repeat(40), time: '2026-12-01T00:00:00Z' },
    today: '2026-12-01',
    readFroms: async (dockerfile) => (await dockerfileFroms(dockerfile)).map((f) => ({ reference: f.reference, line: f.line })),
    reader: registry,
  });
  const runner = new RecordingRunner();
  const log = new MemoryLogger();
  const runDir = mkdtempSync(join(work, 'run-'));
  const steps = labChainSteps(l, {
    runner,
    log,
    registry,
    workspace: join(work, 'repo'),
    runDir,
    key: { privateKey: readFileSync(join(work, 'cosign.key'), 'utf8'), password: PASSWORD },
    registryCache: false,
    trivyCacheDir: join(work, 'trivy-cache'),
    dbStore: new DirectoryDbCache(join(work, 'db-cache')),
  });
  const report = await runChain(plan.entries, steps, { sign: true, publish: true, log });
  return { plan, report, runner };
}

function outcome(run: Run, id: string): ImageOutcome {
  const found = run.report.outcomes.find((o) => o.id === id);
  if (!found) throw new Error(`no outcome for ${id}: ${reportText(run.report)}`);
  return found;
}

const regctlCopies = (run: Run) => run.runner.commands.filter((c) => c.file === l.bin.regctl && c.args[1] === 'copy');
/** The `--build-context` values buildx was given. */
const buildContexts = (run: Run) =>
  run.runner.commands.flatMap((c) => c.args.flatMap((arg, i) => (c.args[i - 1] === '--build-context' ? [arg] : [])));
const tagDigest = async (reference: string) => registry.digestOf(reference);
const ISSUES_REPOSITORY = 'example-org/imports';

/** The run's summary job, as rebuild.yml runs it (the root action's summary phase, with a token), against the GitHub API stand-in. */
async function summaryJob(run: Run, standIn: GitHubStandIn): Promise<void> {
  const dir = mkdtempSync(join(work, 'records-'));
  for (const o of run.report.outcomes) await writeOutcome(dir, o);
  const summary = await runDist(
    '.',
    {
      phase: 'summary',
      'results-dir': dir,
      planned: String(run.plan.entries.length),
      'github-token': 'test-token',
      'github-api-url': standIn.url,
    },
    { env: { GITHUB_REPOSITORY: ISSUES_REPOSITORY } },
  );
  // Stopped images fail the summary; the issues are written before that.
  expect(summary.warnings.filter((w) => w.includes('upstream issues'))).toEqual([]);
}
const upstreamIssues = (standIn: GitHubStandIn) =>
  standIn.repository(ISSUES_REPOSITORY).issues.filter((i) => i.labels.includes('image-upstream'));

let first: Run;
let busyboxDigest: string;
let baseDigest: string;

beforeAll(async () => {
  l = lab();
  work = mkdtempSync(join(tmpdir(), 'imports-e2e-'));
  ns = `e2e-imports-${randomBytes(4).toString('hex')}`;
  for (const [name, value] of Object.entries(l.env)) process.env[name] = value;
  mkdirSync(join(work, 'upstream'));
  process.env.COSIGN_PASSWORD = PASSWORD;
  runToolOk(l, l.bin.cosign, ['generate-key-pair'], { cwd: work });
  process.env.COSIGN_PASSWORD = UPSTREAM_PASSWORD;
  runToolOk(l, l.bin.cosign, ['generate-key-pair'], { cwd: join(work, 'upstream') });
  delete process.env.COSIGN_PASSWORD;

  busyboxDigest = tagUpstream(l.baseImages.busybox, `${upstream('busybox')}:1.36.1`);
  await signUpstream(`${upstream('busybox')}@${busyboxDigest}`);
  baseDigest = tagUpstream(l.baseImages.busybox, `${upstream('base')}:1.0.0`, 'base-1');

  const repo = join(work, 'repo');
  mkdirSync(join(repo, 'images', 'tool'), { recursive: true });
  writeFileSync(join(repo, 'upstream.pub'), readFileSync(join(work, 'upstream', 'cosign.pub')));
  writeFileSync(join(repo, 'images', 'tool', 'hello'), 'hello\n');
  writeFileSync(join(repo, 'images', 'tool', 'Dockerfile'), `FROM ${upstream('busybox')}:1.36.1\nCOPY hello /hello\n`);
  writeFileSync(
    join(repo, 'images.yaml'),
    `registry: ${l.registry}
repository: ${ns}/curated
images:
  busybox:
    owner: platform@example.com
    import: ${upstream('busybox')}
    upstream-signature: { key: upstream.pub, transparency-log: false }
    platforms: [linux/amd64${l.arm64 ? ', linux/arm64' : ''}]
    tests:
      - name: runs its applets
        entrypoint: ["/bin/busybox", "echo", "imported"]
        expect: { stdout: "^imported$" }
    versions: ["1.36.1"]
  base:
    owner: platform@example.com
    import: ${upstream('base')}
    versions: ["1.0.0"]
  tool:
    owner: platform@example.com
    tests:
      - name: ships hello
        entrypoint: ["/bin/busybox", "cat", "/hello"]
        expect: { stdout: "^hello$" }
    versions: ["1.0.0"]
`,
  );
  first = await nightly();
}, 600_000);

afterAll(() => {
  restoreEnvironment(savedEnv);
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('imports, end to end against the lab', () => {
  it('lands the multi-platform upstream in the curated repository with the upstream digest, tested, scanned, signed and tagged', async () => {
    const busybox = outcome(first, 'busybox-1.36.1');
    expect([busybox.status, busybox.reason]).toEqual(['published', undefined]);
    expect(busybox.passed).toEqual(['build', 'lock-down', 'test', 'scan', 'sign', 'publish']);
    expect(busybox.image).toBe(`${curated('busybox')}@${busyboxDigest}`);
    expect(await tagDigest(`${curated('busybox')}:1.36.1`)).toBe(busyboxDigest);
    expect(busybox.tests?.runs.map((r) => r.platform).sort()).toEqual(l.arm64 ? ['linux/amd64', 'linux/arm64'] : ['linux/amd64']);
    expect(busybox.upstream).toEqual({ reference: `${upstream('busybox')}:1.36.1`, digest: busyboxDigest });
    // Signed by the publisher's key, with provenance naming the upstream tag and digest.
    const pub = join(work, 'cosign.pub');
    tool(l.bin.cosign, ['verify', '--key', pub, '--insecure-ignore-tlog=true', `${curated('busybox')}:1.36.1`]);
    const statement = tool(l.bin.cosign, [
      'verify-attestation',
      '--type',
      'slsaprovenance1',
      '--key',
      pub,
      '--insecure-ignore-tlog=true',
      `${curated('busybox')}@${busyboxDigest}`,
    ]);
    const envelope = JSON.parse(statement.trim().split('\n')[0] ?? '{}') as { payload: string };
    const predicate = (
      JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')) as {
        predicate: { buildDefinition: { externalParameters: unknown; resolvedDependencies: unknown } };
      }
    ).predicate;
    expect(predicate.buildDefinition.externalParameters).toEqual({ upstream: `${upstream('busybox')}:1.36.1` });
    expect(predicate.buildDefinition.resolvedDependencies).toEqual([
      { uri: `docker://${upstream('busybox')}:1.36.1`, digest: { sha256: busyboxDigest.slice(7) } },
    ]);
    // The upstream's own signature was checked before the copy, with the key the catalog names.
    expect(
      first.runner.commands.some(
        (c) => c.file === l.bin.cosign && c.args[0] === 'verify' && c.args.includes(`${upstream('busybox')}@${busyboxDigest}`),
      ),
    ).toBe(true);
  });

  it('builds the image FROM the upstream on the curated copy, after it', () => {
    const ids = first.plan.entries.map((e) => e.id);
    expect(ids.indexOf('busybox-1.36.1')).toBeLessThan(ids.indexOf('tool-1.0.0'));
    expect(outcome(first, 'tool-1.0.0').status).toBe('published');
    expect(buildContexts(first)).toEqual([`${upstream('busybox')}:1.36.1=docker-image://${curated('busybox')}@${busyboxDigest}`]);
  });

  it('copies nothing on a second run with nothing moved, and publishes the same digests', async () => {
    const second = await nightly();
    expect(regctlCopies(first).length).toBe(2);
    expect(regctlCopies(second)).toEqual([]);
    expect(outcome(second, 'busybox-1.36.1')).toMatchObject({ status: 'published', image: `${curated('busybox')}@${busyboxDigest}` });
    expect(outcome(second, 'busybox-1.36.1').upstream?.previous).toBeUndefined();
    expect(outcome(second, 'base-1.0.0').status).toBe('published');
  });

  it('re-imports a moved upstream tag on the next run, gates it, publishes it and says it moved', async () => {
    const moved = tagUpstream(`${upstream('busybox')}@${busyboxDigest}`, `${upstream('busybox')}:1.36.1`, 'rebuilt');
    expect(moved).not.toBe(busyboxDigest);
    await signUpstream(`${upstream('busybox')}@${moved}`);
    const run = await nightly();
    const busybox = outcome(run, 'busybox-1.36.1');
    expect([busybox.status, busybox.image]).toEqual(['published', `${curated('busybox')}@${moved}`]);
    expect(reportText(run.report)).toContain(`upstream moved from ${busyboxDigest} to ${moved} (${upstream('busybox')}:1.36.1)`);
    expect(await tagDigest(`${curated('busybox')}:1.36.1`)).toBe(moved);
    // Its child is rebuilt on the new copy.
    expect(buildContexts(run)).toEqual([`${upstream('busybox')}:1.36.1=docker-image://${curated('busybox')}@${moved}`]);
    busyboxDigest = moved;
  });

  it('leaves the previous publication in place when the new upstream digest fails the scan, and the owners get an issue until one passes', async () => {
    // Debian's gzip carries the lab DB's seeded HIGH advisory, which has a fix: the scan gate fails.
    const vulnerable = tagUpstream(l.baseImages.debian, `${upstream('base')}:1.0.0`);
    const run = await nightly();
    const base = outcome(run, 'base-1.0.0');
    expect([base.status, base.stoppedAt]).toEqual(['stopped', 'scan']);
    expect(base.upstream).toEqual({ reference: `${upstream('base')}:1.0.0`, digest: vulnerable, previous: baseDigest });
    expect(reportText(run.report)).toContain(`upstream moved from ${baseDigest} to ${vulnerable}`);
    expect(reportText(run.report)).toContain(`${baseDigest} stays published`);
    expect(await tagDigest(`${curated('base')}:1.0.0`)).toBe(baseDigest);

    const standIn = await startGitHubApi();
    try {
      await summaryJob(run, standIn);
      const [issue, ...others] = upstreamIssues(standIn);
      expect(others).toEqual([]);
      expect(issue?.state).toBe('open');
      expect(issue?.title).toBe('base-1.0.0: upstream moved, and the new digest did not pass');
      expect(issue?.body).toContain(`upstream moved from ${baseDigest} to ${vulnerable} (${upstream('base')}:1.0.0)`);
      expect(issue?.body).toContain(`${baseDigest} stays published under ${curated('base')}:1.0.0`);
      expect(issue?.body).toContain('Owners: platform@example.com (e-mail).');
      // The same run again: the same issue, nothing new said.
      await summaryJob(run, standIn);
      expect(upstreamIssues(standIn).map((i) => [i.number, i.state])).toEqual([[issue?.number, 'open']]);
      expect(standIn.repository(ISSUES_REPOSITORY).comments).toEqual([]);
      // Upstream moves back to a digest that passes: published, and the issue is closed with a comment.
      tagUpstream(`${upstream('base')}@${baseDigest}`, `${upstream('base')}:1.0.0`);
      const fixed = await nightly();
      expect(outcome(fixed, 'base-1.0.0').status).toBe('published');
      await summaryJob(fixed, standIn);
      expect(upstreamIssues(standIn).map((i) => [i.number, i.state])).toEqual([[issue?.number, 'closed']]);
      expect(standIn.repository(ISSUES_REPOSITORY).comments.map((c) => c.body)).toEqual([
        `Published ${baseDigest} of ${upstream('base')}:1.0.0, which passed every gate: closing.`,
      ]);
    } finally {
      await standIn.close();
    }
  });

  it('does not import a new upstream digest the upstream signer did not sign', async () => {
    const unsigned = tagUpstream(`${upstream('busybox')}@${busyboxDigest}`, `${upstream('busybox')}:1.36.1`, 'unsigned');
    const run = await nightly();
    const busybox = outcome(run, 'busybox-1.36.1');
    expect([busybox.status, busybox.stoppedAt]).toEqual(['stopped', 'build']);
    expect(busybox.reason).toContain(`the upstream signature of ${upstream('busybox')}:1.36.1 (${unsigned}) does not verify`);
    expect(regctlCopies(run)).toEqual([]);
    expect(await tagDigest(`${curated('busybox')}:1.36.1`)).toBe(busyboxDigest);
    // Its child is not built on a copy that did not get through.
    expect(outcome(run, 'tool-1.0.0')).toMatchObject({ status: 'stopped', stoppedAt: 'parent' });
  });

  it('still builds FROM the upstream with the upstream repository removed, on the published copy', async () => {
    const digest = await tagDigest(`${upstream('busybox')}:1.36.1`);
    const removed = await fetch(`http://${l.registry}/v2/${ns}/upstream/busybox/manifests/${digest}`, { method: 'DELETE' });
    expect(removed.status).toBe(202);
    expect(await tagDigest(`${upstream('busybox')}:1.36.1`)).toBeUndefined();
    const run = await nightly();
    expect(run.plan.unavailable.map((u) => [u.id, u.published])).toEqual([['busybox-1.36.1', `${curated('busybox')}@${busyboxDigest}`]]);
    expect(run.plan.entries.map((e) => e.id)).not.toContain('busybox-1.36.1');
    expect(outcome(run, 'tool-1.0.0').status).toBe('published');
    expect(buildContexts(run)).toEqual([`${upstream('busybox')}:1.36.1=docker-image://${curated('busybox')}@${busyboxDigest}`]);
  });
});
