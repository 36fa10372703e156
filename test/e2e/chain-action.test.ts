import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOutcome } from '../../packages/chain/index.js';
import { parseReference } from '../../packages/oci/index.js';
import { RegistryClient } from '../../packages/registry/index.js';
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
    expect(run.outputs.sarif).toMatch(/\/trivy\.sarif$/);
    const record = parseOutcome(readFileSync(run.outputs['outcome-file'] ?? '', 'utf8'), 'outcome');
    expect(record).toMatchObject({ id: 'python-runner-3.11.2', status: 'published', image: run.outputs.image });
    expect(run.summary).toContain('Chain: python-runner-3.11.2');
  });

  it('fails the step for the non-compliant image, after writing where it stopped', async () => {
    const run = await chain('noncompliant');
    expect(run.exitCode).toBe(1);
    expect(run.outputs).toMatchObject({ verdict: 'stopped', 'stopped-at': 'lock-down', 'published-tags': '[]' });
    expect(run.errors.at(-1)).toMatch(/^image-actions: noncompliant-0\.1\.0: stopped at lock-down: .*no-shell: .*; no tag$/);
    expect(run.summary).toContain('stopped at **lock-down**');
  });

  const refused: Array<{ name: string; extra: Record<string, string>; error: RegExp }> = [
    {
      name: 'an image the catalog does not have',
      extra: { image: 'velro' },
      error: /^image-actions: input 'image' is 'velro', which examples\/images\.yaml does not have\. Use one of: velero,/,
    },
    { name: 'publishing without signing', extra: { sign: 'false' }, error: /^image-actions: input 'publish' is true but 'sign' is false/ },
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
