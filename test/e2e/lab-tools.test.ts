import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../harness/run-dist.js';
import { type Lab, lab, labStatePath, runTool, runToolOk, type ToolOptions, type ToolResult } from './lab.js';

/**
 * The lab's pinned tools, driven for real against the lab registry: trivy with
 * the test vulnerability DB it downloads from the registry, cosign v3 and v2
 * signing and verifying by digest with a key and no transparency log, act and
 * actionlint on workflows.
 */

type Result = ToolResult;

let l: Lab;
let scratch: string;
// The lab registry keeps what earlier runs pushed: a fresh namespace per run.
const namespace = `e2e-lab-tools-${randomBytes(4).toString('hex')}`;

const run = (file: string, args: string[], options: ToolOptions = {}): Result => runTool(l, file, args, { cwd: scratch, ...options });
const runOk = (file: string, args: string[], options: ToolOptions = {}): Result => runToolOk(l, file, args, { cwd: scratch, ...options });

/** tools.json, written by scripts/lab/tools.sh next to the state file: every pinned tool, cosign v2 included. */
function pinnedTool(name: string): string {
  const tools = JSON.parse(readFileSync(join(dirname(labStatePath()), 'tools.json'), 'utf8')) as Record<string, unknown>;
  const path = tools[name];
  if (typeof path !== 'string') throw new Error(`no '${name}' in tools.json: run 'scripts/lab.sh up'`);
  return path;
}

function digestOf(reference: string): string {
  const digest = reference.split('@')[1];
  if (!digest) throw new Error(`${reference} is not by digest`);
  return digest;
}

/** Copies a lab base image, by digest, into this run's namespace (same digest, no shared signatures). */
function copyImage(source: string, repository: string): string {
  const target = `${l.registry}/${namespace}/${repository}`;
  runOk(l.bin.oras, ['cp', '--from-plain-http', '--to-plain-http', source, `${target}:copy`]);
  return `${target}@${digestOf(source)}`;
}

