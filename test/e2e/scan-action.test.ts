import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryLogger } from '../../packages/logging/index.js';
import { ExecRunner } from '../../packages/process/index.js';
import { noDbCache, prepareDb } from '../../packages/trivy/index.js';
import { runDist } from '../harness/run-dist.js';
import { type Lab, lab } from './lab.js';
import { buildScanImages } from './scan-lab-images.js';

/**
 * The bundled scan-with-trivy (dist/, `npm run build` first) run as the runner
 * runs it, against one lab image holding the seeded advisory's package, with
 * the lab's trivy taken from PATH and the lab's DB repository. The Actions
 * cache is not reachable here: the action says so and downloads the DB.
 */

let l: Lab;
let work: string;
let image: string;
/** A trivy cache dir holding the lab's DB as downloaded now. */
let freshDb: string;

beforeAll(async () => {
  l = lab();
  work = mkdtempSync(join(tmpdir(), 'scan-action-'));
  [image = ''] = buildScanImages(l, work, 1);
  freshDb = join(work, 'fresh-db');
  await prepareDb({
    trivy: l.bin.trivy,
    cacheDir: freshDb,
    repositories: [l.trivy.dbRepository],
    store: noDbCache,
    runner: new ExecRunner(),
    log: new MemoryLogger(),
    today: new Date().toISOString().slice(0, 10),
  });
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

function scan(inputs: Record<string, string>, out: string, env: Record<string, string> = {}) {
  return runDist(
    'scan-with-trivy',
    {
      images: image,
      'trivy-version': 'path',
      'db-repositories': l.trivy.dbRepository,
      'ignore-unfixed': 'true',
      'output-dir': join(work, out),
      ...inputs,
    },
    { cwd: work, env: { PATH: `${dirname(l.bin.trivy)}:${process.env.PATH ?? ''}`, ...env }, timeoutMs: 300_000 },
  );
}

describe('scan-with-trivy, the bundled action', () => {
  it('fails the step on the seeded finding, naming it, with every output written', async () => {
    const run = await scan({}, 'fail');
    expect(run.exitCode).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toContain(
      `scan-with-trivy: ${image}: fail: linux/amd64: 1 finding at or above HIGH with a fixed version: ${l.trivy.seeded.id} (HIGH, gzip 1.12-1, fixed in 1.12-1+labtest1)`,
    );
    expect(run.outputs.verdict).toBe('fail');
    expect(Number(run.outputs.high)).toBeGreaterThanOrEqual(1);
    expect(run.outputs.blocking).toBe('1');
    expect(run.outputs['trivy-version']).toBe('0.74.0');
    expect(run.outputs['db-source']).toBe('download');
    expect(JSON.parse(run.outputs.counts ?? '{}')[image]).toMatchObject({ HIGH: 2, LOW: 1 });
    expect(JSON.parse(run.outputs.fixable ?? '{}')[image]).toMatchObject({ HIGH: 1, LOW: 1 });
    expect(existsSync(JSON.parse(run.outputs.reports ?? '{}')[image]['linux/amd64'])).toBe(true);
    expect(Date.parse(run.outputs['db-updated-at'] ?? '')).toBeGreaterThan(0);
    expect(JSON.parse(run.outputs.sboms ?? '{}')[image]).toBe(run.outputs.sbom);
    expect(JSON.parse(readFileSync(run.outputs.sbom ?? '', 'utf8')).bomFormat).toBe('CycloneDX');
    expect(JSON.parse(readFileSync(run.outputs.sarif ?? '', 'utf8')).runs).toHaveLength(1);
    expect(run.summary).toContain(`### FAIL: \`${image}\``);
    expect(run.summary).toMatch(/Vulnerability DB: .* old \(built .*\), downloaded from /);
    expect(run.summary).toContain('| linux/amd64 | debian 12.15 | debian 88 | dpkg 88 | fail |');
    expect(run.summary).toContain(`| HIGH | ${l.trivy.seeded.id} | gzip | 1.12-1 | 1.12-1+labtest1 |`);
  });

  it('passes with an ignore entry (reason, future expiry), listing it in the summary', async () => {
    writeFileSync(
      join(work, 'scan-ignore.yaml'),
      `- id: ${l.trivy.seeded.id}\n  reason: fixed build not mirrored yet\n  expires: 2999-12-31\n`,
    );
    const run = await scan({ 'ignore-file': 'scan-ignore.yaml' }, 'pass');
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs.verdict).toBe('pass');
    expect(run.summary).toContain('| fixed build not mirrored yet | 2999-12-31 |');
  });

  it('with fail-on-findings false, reports the failed gate in its outputs and leaves the step green', async () => {
    const run = await scan({ 'fail-on-findings': 'false', formats: 'table' }, 'soft');
    expect(run.exitCode).toBe(0);
    expect(run.outputs.verdict).toBe('fail');
    expect(run.outputs.sarif).toBe('');
    expect(run.stdout).toContain(l.trivy.seeded.id);
  });

  it('max-db-age decides whether an old DB may be scanned with', async () => {
    // A runner whose trivy cache holds the lab DB as it would be nine days on (trivy, seeing its
    // NextUpdate ahead, downloads nothing): the DB's own UpdatedAt is what the gate judges.
    const runnerTemp = mkdtempSync(join(work, 'runner-temp-'));
    const db = join(runnerTemp, 'scan-with-trivy-cache', 'db');
    cpSync(join(freshDb, 'db'), db, { recursive: true });
    const metadata = JSON.parse(readFileSync(join(db, 'metadata.json'), 'utf8')) as Record<string, unknown>;
    const built = new Date(Date.now() - 9 * 86_400_000).toISOString();
    writeFileSync(join(db, 'metadata.json'), JSON.stringify({ ...metadata, UpdatedAt: built, DownloadedAt: new Date().toISOString() }));
    const env = { RUNNER_TEMP: runnerTemp };

    const stale = await scan({ 'cache-db': 'false' }, 'stale', env);
    expect(stale.exitCode).toBe(1);
    expect(stale.outputs.verdict).toBe('stale-db');
    expect(stale.outputs['db-updated-at']).toBe(built);
    // One annotation from the DB check, one failing the step.
    expect(stale.errors).toHaveLength(2);
    expect(stale.errors[1]).toContain(
      `${image}: stale-db: the vulnerability DB is 9 days old (built ${built}), older than max-db-age 2 days`,
    );
    expect(stale.summary).toContain(`### STALE DB: \`${image}\``);
    expect(stale.outputs.sarif).toBe('');

    const allowed = await scan({ 'cache-db': 'false', 'max-db-age': '10d' }, 'allowed', env);
    expect(allowed.outputs.verdict).toBe('fail');
    expect(allowed.summary).toContain(`Vulnerability DB: 9 days old (built ${built})`);
  });

  it.each([
    {
      name: 'a max-db-age that is not an age',
      inputs: { 'max-db-age': '2 days' },
      error: "input 'max-db-age' is '2 days', which is not an age.",
    },
    {
      name: 'an image by tag',
      inputs: { images: 'ghcr.io/org/app:1.0' },
      error: "input 'images' (item 1) 'ghcr.io/org/app:1.0' has no digest.",
    },
    { name: 'a severity in lower case', inputs: { severity: 'high' }, error: "input 'severity' is 'high', which is not one of" },
    { name: 'a format trivy has but we do not render', inputs: { formats: 'spdx' }, error: "input 'formats' lists 'spdx'" },
    {
      name: 'an ignore entry without a reason',
      inputs: { 'ignore-file': 'no-reason.yaml' },
      error: "no-reason.yaml:1:3: ignore entry 1 is missing 'reason'.",
    },
  ])('refuses $name before scanning anything', async ({ inputs, error }) => {
    writeFileSync(join(work, 'no-reason.yaml'), '- id: CVE-2024-1\n');
    const run = await scan(inputs, 'refused');
    expect(run.exitCode).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toContain(error);
    expect(existsSync(join(work, 'refused'))).toBe(false);
  });
});
