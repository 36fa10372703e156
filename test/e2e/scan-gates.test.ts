import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChainReport, type ImageOutcome, runChain } from '../../packages/chain/index.js';
import { sbomPackages } from '../../packages/cosign/index.js';
import { MemoryLogger } from '../../packages/logging/index.js';
import { parseReference } from '../../packages/oci/index.js';
import type { PlanEntry } from '../../packages/plan/index.js';
import { packageRecords, readImage } from '../../packages/prebuilt/index.js';
import { type Command, type CommandResult, type CommandRunner, ExecRunner } from '../../packages/process/index.js';
import { RegistryClient } from '../../packages/registry/index.js';
import {
  type DbState,
  DirectoryDbCache,
  dbCacheKey,
  dbDirectory,
  parseMaxDbAge,
  prepareDb,
  type ScanResult,
  scanImages,
  utcDate,
} from '../../packages/trivy/index.js';
import { planEntry } from '../harness/plan-entry.js';
import { repoRoot } from '../harness/run-dist.js';
import { CATALOG_BASE, examplePlan } from './build-lab.js';
import { buildPushed, buildTestDb, uniqueNamespace } from './gates-lab.js';
import { type Lab, lab, restoreEnvironment, runToolOk } from './lab.js';
import { attestedSbom, labChainSteps, runTrivyCache } from './lab-chain.js';
import { startOverloadedRegistry } from './scan-lab-images.js';

/**
 * The scan gate against what the image really holds, with the real tools on
 * the lab: the example images (built from examples/), the chain's own steps
 * (buildx, the lock-down reader, trivy, cosign with a key), the lab's test
 * DB, and a DB of this file's own with an advisory only the distroless-style
 * examples can meet. Everything is pushed under a namespace of its own.
 */
let l: Lab;
let work: string;
let base: string;
let labDb: DbState;
const registry = new RegistryClient();
const today = utcDate(new Date());
const PASSWORD = 'e2e-gates-password';
const DAY = 86_400_000;
const savedEnv = { ...process.env };

class QuietRunner implements CommandRunner {
  private readonly exec = new ExecRunner();
  run(command: Command): Promise<CommandResult> {
    return this.exec.run({ ...command, quiet: true });
  }
}
const runner = new QuietRunner();

interface ChainRun {
  report: ChainReport;
  log: MemoryLogger;
}

/** The example catalog planned as matrix-expand plans it, every repository and tag moved under `under`. */
async function plan(under: string, applications: string[]): Promise<PlanEntry[]> {
  const move = (reference: string) => reference.replace(CATALOG_BASE, under);
  return (await examplePlan(under, applications)).map((e) => ({
    ...e,
    tags: e.tags.map(move),
    ...(e.debug ? { debug: { ...e.debug, tags: e.debug.tags.map(move) } } : {}),
  }));
}

/** The chain's real steps, as the root action wires them, for `entries` built from `workspace`. */
async function chain(
  entries: PlanEntry[],
  options: { workspace?: string; dbRepositories?: string[]; store?: DirectoryDbCache; maxDbAge?: string } = {},
): Promise<ChainRun> {
  const log = new MemoryLogger();
  const runDir = mkdtempSync(join(work, 'run-'));
  const steps = labChainSteps(l, {
    runner,
    log,
    registry,
    workspace: options.workspace ?? repoRoot,
    runDir,
    key: { privateKey: readFileSync(join(work, 'cosign.key'), 'utf8'), password: PASSWORD },
    registryCache: false,
    trivyCacheDir: runTrivyCache(runDir),
    dbStore: options.store ?? new DirectoryDbCache(join(runDir, 'db-cache')),
    ...(options.dbRepositories !== undefined ? { dbRepositories: options.dbRepositories } : {}),
    ...(options.maxDbAge !== undefined ? { maxDbAge: options.maxDbAge } : {}),
  });
  return { report: await runChain(entries, steps, { sign: true, publish: true, log }), log };
}

function outcome(run: ChainRun, id: string): ImageOutcome {
  const found = run.report.outcomes.find((o) => o.id === id);
  if (!found) throw new Error(`no outcome for ${id}: ${run.report.outcomes.map((o) => o.id).join(', ')}`);
  return found;
}

async function tagsOf(repository: string): Promise<string[]> {
  const { registry: host, repository: path } = parseReference(repository, 'repository');
  return registry.tags(host, path);
}

/** A scan with the real trivy, a prepared DB and the registry, as scan-with-trivy runs it. */
async function scan(images: string[], db: DbState, cacheDir: string, out: string): Promise<ScanResult> {
  return scanImages({
    trivy: l.bin.trivy,
    toolVersion: '0.74.0',
    cacheDir,
    outputDir: join(work, out),
    images,
    formats: ['sarif', 'cyclonedx'],
    policy: { threshold: 'HIGH', ignoreUnfixed: true },
    ignores: [],
    today,
    db,
    maxDbAgeMs: parseMaxDbAge('2d'),
    registry,
    runner,
    log: new MemoryLogger(),
  });
}