beforeAll(() => {
  l = lab();
  scratch = mkdtempSync(join(tmpdir(), 'lab-tools-e2e-'));
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

// ------------------------------------------------------------------ trivy

interface TrivyVulnerability {
  VulnerabilityID: string;
  PkgName: string;
  InstalledVersion: string;
  FixedVersion?: string;
  Severity: string;
  Status: string;
}

interface TrivyReport {
  Results?: { Vulnerabilities?: TrivyVulnerability[] }[];
}

// Offline: no version check, no telemetry, no Java DB; the image is read from
// the registry (plain http on loopback needs no flag).
const trivyOffline = ['--skip-version-check', '--disable-telemetry', '--no-progress', '--skip-java-db-update'];

function scan(cacheDir: string, dbRepository: string): { result: Result; report: TrivyReport } {
  const output = join(cacheDir, 'report.json');
  const result = run(l.bin.trivy, [
    'image',
    ...trivyOffline,
    '--cache-dir',
    cacheDir,
    '--db-repository',
    dbRepository,
    '--image-src',
    'remote',
    '--scanners',
    'vuln',
    '--format',
    'json',
    '--output',
    output,
    l.baseImages.debian,
  ]);
  const report = existsSync(output) ? (JSON.parse(readFileSync(output, 'utf8')) as TrivyReport) : {};
  return { result, report };
}

/** The trivy.db inside the artifact the registry serves, fetched independently of trivy. */
function registryDb(dbRepository: string): Buffer {
  const dir = mkdtempSync(join(scratch, 'db-pull-'));
  runOk(l.bin.oras, ['pull', '--plain-http', '--output', dir, dbRepository]);
  runOk('tar', ['-xzf', join(dir, 'db.tar.gz'), '-C', dir]);
  return readFileSync(join(dir, 'trivy.db'));
}

describe('trivy with the test DB from the lab registry', () => {
  let cacheDir: string;
  let first: { result: Result; report: TrivyReport };
  let vulnerabilities: TrivyVulnerability[];

  beforeAll(() => {
    cacheDir = mkdtempSync(join(scratch, 'trivy-cache-'));
    first = scan(cacheDir, l.trivy.dbRepository);
    vulnerabilities = (first.report.Results ?? []).flatMap((r) => r.Vulnerabilities ?? []);
  });

  it('downloads the DB from the lab registry into an empty cache', () => {
    expect(first.result.stderr).toContain(`Artifact successfully downloaded\trepo="${l.trivy.dbRepository}"`);
    expect(first.result.status).toBe(0);
    const cached = readFileSync(join(cacheDir, 'db', 'trivy.db'));
    expect(cached.equals(registryDb(l.trivy.dbRepository))).toBe(true);
    const metadata = JSON.parse(readFileSync(join(cacheDir, 'db', 'metadata.json'), 'utf8')) as Record<string, string | number>;
    expect(metadata.Version).toBe(2);
    // trivy stamps DownloadedAt only when it fetched the DB itself.
    expect(metadata.DownloadedAt).not.toBe('0001-01-01T00:00:00Z');
  });

  it('reports the seeded advisory against the package the lab image really contains', () => {
    const seeded = l.trivy.seeded;
    const found = vulnerabilities.find((v) => v.VulnerabilityID === seeded.id);
    expect(found).toMatchObject({
      PkgName: seeded.pkg,
      InstalledVersion: seeded.installedVersion,
      FixedVersion: seeded.fixedVersion,
      Severity: seeded.severity,
      Status: 'fixed',
    });
  });

  // What each test record in test/fixtures/trivy-db means for the lab's Debian image.
  const records: { name: string; id: string; expected: Partial<TrivyVulnerability> | undefined }[] = [
    { name: 'fixable HIGH (the seeded one)', id: 'TEST-2026-0001', expected: { PkgName: 'gzip', Severity: 'HIGH', Status: 'fixed' } },
    { name: 'HIGH with no fix', id: 'TEST-2026-0002', expected: { PkgName: 'mawk', Severity: 'HIGH', Status: 'affected' } },
    { name: 'fixed before the installed version', id: 'TEST-2026-0003', expected: undefined },
    { name: 'fixable LOW', id: 'TEST-2026-0004', expected: { PkgName: 'tar', Severity: 'LOW', Status: 'fixed' } },
  ];
  it.each(records)('test record $id: $name', ({ id, expected }) => {
    const found = vulnerabilities.filter((v) => v.VulnerabilityID === id);
    if (expected === undefined) {
      expect(found).toEqual([]);
    } else {
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject(expected);
      if (expected.Status === 'affected') expect(found[0]?.FixedVersion ?? '').toBe('');
    }
  });

  it('does not download again while the DB is fresh (NextUpdate is a year ahead)', () => {
    const again = scan(cacheDir, l.trivy.dbRepository);
    expect(again.result.status).toBe(0);
    expect(again.result.stderr).not.toContain('Downloading vulnerability DB');
  });

  it('fails when the DB repository does not exist, so the DB above came from the registry', () => {
    const empty = mkdtempSync(join(scratch, 'trivy-cache-'));
    const missing = scan(empty, `${l.registry}/${namespace}/no-such-db:2`);
    expect(missing.result.status).not.toBe(0);
    expect(missing.result.stderr).toContain('failed to download vulnerability DB');
  });
});

// ------------------------------------------------------------------ cosign

interface CosignCase {
  name: string;
  tool: () => string;
  /** Sign with a key, offline: no Fulcio, no Rekor, no TUF. */
  signFlags: string[];
}

const cosignCases: CosignCase[] = [
  {
    name: 'cosign v3',
    tool: () => l.bin.cosign,
    // v3 refuses --tlog-upload=false while the TUF signing config is in use.
    signFlags: ['--use-signing-config=false', '--tlog-upload=false'],
  },
  { name: 'cosign v2', tool: () => pinnedTool('cosign-v2'), signFlags: ['--tlog-upload=false'] },
];

describe.each(cosignCases)('$name with a key, no transparency log', ({ name, tool, signFlags }) => {
  const password = randomBytes(12).toString('hex');
  let keys: string;
  let signed: string;
  let unsigned: string;
  const env = (): Record<string, string> => ({ COSIGN_PASSWORD: password, TUF_ROOT: join(keys, 'tuf') });

  beforeAll(() => {
    keys = mkdtempSync(join(scratch, 'cosign-'));
    runOk(tool(), ['generate-key-pair'], { cwd: keys, env: env() });
    mkdirSync(join(keys, 'other'));
    runOk(tool(), ['generate-key-pair'], { cwd: join(keys, 'other'), env: env() });
    const repository = name.replace(/\W+/g, '-');
    signed = copyImage(l.baseImages.busybox, `${repository}/signed`);
    unsigned = copyImage(l.baseImages.debian, `${repository}/signed`);
    runOk(tool(), ['sign', '--key', 'cosign.key', ...signFlags, '--yes', signed], { cwd: keys, env: env() });
  });

  const verify = (reference: string, key: string): Result =>
    run(tool(), ['verify', '--key', key, '--insecure-ignore-tlog=true', reference], { cwd: keys, env: env() });

  it('verifies the signed digest', () => {
    const result = verify(signed, 'cosign.pub');
    expect(result.status).toBe(0);
    const claims = JSON.parse(result.stdout) as { critical: { image: { 'docker-manifest-digest': string } } }[];
    expect(claims.map((c) => c.critical.image['docker-manifest-digest'])).toEqual([digestOf(signed)]);
  });

  it('refuses a different digest in the same repository', () => {
    const result = verify(unsigned, 'cosign.pub');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('no signatures found');
  });

  it('refuses the signed digest under another key', () => {
    const result = verify(signed, join('other', 'cosign.pub'));
    expect(result.status).not.toBe(0);
  });
});

// ------------------------------------------------------------------ act and actionlint

/** Job ids per workflow file name, read from the YAML itself. */
function declaredJobs(workflows: string): string[] {
  return readdirSync(workflows)
    .filter((file) => /\.ya?ml$/.test(file))
    .flatMap((file) => {
      const doc = parse(readFileSync(join(workflows, file), 'utf8')) as { jobs?: Record<string, unknown> } | null;
      return Object.keys(doc?.jobs ?? {}).map((job) => `${file} ${job}`);
    })
    .sort();
}

/** `act -l` prints a table; the job id is its second column and the workflow file its second to last. */
function listedJobs(output: string): string[] {
  return (
    output
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      // Rows start with the stage number; act may print advice lines after the table.
      .filter((cells) => cells.length >= 6 && /^\d+$/.test(cells[0] ?? ''))
      .map((cells) => `${cells[cells.length - 2]} ${cells[1]}`)
      .sort()
  );
}

function tinyRepository(): string {
  const dir = mkdtempSync(join(scratch, 'workflows-'));
  mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
  runOk('git', ['init', '-q', dir]);
  writeFileSync(
    join(dir, '.github', 'workflows', 'hello.yml'),
    ['name: hello', 'on: [push]', 'jobs:', '  greet:', '    runs-on: ubuntu-latest', '    steps:', '      - run: echo hello', ''].join(
      '\n',
    ),
  );
  return dir;
}

describe('act and actionlint', () => {
  const repositories = [
    { name: 'a tiny workflow in a temporary repository', dir: () => tinyRepository() },
    { name: "this repository's workflows", dir: () => repoRoot },
  ];

  it.each(repositories)('act -l lists every job of $name', ({ dir }) => {
    const root = dir();
    const workflows = join(root, '.github', 'workflows');
    const expected = existsSync(workflows) ? declaredJobs(workflows) : [];
    expect(expected.length, `no workflow with jobs in ${workflows}`).toBeGreaterThan(0);
    const result = runOk(l.bin.act, ['-l'], { cwd: root });
    expect(listedJobs(result.stdout)).toEqual(expected);
  });

  it.each(repositories)('actionlint runs on $name', ({ dir }) => {
    const root = dir();
    const result = run(l.bin.actionlint, ['-format', '{{json .}}'], { cwd: root });
    // Exit 0: no problem; 1: problems found (reported as JSON); 2 and 3: actionlint itself failed.
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([]);
  });

  it('actionlint reports a broken expression with its file, line and column', () => {
    const root = tinyRepository();
    writeFileSync(
      join(root, '.github', 'workflows', 'broken.yml'),
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a JavaScript template
      ['on: push', 'jobs:', '  x:', '    runs-on: ubuntu-latest', '    steps:', '      - run: echo ${{ github.nope }}', ''].join('\n'),
    );
    const result = run(l.bin.actionlint, ['-format', '{{json .}}'], { cwd: root });
    expect(result.status).toBe(1);
    const problems = JSON.parse(result.stdout) as { filepath: string; line: number; column: number; kind: string }[];
    expect(problems.map(({ filepath, line, column, kind }) => ({ filepath, line, column, kind }))).toEqual([
      { filepath: join('.github', 'workflows', 'broken.yml'), line: 6, column: 23, kind: 'expression' },
    ]);
  });
});
