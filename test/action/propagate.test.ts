import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan, PlanEntry } from '../../packages/plan/index.js';
import { runDist } from '../harness/run-dist.js';

/** The bundled action, as the runner runs it, on plans that need no registry; the copies themselves are the e2e tests'. */
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'propagate-action-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const entry = (id: string, stage: number, mirrors?: PlanEntry['mirrors']): PlanEntry =>
  ({
    id,
    application: id,
    repository: `127.0.0.1:9/org/${id}`,
    tags: [`127.0.0.1:9/org/${id}:1.0.0`],
    stage,
    parents: [],
    ...(mirrors ? { mirrors } : {}),
  }) as unknown as PlanEntry;

function planFile(name: string, entries: PlanEntry[]): string {
  const stages = [...new Set(entries.map((e) => e.stage))].map((stage) => ({
    stage,
    shards: [{ stage, shard: 0, ids: entries.filter((e) => e.stage === stage).map((e) => e.id) }],
  }));
  const plan: Plan = {
    schema: 1,
    catalog: 'images.yaml',
    commit: 'c',
    tagTemplate: 't',
    batch: 1,
    entries,
    stages,
    unchanged: [],
    skipped: [],
    unavailable: [],
    retired: [],
  };
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(plan));
  return file;
}

describe('propagate', () => {
  it('with no mirror in the plan, installs nothing, writes nothing, and says so', async () => {
    const run = await runDist('propagate', { 'plan-file': planFile('none.json', [entry('app', 0)]) });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('none of the 1 plan entries has a mirror: nothing to propagate');
    expect(run.stdout).not.toMatch(/regctl|downloading/);
    expect(run.outputs).toMatchObject({ report: '[]', lagging: '0', written: '0' });
  });

  it('takes only the stage and shard it is given, and leaves its report in results-dir', async () => {
    const file = planFile('stages.json', [
      entry('parent', 0, [{ repository: '127.0.0.1:9/mirror/parent', overwrite: false }]),
      entry('child', 1),
    ]);
    const results = join(dir, 'results');
    const run = await runDist('propagate', { 'plan-file': file, stage: '1', shard: '0', 'results-dir': results });
    expect(run.errors).toEqual([]);
    expect(run.stdout).toContain('none of the 1 plan entries has a mirror');
    expect(JSON.parse(readFileSync(join(results, 'propagation-1-0.json'), 'utf8'))).toEqual({ images: [] });
  });

  const refusals: Array<{ name: string; inputs: Record<string, string>; error: RegExp }> = [
    {
      name: 'a plan file that is not there',
      inputs: { 'plan-file': 'no/such/plan.json' },
      error: /^propagate: input 'plan-file' is '.*no\/such\/plan\.json', which cannot be read \(ENOENT\)/,
    },
    {
      name: 'mirror logins that are not JSON',
      inputs: { 'mirror-logins': '{"a.example": {"username": "u", "password": "hunter22"', 'plan-file': 'x' },
      error: /^propagate: input 'mirror-logins' is not JSON\./,
    },
    {
      name: 'a shard without its stage',
      inputs: { shard: '0' },
      error: /^propagate: input 'shard' is set without 'stage'/,
    },
    {
      name: 'a boolean typo',
      inputs: { 'fail-on-lag': 'flase' },
      error: /^propagate: input 'fail-on-lag' is 'flase', which is not a boolean/,
    },
  ];
  for (const c of refusals) {
    it(`refuses ${c.name}, with one error naming the input and no secret`, async () => {
      const run = await runDist('propagate', { 'plan-file': planFile('refusal.json', [entry('app', 0)]), ...c.inputs });
      expect(run.exitCode).toBe(1);
      expect(run.errors).toEqual([expect.stringMatching(c.error)]);
      // The runner takes `::add-mask::` lines for itself; nothing else may show the value.
      const shown = run.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::'));
      expect(shown.join('\n')).not.toContain('hunter22');
      expect(existsSync(join(dir, 'results', 'propagation-all-all.json'))).toBe(false);
    });
  }
});
