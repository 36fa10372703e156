import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOutcome } from '../../packages/chain/index.js';
import { parseReference } from '../../packages/oci/index.js';
import { RegistryClient } from '../../packages/registry/index.js';
import { dbCacheKey, utcDate } from '../../packages/trivy/index.js';
import { type DistRun, runDist } from '../harness/run-dist.js';
import { type Lab, lab } from './lab.js';

/**
 * The root action's bundle (dist/chain, `npm run build` first), run as the
 * runner runs it, for one image of the example catalog selected by name:
 * the whole chain in one step against the lab.
 */
let l: Lab;
let work: string;
const PASSWORD = `pw-${randomBytes(6).toString('hex')}`;

function inputs(image: string): Record<string, string> {
  return {
    catalog: 'examples/images.yaml',
    image,
    registry: l.registry,
    'tools-from-path': 'true',
    key: readFileSync(join(work, 'cosign.key'), 'utf8'),
    'key-password': PASSWORD,
    'transparency-log': 'false',
    'trivy-db-repository': l.trivy.dbRepository,
    'results-dir': join(work, 'outcomes'),
  };
}

function chain(image: string, extra: Record<string, string> = {}): Promise<DistRun> {
  return runDist('.', { ...inputs(image), ...extra }, { env: { ...l.env }, timeoutMs: 600_000 });
}