beforeAll(async () => {
  l = lab();
  // buildx and cosign run as the root action runs them: with the lab's builder and tools.
  for (const [name, value] of Object.entries(l.env)) process.env[name] = value;
  work = mkdtempSync(join(tmpdir(), 'scan-gates-e2e-'));
  base = uniqueNamespace(l, 'scan');
  runToolOk(l, l.bin.cosign, ['generate-key-pair'], { cwd: work, env: { COSIGN_PASSWORD: PASSWORD } });
  labDb = await prepareDb({
    trivy: l.bin.trivy,
    cacheDir: join(work, 'lab-db'),
    repositories: [l.trivy.dbRepository],
    store: new DirectoryDbCache(join(work, 'lab-db-store')),
    runner,
    log: new MemoryLogger(),
    today,
  });
});

afterAll(() => {
  restoreEnvironment(savedEnv);
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('python-runner as it was: dpkg records, no OS files', () => {
  it('stops at the scan as unscannable, naming /etc/debian_version, and gets no tag', async () => {
    // The example's own Dockerfile, less the step that copies the OS identification files.
    const dockerfile = readFileSync(join(repoRoot, 'examples/images/python-runner/Dockerfile'), 'utf8');
    const withoutOsFiles = dockerfile.replace(
      /^RUN mkdir -p \/out\/etc && cp -L \/etc\/os-release \/etc\/debian_version \/out\/etc\/\n/m,
      '',
    );
    expect(withoutOsFiles).not.toBe(dockerfile);
    const workspace = mkdtempSync(join(work, 'workspace-'));
    mkdirSync(join(workspace, 'images/python-runner'), { recursive: true });
    writeFileSync(join(workspace, 'images/python-runner/Dockerfile'), withoutOsFiles);
    const [example] = await plan(`${base}/as-it-was`, ['python-runner']);
    if (example === undefined) throw new Error('no python-runner in the example plan');
    const entry = { ...example, context: 'images/python-runner', dockerfile: 'images/python-runner/Dockerfile' };

    const run = await chain([entry], { workspace });
    const o = outcome(run, entry.id);
    expect(o).toMatchObject({ status: 'stopped', stoppedAt: 'scan', scanVerdict: 'unscannable', published: [] });
    // Its own test passes: the interpreter runs. Only the scan sees that nothing can be scanned.
    expect(o.passed).toEqual(['build', 'lock-down', 'test']);
    expect(o.reason).toMatch(
      /^unscannable: linux\/amd64: trivy detected no OS, so it scanned none of the 7 packages its dpkg records list \(/,
    );
    expect(o.reason).toContain('ship /etc/os-release and /etc/debian_version in the image');
    expect(o.scanSummary).toContain('| linux/amd64 | none detected | none | dpkg 7 | unscannable |');
    expect(await tagsOf(entry.repository)).toEqual([]);
  });
});

describe('the fixed examples', () => {
  let run: ChainRun;
  let entries: PlanEntry[];
  beforeAll(async () => {
    entries = await plan(`${base}/examples`, ['python-runner', 'kerberos-test', 'node-app']);
    run = await chain(entries);
  });

  it('pass every gate and are published, the debug twin too', () => {
    expect(run.report.outcomes.map((o) => [o.id, o.status, o.stoppedAt ?? null, o.scanVerdict, o.reason ?? null])).toEqual([
      ['python-runner-3.11.2', 'published', null, 'pass', null],
      ['node-app-18.19.0', 'published', null, 'pass', null],
      ['node-app-18.19.0-debug', 'published', null, 'pass', null],
      ['kerberos-test-1.0.0', 'published', null, 'pass', null],
    ]);
  });

  it('each attested SBOM lists at least every package the lock-down reader finds in the image', async () => {
    for (const o of run.report.outcomes) {
      const image = o.image ?? '';
      const { predicate } = attestedSbom(l, image, join(work, 'cosign.pub'));
      const attested = new Set(sbomPackages(predicate).map((p) => p.slice(0, p.lastIndexOf('@'))));
      const recorded = (await readImage(registry, image, { recognise: false })).flatMap((p) =>
        packageRecords(p.files).packages.map((r) => r.name),
      );
      expect(recorded.length, o.id).toBeGreaterThan(0);
      expect(
        recorded.filter((name) => !attested.has(name)),
        `${o.id}: recorded packages missing from its attested SBOM`,
      ).toEqual([]);
    }
  });

  it('the scan summary shows what was seen and that nothing was left unseen', () => {
    const summary = outcome(run, 'node-app-18.19.0').scanSummary ?? '';
    expect(summary).toContain('| linux/amd64 | debian 12.15 | debian 15 | dpkg 15 | pass |');
    expect(summary).not.toContain('Executables no package record claims');
    expect(summary).toMatch(/^Vulnerability DB: .* old \(built .*\), /m);
  });
});

describe('an advisory only a distroless-style image can meet (a DB of this file’s own)', () => {
  it('fails the fixed python-runner’s gate, naming the package', async () => {
    const repository = `${base}/trivy-db:2`;
    buildTestDb(l, work, join(repoRoot, 'test/fixtures/trivy-db-distroless'), repository);
    const cacheDir = join(work, 'own-db');
    const db = await prepareDb({
      trivy: l.bin.trivy,
      cacheDir,
      repositories: [repository],
      store: new DirectoryDbCache(join(work, 'own-db-store')),
      runner,
      log: new MemoryLogger(),
      today,
    });
    const [example] = await plan(`${base}/advisory`, ['python-runner']);
    if (example === undefined) throw new Error('no python-runner in the example plan');
    const built = await chain([example], { dbRepositories: [repository] });
    const o = outcome(built, example.id);
    expect(o).toMatchObject({ status: 'stopped', stoppedAt: 'scan', scanVerdict: 'fail' });
    expect(o.reason).toMatch(
      /^fail: linux\/amd64: 2 findings at or above HIGH with a fixed version: TEST-2026-0101 \(HIGH, (lib)?python3\.11-minimal /,
    );
    expect(await tagsOf(example.repository)).toEqual([]);
    // The same scan on its own says the same.
    const result = await scan([o.image ?? ''], db, cacheDir, 'advisory');
    expect(result.images[0]?.platforms[0]?.verdict.blocking.map((f) => [f.id, f.pkg]).sort()).toEqual([
      ['TEST-2026-0101', 'libpython3.11-minimal'],
      ['TEST-2026-0101', 'python3.11-minimal'],
    ]);
  });
});

describe('every platform is scanned', () => {
  let image: string;
  let result: ScanResult;
  beforeAll(async () => {
    // Two platforms of one FROM-scratch image, each with the lab Debian's own gzip record: amd64's
    // says the fixed version of the lab DB's seeded advisory, arm64's the affected one.
    const dockerfile = [
      'FROM --platform=$BUILDPLATFORM debian:bookworm AS records',
      'RUN mkdir -p /out/amd64/var/lib/dpkg/status.d /out/arm64/var/lib/dpkg/status.d /out/amd64/etc /out/arm64/etc \\',
      ' && dpkg-query -s gzip > /out/arm64/var/lib/dpkg/status.d/gzip \\',
      ` && sed 's/^Version: .*/Version: ${l.trivy.seeded.fixedVersion}/' /out/arm64/var/lib/dpkg/status.d/gzip > /out/amd64/var/lib/dpkg/status.d/gzip \\`,
      ' && for a in amd64 arm64; do cp -L /etc/os-release /etc/debian_version /out/$a/etc/; done',
      'FROM scratch',
      'ARG TARGETARCH',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a Dockerfile build argument, not a template.
      'COPY --from=records /out/${TARGETARCH}/ /',
      '',
    ].join('\n');
    image = buildPushed(l, work, `${base}/two-platforms`, dockerfile, {}, ['--platform', 'linux/amd64,linux/arm64']);
    result = await scan([image], labDb, join(work, 'lab-db'), 'two-platforms');
  });

  it('the arm64 image alone carries the flagged package: the gate fails, naming linux/arm64', () => {
    const [scanned] = result.images;
    expect(scanned?.platforms.map((p) => [p.platform, p.status])).toEqual([
      ['linux/amd64', 'pass'],
      ['linux/arm64', 'fail'],
    ]);
    expect(result.verdict).toBe('fail');
    expect(scanned?.reason).toMatch(
      new RegExp(
        `^linux/arm64: 1 finding at or above HIGH with a fixed version: ${l.trivy.seeded.id} \\(HIGH, gzip ${l.trivy.seeded.installedVersion}`,
      ),
    );
    // Each platform by its own digest, not the index's.
    expect(new Set(scanned?.platforms.map((p) => p.image)).size).toBe(2);
    expect(scanned?.platforms.every((p) => p.image !== image)).toBe(true);
  });

  it('the SARIF has a run per platform, and the SBOM a component per platform, each named', () => {
    const sarif = JSON.parse(readFileSync(result.sarif ?? '', 'utf8')) as {
      runs: Array<{ automationDetails: { id: string }; results: unknown[] }>;
    };
    expect(sarif.runs.map((r) => [r.automationDetails.id.split('/').slice(-3, -1).join('/'), r.results.length])).toEqual([
      ['linux/amd64', 0],
      ['linux/arm64', 1],
    ]);
    const sbom = JSON.parse(readFileSync(result.images[0]?.sbom ?? '', 'utf8')) as {
      metadata: { component: { name: string } };
      components: Array<{ name: string; properties: Array<{ name: string; value: string }> }>;
    };
    expect(sbom.metadata.component.name).toBe(image);
    expect(sbom.components.map((c) => c.properties.find((p) => p.name === 'image-actions:platform')?.value)).toEqual([
      'linux/amd64',
      'linux/arm64',
    ]);
    expect(sbomPackages(sbom).sort()).toEqual([`gzip@${l.trivy.seeded.fixedVersion}`, `gzip@${l.trivy.seeded.installedVersion}`].sort());
  });
});

describe('the vulnerability DB’s age', () => {
  let entry: PlanEntry;
  let entryWorkspace: string;
  let overloaded: Awaited<ReturnType<typeof startOverloadedRegistry>>;
  beforeAll(async () => {
    overloaded = await startOverloadedRegistry();
    const workspace = mkdtempSync(join(work, 'db-age-'));
    mkdirSync(join(workspace, 'images/app'), { recursive: true });
    writeFileSync(join(workspace, 'images/app/Dockerfile'), `FROM ${l.baseImages.debian}\nUSER 65532\nENTRYPOINT ["/bin/true"]\n`);
    entry = planEntry({ id: 'app-1.0.0', context: 'images/app', repository: `${base}/db-age`, tags: [`${base}/db-age:1.0.0`] });
    entryWorkspace = workspace;
  });
  afterAll(async () => overloaded?.stop());

  /** A cache holding only a copy of the lab DB whose metadata says it was built `days` ago. */
  function cacheAged(days: number): DirectoryDbCache {
    const root = mkdtempSync(join(work, 'aged-cache-'));
    // Saved for the same repositories the chain is given: another source's copy is never restored.
    const key = dbCacheKey(refusing(), utcDate(new Date(Date.now() - days * DAY)));
    cpSync(dbDirectory(join(work, 'lab-db')), join(root, key, '0'), { recursive: true });
    const metadata = join(root, key, '0', 'metadata.json');
    const json = JSON.parse(readFileSync(metadata, 'utf8')) as Record<string, unknown>;
    // As a public DB that old would say: built then, due again six hours later, so trivy tries to refresh it.
    const built = Date.now() - days * DAY;
    writeFileSync(
      metadata,
      JSON.stringify({
        ...json,
        UpdatedAt: new Date(built).toISOString(),
        NextUpdate: new Date(built + DAY / 4).toISOString(),
        // trivy does not even try a DB it downloaded in the last hour.
        DownloadedAt: new Date(built + 60_000).toISOString(),
      }),
    );
    return new DirectoryDbCache(root);
  }

  /** Every DB repository refuses: one rate-limits everything, one is not listening at all. */
  const refusing = () => [`${overloaded.host}/aquasec/trivy-db:2`, '127.0.0.1:1/aquasec/trivy-db:2'];

  it('with every repository refusing and only a DB older than max-db-age cached: stale-db, and nothing is tagged', async () => {
    const run = await chain([entry], { workspace: entryWorkspace, dbRepositories: refusing(), store: cacheAged(9) });
    const o = outcome(run, entry.id);
    expect(o).toMatchObject({ status: 'stopped', stoppedAt: 'scan', scanVerdict: 'stale-db', published: [] });
    expect(o.reason).toMatch(
      /^stale-db: the vulnerability DB is 9 days old \(built .*\), older than max-db-age 2 days; the DB repositories failed: /,
    );
    expect(o.reason).toContain(`${overloaded.host}/aquasec/trivy-db:2: `);
    expect(o.reason).toContain('127.0.0.1:1/aquasec/trivy-db:2: ');
    expect(overloaded.hits()).toBeGreaterThan(0);
    expect(await tagsOf(entry.repository)).toEqual([]);
  });

  it('with a cached DB younger than max-db-age: it scans, and says how old the DB is', async () => {
    const run = await chain([entry], { workspace: entryWorkspace, dbRepositories: refusing(), store: cacheAged(1) });
    const o = outcome(run, entry.id);
    // The lab's Debian image carries the seeded advisory: the scan ran, and its gate judged the findings.
    expect(o).toMatchObject({ stoppedAt: 'scan', scanVerdict: 'fail' });
    expect(o.reason).toContain(l.trivy.seeded.id);
    expect(o.scanSummary).toMatch(
      /^Vulnerability DB: 1 day old \(built .*\), an older cached copy \(trivy-db-.*\), every repository having failed\.$/m,
    );
  });
});
