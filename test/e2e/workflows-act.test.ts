import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../packages/catalog/index.js';
import type { ImageOutcome } from '../../packages/chain/index.js';
import { readOutcomes } from '../../packages/chain/index.js';
import { parseTree, sbomPackages } from '../../packages/cosign/index.js';
import { parseDigestReference, parseReference } from '../../packages/oci/index.js';
import { RegistryClient } from '../../packages/registry/index.js';
import { repoRoot } from '../harness/run-dist.js';
import { type Lab, lab, labStatePath } from './lab.js';
import { accessLogOffset, copyLabDb, dbBlobGets } from './lab-db.js';

/**
 * The workflows themselves, run by act on this machine against the lab, as
 * the README's main-job command runs them (scripts/nightly.sh): the
 * pull-request check builds and scans and tags nothing; the nightly publishes
 * every compliant example, signed, and stops the non-compliant one.
 */
let l: Lab;
const registry = new RegistryClient();
let repositories: string[];

interface Run {
  status: number;
  stderr: string;
  stdout: string;
  outcomes: ImageOutcome[];
  /** The record files the jobs wrote: one per image and phase. */
  files: string[];
  /** act's log of the run. */
  log: string;
}

async function nightly(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const result = spawnSync(join(repoRoot, 'scripts', 'nightly.sh'), args, {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, IMAGE_ACTIONS_BOOTSTRAPPED: '1', ...env },
    timeout: 1_500_000,
  });
  const dir = /outcomes in (\S+), log in/.exec(result.stderr)?.[1];
  if (dir === undefined) throw new Error(`nightly.sh ${args.join(' ')} did not start a run:\n${result.stderr.slice(-3000)}`);
  const outcomes = await readOutcomes(dir);
  const logFile = /, log in (\S+)/.exec(result.stderr)?.[1] ?? '';
  const log = readFileSync(logFile, 'utf8');
  return { status: result.status ?? 1, stderr: result.stderr, stdout: result.stdout, outcomes, files: readdirSync(dir).sort(), log };
}

/** Every tag of the example repositories and the digest it names. */
async function tagSnapshot(): Promise<Record<string, string>> {
  const snapshot: Record<string, string> = {};
  for (const repository of repositories) {
    for (const tag of await registry.tags(l.registry, repository)) {
      if (tag.startsWith('sha256-') || tag.startsWith('buildcache')) continue;
      snapshot[`${repository}:${tag}`] = (await registry.manifest(l.registry, repository, tag)).digest;
    }
  }
  return snapshot;
}

/**
 * Puts under `tag` the manifest it names with one annotation more: another
 * digest of the same image, as a tag moved upstream or by hand, signed by no
 * one. Returns the new digest.
 */
async function annotated(repository: string, tag: string): Promise<string> {
  const current = await registry.manifest(l.registry, repository, tag);
  const manifest = JSON.parse(current.body.toString('utf8')) as { annotations?: Record<string, string> };
  manifest.annotations = { ...manifest.annotations, 'org.example.moved': new Date().toISOString() };
  const body = Buffer.from(JSON.stringify(manifest));
  await registry.putManifest(l.registry, repository, tag, current.mediaType, body);
  return (await registry.manifest(l.registry, repository, tag)).digest;
}

/** The examples that stop: one at its lock-down check, one at its tests. */
const STOPPING = ['noncompliant-0.1.0', 'jq-1.6'];

/**
 * The rows of the summary job's table, as act logs the job summary: the
 * lines after its heading, up to act's next log line.
 */
function summaryRows(run: Run, images: number): string[] {
  const heading = `Summary - <h2>Rebuild: ${images} images reported</h2>`;
  const start = run.log.indexOf(heading);
  if (start === -1) return [];
  const rows: string[] = [];
  for (const line of run.log
    .slice(start + heading.length)
    .split('\n')
    .slice(1)) {
    if (line.startsWith('[')) break;
    if (line.startsWith('| `')) rows.push(line);
  }
  return rows;
}