beforeAll(() => {
  l = lab();
  work = mkdtempSync(join(tmpdir(), 'chain-action-'));
  execFileSync(l.bin.cosign, ['generate-key-pair'], { cwd: work, env: { ...process.env, COSIGN_PASSWORD: PASSWORD }, stdio: 'ignore' });
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the root action (dist/chain)', () => {
  it('publishes a compliant image and reports where it ended', async () => {
    const run = await chain('python-runner');
    expect(run.errors, run.stdout.slice(-3000)).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ verdict: 'published', 'stopped-at': '', reason: '' });
    const tags = JSON.parse(run.outputs['published-tags'] ?? '[]') as string[];
    expect(tags).toEqual([`${l.registry}/example-org/curated-images/python-runner:3.11.2`]);
    const ref = parseReference(tags[0] ?? '');
    expect((await new RegistryClient().manifest(ref.registry, ref.repository, ref.tag ?? '')).digest).toBe(run.outputs.digest);
    expect(run.outputs['verify-command']).toMatch(/^cosign verify --key cosign\.pub .*@sha256:[0-9a-f]{64}$/);
    // Kept in the runner's temporary directory, for the upload to code scanning after the step.
    expect(run.outputs.sarif).toMatch(/\/runner-temp\/image-actions-sarif-[^/]+\/python-runner-3\.11\.2\.sarif$/);
    const record = parseOutcome(readFileSync(run.outputs['outcome-file'] ?? '', 'utf8'), 'outcome');
    expect(record).toMatchObject({ id: 'python-runner-3.11.2', status: 'published', image: run.outputs.image });
    expect(run.summary).toContain('Chain: python-runner-3.11.2');
  });

  it('a batch leg of matrix-expand: one step runs its images side by side, each one’s log printed whole, one line of outputs each', async () => {
    const temp = mkdtempSync(join(work, 'batch-plan-'));
    const planned = await runDist(
      'matrix-expand',
      { catalog: 'examples/images.yaml', changes: 'all', registry: l.registry, images: 'python-runner\nnode-app', batch: '2' },
      { env: { ...l.env, RUNNER_TEMP: temp } },
    );
    expect(planned.errors).toEqual([]);
    const [leg, ...more] = (
      JSON.parse(planned.outputs.matrix ?? '{}') as { include: Array<{ id: string; entries: Array<{ id: string }> }> }
    ).include;
    expect(more).toEqual([]);
    const ids = leg?.entries.map((e) => e.id) ?? [];
    expect(ids.sort()).toEqual(['node-app-18.19.0', 'python-runner-3.11.2']);
    const { catalog: _catalog, image: _image, ...rest } = inputs('');
    const dir = join(work, 'batch');
    const run = await runDist(
      '.',
      { ...rest, entry: JSON.stringify(leg), 'results-dir': dir },
      { env: { ...l.env, RUNNER_TEMP: temp }, timeoutMs: 600_000 },
    );
    expect(run.errors, run.stdout.slice(-3000)).toEqual([]);
    expect(run.exitCode).toBe(0);
    const order = leg?.entries.map((e) => e.id) ?? [];
    expect(run.outputs.verdict).toBe('published\npublished');
    expect((run.outputs['outcome-file'] ?? '').split('\n')).toEqual(order.map((id) => join(dir, `${id}.publish.json`)));
    const digests = (run.outputs.digest ?? '').split('\n');
    const registry = new RegistryClient();
    for (const [i, id] of order.entries()) {
      const record = parseOutcome(readFileSync(join(dir, `${id}.publish.json`), 'utf8'), id);
      expect(record.status, id).toBe('published');
      expect(record.image, id).toBe(`${record.repository}@${digests[i]}`);
      for (const tag of record.published) {
        const ref = parseReference(tag);
        expect((await registry.manifest(ref.registry, ref.repository, ref.tag ?? '')).digest, tag).toBe(digests[i]);
      }
    }
    expect(JSON.parse(run.outputs['published-tags'] ?? '[]')).toHaveLength(2);
    // node-app's debug twin is published in its image's step, as with one image per leg.
    const all = [...order, 'node-app-18.19.0-debug'];
    expect(parseOutcome(readFileSync(join(dir, 'node-app-18.19.0-debug.publish.json'), 'utf8'), 'twin').status).toBe('published');
    // The SARIF of every image scanned, in one directory kept for the upload, each run naming its own category.
    const sarifs = readdirSync(run.outputs.sarif ?? '');
    expect(sarifs.sort()).toEqual(all.map((id) => `${id}.sarif`).sort());
    const categories = sarifs.flatMap((f) =>
      (
        JSON.parse(readFileSync(join(run.outputs.sarif ?? '', f), 'utf8')) as { runs: Array<{ automationDetails: { id: string } }> }
      ).runs.map((r) => r.automationDetails.id),
    );
    expect(new Set(categories).size).toBe(categories.length);
    // Each image's log is one group, holding its own build and scan and nothing of the other's.
    for (const id of order) {
      const other = order.find((o) => o !== id) ?? '';
      const start = run.stdout.indexOf(`::group::${id} (`);
      expect(start, id).toBeGreaterThanOrEqual(0);
      const body = run.stdout.slice(start, run.stdout.indexOf('::endgroup::', start));
      expect(body, id).toContain('[command]docker buildx build');
      expect(body, id).toMatch(/trivy/);
      expect(body, id).not.toContain(other.replace(/-[^-]*$/, ''));
    }
    // Side by side: on more than one processor both had started before the first of them ended.
    if (availableParallelism() > 1) {
      const firstGroup = run.stdout.indexOf('::group::');
      for (const id of order) expect(run.stdout.indexOf(`${id}: started`), id).toBeLessThan(firstGroup);
    }
    expect(run.summary).toContain('Chain: 2 images (');
  });

  it('fails the step for the non-compliant image, after writing where it stopped', async () => {
    const run = await chain('noncompliant');
    expect(run.exitCode).toBe(1);
    expect(run.outputs).toMatchObject({ verdict: 'stopped', 'stopped-at': 'lock-down', 'published-tags': '[]' });
    expect(run.errors.at(-1)).toMatch(/^image-actions: noncompliant-0\.1\.0: stopped at lock-down: .*no-shell: .*; no tag$/);
    expect(run.summary).toContain('stopped at **lock-down**');
  });

  it('with fail-on-stop false, the step succeeds for the non-compliant image and still says where it stopped', async () => {
    const run = await chain('noncompliant', { 'fail-on-stop': 'false', 'results-dir': join(work, 'no-fail') });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ verdict: 'stopped', 'stopped-at': 'lock-down' });
    expect(run.errors.at(-1)).toMatch(/noncompliant-0\.1\.0: stopped at lock-down/);
    expect(run.stdout).toMatch(/::warning::input 'fail-on-stop' is false/);
  });

  it('one phase per step, as rebuild-shard.yml\u2019s jobs run it: each continues from the record the step before wrote', async () => {
    const dir = join(work, 'phases');
    const step = (phase: string, extra: Record<string, string> = {}) => chain('node-app', { phase, 'results-dir': dir, ...extra });
    const ids = ['node-app-18.19.0', 'node-app-18.19.0-debug'];

    const built = await step('build');
    expect(built.exitCode, built.stdout.slice(-3000)).toBe(0);
    expect(built.outputs).toMatchObject({ verdict: 'passed', 'stopped-at': '' });
    expect((built.outputs['outcome-files'] ?? '').split('\n')).toEqual(ids.map((id) => join(dir, `${id}.build.json`)));
    // The build job installs neither trivy nor cosign, and never signs.
    expect(built.stdout).not.toMatch(/trivy|cosign sign/);

    // The key of the run's DB, which no cache service here holds: the scan gets the DB itself, and says so.
    const runKey = dbCacheKey([l.trivy.dbRepository], utcDate(new Date()));
    const scanned = await step('scan', { 'db-cache-key': runKey });
    expect(scanned.exitCode, scanned.stdout.slice(-3000)).toBe(0);
    expect(scanned.warnings).toContain(
      `Vulnerability DB: the run's copy ${runKey} could not be restored from the cache; this job gets the DB itself.`,
    );
    expect((scanned.outputs['outcome-files'] ?? '').split('\n').sort()).toEqual(
      ids.flatMap((id) => [join(dir, `${id}.cdx.json`), join(dir, `${id}.scan.json`)]).sort(),
    );
    expect(scanned.outputs.digest).toBe(built.outputs.digest);

    const signed = await step('sign');
    expect(signed.exitCode, signed.stdout.slice(-3000)).toBe(0);
    const signRecord = parseOutcome(readFileSync(join(dir, `${ids[0]}.sign.json`), 'utf8'), 'sign record');
    expect(signRecord).toMatchObject({ phase: 'sign', passed: ['build', 'lock-down', 'test', 'scan', 'sign'], image: built.outputs.image });
    expect(signRecord.publicKey).toContain('BEGIN PUBLIC KEY');

    // A record whose key did not sign the digest: the publish job's own check refuses it, and tags nothing.
    const other = mkdtempSync(join(tmpdir(), 'other-key-'));
    execFileSync(l.bin.cosign, ['generate-key-pair'], { cwd: other, env: { ...process.env, COSIGN_PASSWORD: 'other' }, stdio: 'ignore' });
    const forgedRecord = { ...signRecord, publicKey: readFileSync(join(other, 'cosign.pub'), 'utf8'), sbom: undefined };
    // A fresh copy each time: a publish step's own record would be where the next one continues from.
    const forgedCopy = (name: string) => {
      const copy = join(work, name);
      cpSync(dir, copy, { recursive: true });
      writeFileSync(join(copy, `${ids[0]}.sign.json`), JSON.stringify(forgedRecord));
      return copy;
    };
    const forged = forgedCopy('phases-forged');
    const tag = parseReference(`${l.registry}/example-org/curated-images/node-app:18.19.0`);
    const registry = new RegistryClient();
    const before = await registry
      .tags(tag.registry, tag.repository)
      .then(async (tags) =>
        tags.includes(tag.tag ?? '') ? (await registry.manifest(tag.registry, tag.repository, tag.tag ?? '')).digest : undefined,
      );
    const refusedRun = await chain('node-app', { phase: 'publish', 'results-dir': forged, key: '', 'key-password': '' });
    expect(refusedRun.exitCode).toBe(1);
    expect(refusedRun.outputs).toMatchObject({ verdict: 'stopped', 'stopped-at': 'publish' });
    expect(refusedRun.outputs.reason).toMatch(/no signature of .*@sha256:[0-9a-f]{64} verifies/);
    const after = await registry
      .tags(tag.registry, tag.repository)
      .then(async (tags) =>
        tags.includes(tag.tag ?? '') ? (await registry.manifest(tag.registry, tag.repository, tag.tag ?? '')).digest : undefined,
      );
    expect(after).toBe(before);

    // A trusted public key given to the job wins over the record's: the same forged record now verifies.
    const ownPublicKey = readFileSync(join(work, 'cosign.pub'), 'utf8');
    const trusted = await chain('node-app', {
      phase: 'publish',
      'results-dir': forgedCopy('phases-forged-trusted'),
      key: '',
      'key-password': '',
      'public-key': ownPublicKey,
    });
    expect(trusted.exitCode, trusted.stdout.slice(-3000)).toBe(0);
    expect(trusted.outputs).toMatchObject({ verdict: 'published', digest: built.outputs.digest });
    // And a sign job whose key is not the trusted key's other half signs nothing.
    const scannedOnly = join(work, 'phases-scanned');
    cpSync(dir, scannedOnly, { recursive: true });
    for (const id of ids) rmSync(join(scannedOnly, `${id}.sign.json`));
    const mismatch = await chain('node-app', {
      phase: 'sign',
      'results-dir': scannedOnly,
      'public-key': readFileSync(join(other, 'cosign.pub'), 'utf8'),
    });
    expect(mismatch.exitCode).toBe(1);
    expect(mismatch.outputs).toMatchObject({ verdict: 'stopped', 'stopped-at': 'sign' });
    expect(mismatch.outputs.reason).toMatch(/input 'key' is not the private half of input 'public-key'/);
    rmSync(other, { recursive: true, force: true });

    // The publish job gets no key: it verifies with the public key the sign job recorded.
    const published = await step('publish', { key: '', 'key-password': '' });
    expect(published.exitCode, published.stdout.slice(-3000)).toBe(0);
    expect(published.outputs).toMatchObject({ verdict: 'published', digest: built.outputs.digest });
    expect(published.stdout).toContain(`signature of ${built.outputs.image}: verifies`);
    expect(published.stdout).toContain(`cyclonedx attestation of ${built.outputs.image}: verifies`);
    expect((await registry.manifest(tag.registry, tag.repository, tag.tag ?? '')).digest).toBe(built.outputs.digest);

    const summary = await runDist('.', { phase: 'summary', 'results-dir': dir, planned: '1' }, { env: { ...l.env } });
    expect(summary.exitCode, summary.stdout.slice(-2000)).toBe(0);
    expect(summary.summary).toContain('Rebuild: 2 images reported');
    const short = await runDist('.', { phase: 'summary', 'results-dir': dir, planned: '2' }, { env: { ...l.env } });
    expect(short.exitCode).toBe(1);
    expect(short.errors).toEqual([
      expect.stringMatching(/only 1 of 2 planned images reported an outcome/),
      'image-actions: the run is not complete: 1 problem(s), each annotated above',
    ]);
  });

  it('phase db: the run’s vulnerability DB, downloaded (no cache service here), named by its cache key', async () => {
    const run = await runDist(
      '.',
      { phase: 'db', 'trivy-db-repository': l.trivy.dbRepository, 'tools-from-path': 'true' },
      { env: { ...l.env }, timeoutMs: 120_000 },
    );
    expect(run.errors, run.stdout.slice(-3000)).toEqual([]);
    const key = dbCacheKey([l.trivy.dbRepository], utcDate(new Date()));
    expect(run.outputs).toEqual({ 'db-cache-key': key });
    expect(run.stdout).toContain(`Vulnerability DB: downloaded from ${l.trivy.dbRepository}; not saved (no cache here`);
    expect(run.summary).toMatch(
      new RegExp(`old \\(built .*\\), downloaded from ${l.trivy.dbRepository.replace(/\./g, '\\.')}; the scan jobs restore it`),
    );
  });

  const refused: Array<{ name: string; extra: Record<string, string>; error: RegExp }> = [
    {
      name: 'an image the catalog does not have',
      extra: { image: 'velro' },
      error: /^image-actions: input 'image' is 'velro', which examples\/images\.yaml does not have\. Use one of: velero,/,
    },
    { name: 'publishing without signing', extra: { sign: 'false' }, error: /^image-actions: input 'publish' is true but 'sign' is false/ },
    {
      name: 'the DB key of another DB repository',
      extra: { phase: 'scan', 'db-cache-key': 'trivy-db-0123456789abcdef-2026-11-22' },
      error:
        /^image-actions: input 'db-cache-key' is 'trivy-db-0123456789abcdef-2026-11-22', which is not a key of the vulnerability DB from 127\.0\.0\.1:/,
    },
    {
      name: 'an entry and a catalog at once',
      extra: { entry: '{}' },
      error: /^image-actions: inputs 'entry' and 'catalog' are both set\./,
    },
  ];
  for (const c of refused) {
    it(`refuses ${c.name} with one error, before building anything`, async () => {
      const run = await runDist('.', { ...inputs('python-runner'), ...c.extra }, { env: { ...l.env } });
      expect(run.exitCode).toBe(1);
      expect(run.errors).toHaveLength(1);
      expect(run.errors[0]).toMatch(c.error);
      expect(run.outputs).toEqual({});
    });
  }
});
