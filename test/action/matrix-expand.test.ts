import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanEntry } from '../../packages/plan/index.js';
import { startGitHubApi } from '../harness/github-api.js';
import { repoRoot, runDist } from '../harness/run-dist.js';

/** The bundled action, run as the runner runs it, over the example catalog and copies of it. */

/** The tags a person reviewed: one per line, `#` comments. */
const expectedTags = () =>
  readFileSync(join(repoRoot, 'test/fixtures/plans/examples.tags.txt'), 'utf8')
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'));

const matrixOf = (outputs: Record<string, string>) => (JSON.parse(outputs.matrix ?? '{}') as { include: PlanEntry[] }).include;
const tagsOf = (entries: PlanEntry[]) => entries.flatMap((e) => [...e.tags, ...(e.debug?.tags ?? [])]).sort();
const gitEnv = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };

/** A git repository holding a copy of examples/, so a test can change it and diff. */
function exampleRepository(): { dir: string; git: (...args: string[]) => string } {
  const dir = mkdtempSync(join(tmpdir(), 'matrix-expand-'));
  cpSync(join(repoRoot, 'examples'), join(dir, 'examples'), { recursive: true });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, ...gitEnv } }).trim();
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-q', '-m', 'examples');
  return { dir, git };
}

describe('matrix-expand over the example catalog', () => {
  it('plans the reviewed tags, parents first, with a summary table', async () => {
    const run = await runDist('matrix-expand', { catalog: 'examples/images.yaml', changes: 'all' });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    const entries = matrixOf(run.outputs);
    expect(tagsOf(entries)).toEqual(expectedTags().sort());
    expect(run.outputs.count).toBe(String(entries.length));
    expect(run.outputs['has-entries']).toBe('true');
    const child = entries.find((e) => e.parents.length > 0);
    expect(child?.stage).toBe(1);
    expect(entries.findIndex((e) => e.id === child?.parents[0]?.entry)).toBeLessThan(entries.indexOf(child as PlanEntry));
    expect(run.outputs['stage-count']).toBe('2');
    expect(run.summary).toContain('| Stage | Entry | Tags | Platforms | Parents | Build id |');
    for (const e of entries) expect(run.summary).toContain(e.id);
  });

  it('gives byte-identical output for the same commit', async () => {
    const a = await runDist('matrix-expand', { catalog: 'examples/images.yaml', changes: 'all' });
    const b = await runDist('matrix-expand', { catalog: 'examples/images.yaml', changes: 'all' });
    expect(b.outputs.matrix).toBe(a.outputs.matrix);
    expect(b.outputs.shards).toBe(a.outputs.shards);
  });

  it('with batch, puts consecutive entries of one stage in each leg, and the shard jobs take the plan’s batch', async () => {
    // The plan file stays where a later step (the shard job) reads it.
    const temp = mkdtempSync(join(tmpdir(), 'batch-plan-'));
    const run = await runDist(
      'matrix-expand',
      { catalog: 'examples/images.yaml', changes: 'all', batch: '4' },
      { env: { RUNNER_TEMP: temp } },
    );
    expect(run.errors).toEqual([]);
    const legs = (JSON.parse(run.outputs.matrix ?? '{}') as { include: Array<{ id: string; entries: PlanEntry[] }> }).include;
    const plain = matrixOf((await runDist('matrix-expand', { catalog: 'examples/images.yaml', changes: 'all' })).outputs);
    // The same entries in the same order, four to a leg, a stage never split across one.
    expect(legs.flatMap((l) => l.entries)).toEqual(plain);
    for (const leg of legs) {
      expect(leg.entries.length, leg.id).toBeLessThanOrEqual(4);
      expect(new Set(leg.entries.map((e) => e.stage)).size, leg.id).toBe(1);
      const first = leg.entries[0]?.id;
      const last = leg.entries.at(-1)?.id;
      expect(leg.id).toBe(first === last ? first : `${first}..${last}`);
    }
    expect(legs.length).toBeLessThan(plain.length);
    const planFile = run.outputs['plan-file'] ?? '';
    expect(JSON.parse(readFileSync(planFile, 'utf8')).batch).toBe(4);
    // A shard job reads the batch from the plan; a batch of its own that differs is refused, naming both.
    const shard = { catalog: 'examples/images.yaml', 'plan-file': planFile, stage: '0', shard: '0' };
    const again = await runDist('matrix-expand', shard);
    expect(JSON.parse(again.outputs.matrix ?? '{}').include[0].entries.length).toBe(4);
    const refused = await runDist('matrix-expand', { ...shard, batch: '2' });
    expect(refused.exitCode).toBe(1);
    expect(refused.errors).toEqual([expect.stringMatching(/input 'batch' is 2, but input 'plan-file' \(.*\) was planned with batch 4\./)]);
    rmSync(temp, { recursive: true, force: true });
  });

  it('publishes to the registry it is given', async () => {
    const run = await runDist('matrix-expand', { catalog: 'examples/images.yaml', changes: 'all', registry: '127.0.0.1:5001' });
    expect(tagsOf(matrixOf(run.outputs)).every((t) => t.startsWith('127.0.0.1:5001/'))).toBe(true);
  });

  it('lists the mirrors it is given in every entry, instead of the catalog\u2019s', async () => {
    const none = await runDist('matrix-expand', { catalog: 'examples/images.yaml', changes: 'all' });
    expect(matrixOf(none.outputs).every((e) => e.mirrors === undefined)).toBe(true);
    const run = await runDist('matrix-expand', {
      catalog: 'examples/images.yaml',
      changes: 'all',
      registry: '127.0.0.1:5001',
      mirrors: '127.0.0.1:5002/example-org/curated-images\nregistry.example.com/copies',
    });
    expect(run.errors).toEqual([]);
    for (const e of matrixOf(run.outputs)) {
      expect(e.mirrors, e.id).toEqual([
        { repository: `127.0.0.1:5002/example-org/curated-images/${e.application}`, overwrite: false },
        { repository: `registry.example.com/copies/${e.application}`, overwrite: false },
      ]);
    }
    const bad = await runDist('matrix-expand', { catalog: 'examples/images.yaml', mirrors: 'copies/images' });
    expect(bad.exitCode).toBe(1);
    expect(bad.errors).toEqual([expect.stringMatching(/^matrix-expand: input 'mirrors' lists 'copies\/images', which is not a mirror/)]);
  });

  it('splits into shards and gives one shard when asked', async () => {
    const whole = await runDist('matrix-expand', { catalog: 'examples/images.yaml', changes: 'all', 'max-jobs': '2' });
    expect(whole.exitCode).toBe(1);
    expect(whole.errors).toEqual([
      expect.stringMatching(/^matrix-expand: the plan holds \d+ entries in \d+ shards .* Fan out over the 'shards' output/),
    ]);
    const shards = JSON.parse(whole.outputs.shards ?? '{}') as { include: Array<{ stage: number; shard: number; count: number }> };
    expect(shards.include.every((s) => s.count <= 2)).toBe(true);
    const ids: string[] = [];
    for (const s of shards.include) {
      const one = await runDist('matrix-expand', {
        catalog: 'examples/images.yaml',
        changes: 'all',
        'max-jobs': '2',
        stage: String(s.stage),
        shard: String(s.shard),
      });
      expect(one.exitCode).toBe(0);
      ids.push(...matrixOf(one.outputs).map((e) => e.id));
    }
    expect(ids.length).toBe(Number(whole.outputs.count));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('plans one job per platform when asked', async () => {
    const run = await runDist('matrix-expand', { catalog: 'examples/images.yaml', changes: 'all', 'per-platform': 'true' });
    const entries = matrixOf(run.outputs);
    expect(entries.every((e) => e.platform !== undefined && e.id.endsWith(e.platform.replace('/', '-')))).toBe(true);
  });
});

describe('matrix-expand on a pull request', () => {
  let repo: ReturnType<typeof exampleRepository>;
  let base: string;
  let head: string;
  let eventDir: string;
  beforeAll(() => {
    repo = exampleRepository();
    base = repo.git('rev-parse', 'HEAD');
    repo.git('checkout', '-q', '-b', 'topic');
    const dockerfile = join(repo.dir, 'examples/images/python-runner/Dockerfile');
    writeFileSync(dockerfile, `${readFileSync(dockerfile, 'utf8')}# a change\n`);
    repo.git('commit', '-q', '-am', 'change the python runner');
    head = repo.git('rev-parse', 'HEAD');
    eventDir = mkdtempSync(join(tmpdir(), 'event-'));
  });
  afterAll(() => {
    rmSync(repo.dir, { recursive: true, force: true });
    rmSync(eventDir, { recursive: true, force: true });
  });

  const prEnv = (event: object) => {
    const path = join(eventDir, `event-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, JSON.stringify(event));
    return {
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: path,
      GITHUB_REPOSITORY: 'example-org/curated-images',
      GITHUB_SHA: head,
    };
  };
  const pythonRunnerAndChildren = (entries: PlanEntry[]) => {
    const ids = entries.map((e) => e.application);
    expect(ids).toContain('python-runner');
    expect(ids.filter((a) => a !== 'python-runner').length).toBeGreaterThan(0);
    // Only the runner and images built FROM it.
    for (const e of entries) if (e.application !== 'python-runner') expect(e.parents.length).toBeGreaterThan(0);
  };

  it('plans only the changed image and its children, from git', async () => {
    const run = await runDist(
      'matrix-expand',
      { catalog: 'examples/images.yaml' },
      { cwd: repo.dir, env: prEnv({ pull_request: { number: 7, base: { sha: base }, head: { sha: head } } }) },
    );
    expect(run.errors).toEqual([]);
    pythonRunnerAndChildren(matrixOf(run.outputs));
    expect(run.stdout).toMatch(/changes: 1 files changed since [0-9a-f]{40} \(git\)/);
  });

  it('asks the GitHub API when the history is missing, following its pages', async () => {
    // GitHub's "List pull requests files", from the stand-in: 151 files, so two pages of 100.
    const standIn = await startGitHubApi();
    const docs = Array.from({ length: 150 }, (_, i) => ({ filename: `docs/page-${i}.md`, status: 'modified' as const }));
    standIn.setPullRequestFiles('example-org/curated-images', 7, [
      ...docs,
      { filename: 'examples/images/python-runner/Dockerfile', status: 'modified', patch: '@@ -3,0 +4 @@\n+# a change' },
    ]);
    try {
      const missing = 'f'.repeat(40);
      const run = await runDist(
        'matrix-expand',
        { catalog: 'examples/images.yaml', 'github-token': 'test-token' },
        {
          cwd: repo.dir,
          env: { ...prEnv({ pull_request: { number: 7, base: { sha: missing }, head: { sha: head } } }), GITHUB_API_URL: standIn.url },
        },
      );
      expect(run.errors).toEqual([]);
      pythonRunnerAndChildren(matrixOf(run.outputs));
      const calls = standIn.requests.filter((r) => r.path === '/repos/example-org/curated-images/pulls/7/files');
      expect(calls.map((c) => `${c.method} ${c.status}`)).toEqual(['GET 200', 'GET 200']);
      expect(run.stdout).toContain('changes: 151 files in pull request #7 (GitHub API)');
      // Masked before anything can print it, and never printed.
      expect(run.stdout.split('\n').filter((line) => line.includes('test-token'))).toEqual(['::add-mask::test-token']);
    } finally {
      await standIn.close();
    }
  });

  it('takes explicit changed files', async () => {
    const run = await runDist(
      'matrix-expand',
      { catalog: 'examples/images.yaml', 'changed-files': 'examples/images/python-runner/Dockerfile' },
      { cwd: repo.dir },
    );
    pythonRunnerAndChildren(matrixOf(run.outputs));
  });

  it('plans nothing when nothing the catalog builds changed', async () => {
    const run = await runDist('matrix-expand', { catalog: 'examples/images.yaml', 'changed-files': 'README.md' }, { cwd: repo.dir });
    expect(run.exitCode).toBe(0);
    expect(run.outputs['has-entries']).toBe('false');
    expect(run.outputs.matrix).toBe('{"include":[]}');
  });
});

describe('matrix-expand refuses', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'matrix-expand-bad-'));
    mkdirSync(join(dir, 'images/app'), { recursive: true });
    writeFileSync(join(dir, 'images/app/Dockerfile'), 'FROM 127.0.0.1:5001/lab/busybox:stable\n');
    mkdirSync(join(dir, 'images/child'), { recursive: true });
    writeFileSync(join(dir, 'images/child/Dockerfile'), '# the child\nFROM ghcr.io/example-org/curated-images/app:2.0.0\n');
    // A commit to plan: the plan takes the commit and its time from git.
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env: { ...process.env, ...gitEnv } });
    git('init', '-q', '-b', 'main');
    git('commit', '-q', '--allow-empty', '-m', 'empty');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const catalog = (body: string) => {
    const file = join(dir, `images-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(file, `registry: ghcr.io\nrepository: example-org/curated-images\nimages:\n${body}`);
    return file.slice(dir.length + 1);
  };
  const run = (file: string, inputs: Record<string, string> = {}) =>
    runDist('matrix-expand', { catalog: file, changes: 'all', ...inputs }, { cwd: dir });

  it('a catalog mistake, with its file:line annotation', async () => {
    const file = catalog('  app:\n    owner: team@example.com\n    context: images/app\n    versions: ["v1.0.0"]\n');
    const result = await run(file);
    expect(result.exitCode).toBe(1);
    expect(result.errors.length).toBeGreaterThan(0);
    expect(result.stdout).toMatch(new RegExp(`::error file=${file.replace('.', '\\.')},line=7`));
  });

  it('a FROM naming a catalog tag that is not planned, at the Dockerfile line', async () => {
    const file = catalog(
      '  app:\n    owner: team@example.com\n    context: images/app\n    versions: ["1.0.0"]\n  child:\n    owner: team@example.com\n    context: images/child\n    versions: ["1.0.0"]\n',
    );
    const result = await run(file);
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([
      expect.stringMatching(
        /^matrix-expand: images\/child\/Dockerfile:2: FROM ghcr.io\/example-org\/curated-images\/app:2.0.0 names a catalog image/,
      ),
    ]);
    expect(result.stdout).toContain('::error file=images/child/Dockerfile,line=2::');
  });

  it('an ambiguous tag template', async () => {
    const file = catalog('  app:\n    owner: team@example.com\n    context: images/app\n    versions: ["1.0.0"]\n');
    const result = await run(file, { 'tag-template': '{application}:{version}{variant-version}{variant}' });
    expect(result.errors).toEqual([
      expect.stringMatching(
        /^matrix-expand: input 'tag-template' '.*' is refused: '\{version\}' \(digits and dots\) is followed by nothing/,
      ),
    ]);
  });

  it('an application the catalog does not have', async () => {
    const file = catalog('  app:\n    owner: team@example.com\n    context: images/app\n    versions: ["1.0.0"]\n');
    const result = await run(file, { images: 'app, ap' });
    expect(result.errors).toEqual([expect.stringMatching(/^matrix-expand: input 'images' names 'ap'/)]);
  });
});