/** What the summary says of one image's tests, and that it is the row of that image. */
function testsCell(rows: string[], id: string): string {
  return rows.find((r) => r.startsWith(`| \`${id}\` |`)) ?? `(no row for ${id})`;
}

function byId(run: Run): Map<string, ImageOutcome> {
  return new Map(run.outcomes.map((o) => [o.id, o]));
}

beforeAll(async () => {
  l = lab();
  const catalog = await loadCatalog(join(repoRoot, 'examples', 'images.yaml'));
  repositories = catalog.images.flatMap((i) => {
    const repository = `${catalog.repository}/${i.name}`;
    return i.debug ? [repository, `${repository}-debug`] : [repository];
  });
});

describe('act runs the workflows over examples/ against the lab', () => {
  it('pr-check.yml by hand: checks and scans every example in each job\u2019s own registry, signs and tags nothing', async () => {
    const before = await tagSnapshot();
    const run = await nightly(['--pr-check']);
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    const outcomes = byId(run);
    expect(outcomes.get('noncompliant-0.1.0')).toMatchObject({ status: 'stopped', stoppedAt: 'lock-down' });
    // The pull request check runs the images' tests too: jq's stops it in the build job.
    expect(outcomes.get('jq-1.6')).toMatchObject({ status: 'stopped', stoppedAt: 'test', passed: ['build', 'lock-down'] });
    expect(run.files.filter((f) => f.startsWith('jq-1.6.'))).toEqual(['jq-1.6.build.json']);
    const others = run.outcomes.filter((o) => !STOPPING.includes(o.id));
    expect(others.length).toBeGreaterThanOrEqual(8);
    for (const o of others) {
      expect([o.id, o.status, o.passed, o.published, o.newSignature, o.tests?.verdict]).toEqual([
        o.id,
        'passed',
        ['build', 'lock-down', 'test', 'scan'],
        [],
        undefined,
        'pass',
      ]);
      // Pushed to the job's own registry on loopback, not the lab's.
      expect(parseReference(o.image ?? '').registry, o.id).not.toBe(l.registry);
    }
    expect(await tagSnapshot()).toEqual(before);
    // One job per image built and scanned it, and wrote one record (with the SBOM); no sign or publish job ran.
    for (const o of others)
      expect(run.files.filter((f) => f.startsWith(`${o.id}.`) && f.endsWith('.json'))).toEqual([`${o.id}.cdx.json`, `${o.id}.scan.json`]);
    expect(run.log).not.toContain('rebuild-shard');
  });

  it('nightly.yml: publishes every compliant example, signed with a verifiable SBOM attestation; the non-compliant one gets no tag; a second run builds nothing but what never published', async () => {
    // The lab's DB under a repository of this test's own: no earlier run saved a cache entry for it.
    const db = await copyLabDb(l, `trivy-db-nightly-${Date.now()}`);
    const withDb = { NIGHTLY_TRIVY_DB: db.repository };
    const offset = accessLogOffset(l);
    // Forced: whatever an earlier run left in the lab, every image is built now.
    const run = await nightly([], { ...withDb, NIGHTLY_FORCE: 'true' });
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    // The DB is downloaded once for the whole run, by the db job, and every scan leg restores that copy.
    const gets = dbBlobGets(l, db, offset);
    expect(gets, gets.join('\n')).toHaveLength(1);
    expect(run.log).toMatch(
      /\[rebuild\/rebuild\/vulnerability DB\]\s+\|\s+Vulnerability DB: downloaded from 127\.0\.0\.1:\d+\/lab\/trivy-db-nightly-\d+:2; saved to the cache as trivy-db-[0-9a-f]{16}-/,
    );
    // The scan legs that restored the run's DB, by leg id (`first..last`: the nightly's legs are batches of two).
    const scanLegs = (log: string) =>
      [...log.matchAll(/\/rebuild-shard\/scan ([^\]]*?)\s*\]\s+\|\s+Vulnerability DB: the run's copy restored from the cache/g)].map(
        // act numbers the legs of a matrix of several (`-1`, `-2`); no example's id ends in `-<digits>`.
        (m) => (m[1] ?? '').replace(/-\d+$/, ''),
      );
    expect(run.log).not.toContain('could not be restored from the cache');
    const outcomes = byId(run);
    const stopped = outcomes.get('noncompliant-0.1.0');
    expect(stopped).toMatchObject({ status: 'stopped', stoppedAt: 'lock-down', published: [] });
    const noTag = parseReference(stopped?.plannedTags[0] ?? '');
    expect(await registry.tags(noTag.registry, noTag.repository)).not.toContain(noTag.tag);

    const published = run.outcomes.filter((o) => !STOPPING.includes(o.id));
    expect(published.map((o) => [o.id, o.status])).toEqual(published.map((o) => [o.id, 'published']));
    // Each scan leg restored the DB once, for the images of its batch; every entry that reached the scan was
    // in one of them (a debug twin is scanned in its image's leg), and some leg held two.
    const legs = scanLegs(run.log);
    expect(new Set(legs).size).toBe(legs.length);
    const scanned = published.filter((o) => !o.id.endsWith('-debug')).map((o) => o.id);
    for (const id of scanned)
      expect(
        legs.filter((leg) => leg.split('..').includes(id)),
        id,
      ).toHaveLength(1);
    expect(legs.some((leg) => leg.includes('..'))).toBe(true);
    expect(legs.length).toBeLessThan(scanned.length);
    // Four jobs, one record each: build, scan, sign and publish ran apart.
    for (const o of published) {
      expect(
        run.files.filter((f) => f.startsWith(`${o.id}.`) && /\.(build|scan|sign|publish)\.json$/.test(f)),
        o.id,
      ).toEqual(['build', 'publish', 'scan', 'sign'].map((phase) => `${o.id}.${phase}.json`));
    }
    // The lock-down check stopped it in the build job; no later job wrote for it.
    expect(run.files.filter((f) => f.startsWith('noncompliant-0.1.0.'))).toEqual(['noncompliant-0.1.0.build.json']);
    // The test stopped jq in the build job, before the scan: no later job wrote for it, and it has no tag.
    const jq = outcomes.get('jq-1.6');
    expect(jq).toMatchObject({ status: 'stopped', stoppedAt: 'test', published: [] });
    expect(run.files.filter((f) => f.startsWith('jq-1.6.'))).toEqual(['jq-1.6.build.json']);
    const jqTag = parseReference(jq?.plannedTags[0] ?? '');
    expect(await registry.tags(jqTag.registry, jqTag.repository)).not.toContain(jqTag.tag);
    const key = join(dirname(labStatePath()), 'cosign', 'cosign.pub');
    for (const o of published) {
      const digest = parseDigestReference(o.image ?? '', o.id).digest;
      for (const tag of o.published) {
        const ref = parseReference(tag);
        expect((await registry.manifest(ref.registry, ref.repository, ref.tag ?? '')).digest, tag).toBe(digest);
      }
      const env = { ...process.env, ...l.env };
      const args = ['--key', key, '--insecure-ignore-tlog=true', o.image ?? ''];
      expect(execFileSync(l.bin.cosign, ['verify', ...args], { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] })).toContain(
        digest,
      );
      const attestation = execFileSync(l.bin.cosign, ['verify-attestation', '--type', 'cyclonedx', ...args], {
        encoding: 'utf8',
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      // The attested SBOM describes the image: it lists its packages (every built example has some; the
      // imported busybox is one static binary, whose records, and so its SBOM, list none).
      const envelope = JSON.parse(attestation.trim().split('\n')[0] ?? '{}') as { payload?: string };
      const statement = JSON.parse(Buffer.from(envelope.payload ?? '', 'base64').toString('utf8')) as { predicate?: unknown };
      const listed = sbomPackages(statement.predicate).length;
      if (o.upstream === undefined) expect(listed, `${o.id}: packages in its attested SBOM`).toBeGreaterThan(0);
      else expect([o.id, o.recordedPackages, listed]).toEqual(['busybox-1.36.1', 0, 0]);
    }
    expect(run.stdout).toMatch(/^\s+noncompliant-0\.1\.0: stopped at lock-down: .*; no tag$/m);
    expect(run.stdout).toMatch(
      /^\s+jq-1\.6: stopped at test: test 'prints its version' failed on linux\/amd64 .*command: \/usr\/bin\/jq --version.*libjq\.so\.1.*; no tag$/m,
    );
    for (const o of published)
      expect(run.stdout, o.id).toMatch(
        new RegExp(`^\\s+${o.id.replace(/\./g, '\\.')}: published .* \\(tests: 1 of 1 passed on linux/amd64(, linux/arm64)?\\)$`, 'm'),
      );
    // Stage 0 (nine images with the import, shards of two legs of two) ran as three calls of rebuild-shard.yml, stage 1 as one.
    for (const call of ['stage 0-1', 'stage 0-2', 'stage 0-3', 'stage 1']) {
      for (const job of ['matrix', 'build', 'scan', 'sign', 'publish']) expect(run.log).toContain(`[${call}/rebuild-shard/${job}`);
    }
    expect(run.log).not.toContain('[stage 0-4/');
    // The summary job read every record and failed the run for the stopped image.
    expect(run.log).toMatch(/\[rebuild\/rebuild\/summary\s*\]\s+⚙\s+Summary - <h2>Rebuild: 11 images reported<\/h2>/);
    expect(run.log).toMatch(/\[rebuild\/rebuild\/summary\s*\]\s+❗\s+::error::noncompliant-0\.1\.0: stopped at lock-down/);
    expect(run.log).toMatch(/\[rebuild\/rebuild\/summary\s*\]\s+❗\s+::error::jq-1\.6: stopped at test: test 'prints its version' failed/);
    expect(run.log).toMatch(/\[rebuild\/rebuild\/summary\s*\]\s+❗\s+::error::image-actions: the run is not complete: 2 problem\(s\)/);
    // The run's summary shows the tests per image: what passed where, and the failing test with its command and output.
    const rows = summaryRows(run, 11);
    expect(rows.length).toBe(11);
    for (const o of published) expect(testsCell(rows, o.id), o.id).toContain('tests: 1 of 1 passed on linux/amd64');
    expect(testsCell(rows, 'noncompliant-0.1.0')).not.toContain('tests:');
    const jqRow = testsCell(rows, 'jq-1.6');
    expect(jqRow).toContain('| stopped at **test** |');
    expect(jqRow).toMatch(
      /test 'prints its version' failed on linux\/amd64 \(.*exit code 127\).*<br> {2}command: \/usr\/bin\/jq --version, as user 65532:65532<br> {2}output: \/usr\/bin\/jq: error while loading shared libraries: libjq\.so\.1/,
    );

    // Again, with nothing changed: the plan job verifies every published image and leaves it out; no
    // build, scan, sign or publish job runs for it, and no signature or attestation is added. Only the
    // two that never published (nothing to verify) are built again, in one shard.
    const attached = (image: string) => {
      const tree = parseTree(execFileSync(l.bin.cosign, ['tree', image], { encoding: 'utf8', env: { ...process.env, ...l.env } }));
      return { signatures: tree.signatures.length, attestations: tree.attestations.length };
    };
    const before = new Map(published.map((o) => [o.id, attached(o.image ?? '')]));
    const againOffset = accessLogOffset(l);
    const second = await nightly([], withDb);
    expect(second.status, second.stderr.slice(-2000)).toBe(0);
    // The same day, with the cache present: the DB is not downloaded at all.
    expect(dbBlobGets(l, db, againOffset)).toEqual([]);
    expect(second.log).toMatch(/\[rebuild\/rebuild\/vulnerability DB\]\s+\|\s+Vulnerability DB: today's copy restored from the cache/);
    const again = byId(second);
    for (const o of published) {
      expect([again.get(o.id)?.status, again.get(o.id)?.image, again.get(o.id)?.published], o.id).toEqual([
        'unchanged',
        o.image,
        o.published,
      ]);
      expect(again.get(o.id)?.rebuild?.[0], o.id).toMatch(/^unchanged: .*signature and SBOM attestation verified/);
      expect(attached(o.image ?? ''), o.id).toEqual(before.get(o.id));
      for (const job of ['build', 'scan', 'sign', 'publish']) expect(second.log, `${job} ${o.id}`).not.toContain(`${job} ${o.id}`);
    }
    for (const id of STOPPING) expect(again.get(id)?.rebuild, id).toEqual([`${byId(run).get(id)?.plannedTags[0]} is not published`]);
    expect(second.log).toContain('[stage 0/rebuild-shard/build');
    expect(second.log).not.toContain('[stage 0-2/');
    expect(second.log).not.toContain('[stage 1/');
    expect(second.log).toMatch(/\[rebuild\/rebuild\/summary\s*\]\s+⚙\s+Summary - <h2>Rebuild: 11 images reported<\/h2>/);
    const secondRows = summaryRows(second, 11);
    for (const o of published) expect(testsCell(secondRows, o.id), o.id).toContain('| unchanged |');

    // A base image moved, and a tag was moved by hand to a digest nobody signed: velero (built on
    // debian:bookworm-slim) and node-app are rebuilt, each saying why; the rest stays unchanged.
    const slim = { repository: 'library/debian', tag: 'bookworm-slim' };
    const original = await registry.manifest(l.registry, slim.repository, slim.tag);
    const node = published.find((o) => o.id === 'node-app-18.19.0');
    const nodeTag = parseReference(node?.published[0] ?? '');
    try {
      const movedBase = await annotated(slim.repository, slim.tag);
      const unsigned = await annotated(nodeTag.repository, nodeTag.tag ?? '');
      const third = await nightly([], withDb);
      expect(third.status, third.stderr.slice(-2000)).toBe(0);
      const after = byId(third);
      const rebuilt = third.outcomes.filter((o) => o.status !== 'unchanged').map((o) => o.id);
      expect(rebuilt.sort()).toEqual(
        [
          'jq-1.6',
          'node-app-18.19.0',
          'node-app-18.19.0-debug',
          'noncompliant-0.1.0',
          ...published.filter((o) => o.id.startsWith('velero-')).map((o) => o.id),
        ].sort(),
      );
      for (const o of third.outcomes.filter((x) => x.id.startsWith('velero-'))) {
        expect(o.status, o.id).toBe('published');
        expect(o.rebuild, o.id).toEqual([
          `FROM debian:bookworm-slim moved from docker.io/library/debian@${original.digest} to docker.io/library/debian@${movedBase}`,
        ]);
      }
      expect(after.get('node-app-18.19.0')?.status).toBe('published');
      expect(after.get('node-app-18.19.0')?.rebuild?.[0]).toContain(
        `${nodeTag.registry}/${nodeTag.repository}@${unsigned} does not verify`,
      );
      // Published again on a signed digest: the tag no longer names the unsigned one.
      expect((await registry.manifest(nodeTag.registry, nodeTag.repository, nodeTag.tag ?? '')).digest).not.toBe(unsigned);
      for (const id of ['python-runner-3.11.2', 'kerberos-test-1.0.0', 'busybox-1.36.1'])
        expect(after.get(id)?.status, id).toBe('unchanged');
    } finally {
      await registry.putManifest(l.registry, slim.repository, slim.tag, original.mediaType, original.body);
    }
  });
});
