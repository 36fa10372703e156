import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../../harness/run-dist.js';

interface Step {
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Job {
  uses?: string;
  needs?: string | string[];
  if?: string;
  permissions?: Record<string, string>;
  strategy?: { matrix?: unknown; 'fail-fast'?: boolean };
  steps?: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflowDir = join(repoRoot, '.github', 'workflows');
const fixtureDir = join(repoRoot, 'test', 'fixtures', 'workflows');
const files = [
  ...readdirSync(workflowDir).map((name) => join(workflowDir, name)),
  ...readdirSync(fixtureDir).map((name) => join(fixtureDir, name)),
].filter((file) => /\.ya?ml$/.test(file));

function load(file: string): Workflow {
  return parse(readFileSync(file, 'utf8')) as Workflow;
}
const rebuild = load(join(workflowDir, 'rebuild.yml'));

/** Every `uses:` of every job and step. */
function usesOf(workflow: Workflow): string[] {
  return Object.values(workflow.jobs).flatMap((job) => [
    ...(job.uses ? [job.uses] : []),
    ...(job.steps ?? []).flatMap((s) => (s.uses ? [s.uses] : [])),
  ]);
}

/** This project's own actions and workflows, at the release tag users pin to. */
const FIRST_PARTY = /^org\/image-actions(\/|@)/;

describe('every workflow', () => {
  it('there are the project workflows and the consumer fixtures', () => {
    const names = files.map((f) => f.slice(repoRoot.length + 1)).sort();
    expect(names).toEqual(
      expect.arrayContaining([
        '.github/workflows/ci.yml',
        '.github/workflows/nightly.yml',
        '.github/workflows/pr-check.yml',
        '.github/workflows/rebuild.yml',
        'test/fixtures/workflows/consumer-nightly.yml',
        'test/fixtures/workflows/consumer-pr.yml',
      ]),
    );
  });

  for (const file of files) {
    const name = file.slice(repoRoot.length + 1);
    describe(name, () => {
      const workflow = load(file);

      it('pins every third-party action by a full commit SHA', () => {
        const thirdParty = usesOf(workflow).filter((u) => !u.startsWith('./') && !FIRST_PARTY.test(u));
        for (const uses of thirdParty) expect(uses, uses).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
      });

      it('grants only contents: read at the top; jobs ask for more themselves', () => {
        expect(workflow.permissions).toEqual({ contents: 'read' });
      });
    });
  }
});

describe('rebuild.yml', () => {
  const chainJobs = Object.entries(rebuild.jobs).filter(([name]) => name.startsWith('chain-'));

  it('is reusable only (workflow_call)', () => {
    expect(Object.keys(rebuild.on)).toEqual(['workflow_call']);
  });

  it('runs one chain job per stage, each a matrix that does not cancel its siblings', () => {
    expect(chainJobs.map(([name]) => name)).toEqual(['chain-0', 'chain-1', 'chain-2']);
    for (const [name, job] of chainJobs) {
      expect(job.strategy?.['fail-fast'], name).toBe(false);
      expect(job.strategy?.matrix, name).toBe(`\${{ fromJSON(needs.plan.outputs.matrix-${name.slice(-1)}) }}`);
    }
  });

  it('later stages wait for earlier ones but still run when some image of them stopped', () => {
    expect(rebuild.jobs['chain-1']?.needs).toEqual(['plan', 'chain-0']);
    expect(rebuild.jobs['chain-2']?.needs).toEqual(['plan', 'chain-0', 'chain-1']);
    for (const name of ['chain-1', 'chain-2']) expect(rebuild.jobs[name]?.if).toMatch(/^always\(\) && needs\.plan\.result == 'success'/);
  });

  it('the three chain jobs run the same steps (written three times, kept equal here)', () => {
    const [first, ...others] = chainJobs.map(([, job]) => JSON.stringify(job.steps));
    for (const other of others) expect(other).toBe(first);
  });

  const permissionCases: Array<{ job: string; permissions: Record<string, string> }> = [
    { job: 'plan', permissions: { contents: 'read', 'pull-requests': 'read' } },
    { job: 'chain-0', permissions: { contents: 'read', packages: 'write', 'id-token': 'write', 'security-events': 'write' } },
    { job: 'summary', permissions: { contents: 'read' } },
  ];
  for (const c of permissionCases) {
    it(`${c.job} asks for exactly what it needs`, () => expect(rebuild.jobs[c.job]?.permissions).toEqual(c.permissions));
  }

  it('the chain step is the root action, given the matrix leg as its entry', () => {
    const chain = rebuild.jobs['chain-0']?.steps?.find((s) => s.uses === 'org/image-actions@v1');
    expect(chain?.with?.entry).toBe(`\${{ toJSON(matrix) }}`);
  });

  it('steps that need github.com (SARIF, artifacts) are skipped where they cannot work', () => {
    const steps = rebuild.jobs['chain-0']?.steps ?? [];
    const sarif = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(sarif?.if).toContain('!env.ACT');
    for (const step of steps.filter((s) => s.uses?.startsWith('actions/') && s.uses.includes('artifact'))) {
      expect(step.if, step.uses).toContain("inputs.results-dir == ''");
    }
  });
});

describe('callers', () => {
  const callers: Array<{ file: string; uses: string; publish: boolean | undefined }> = [
    { file: join(workflowDir, 'nightly.yml'), uses: './.github/workflows/rebuild.yml', publish: true },
    { file: join(workflowDir, 'pr-check.yml'), uses: './.github/workflows/rebuild.yml', publish: false },
    { file: join(fixtureDir, 'consumer-nightly.yml'), uses: 'org/image-actions/.github/workflows/rebuild.yml@v1', publish: undefined },
    { file: join(fixtureDir, 'consumer-pr.yml'), uses: 'org/image-actions/.github/workflows/rebuild.yml@v1', publish: false },
  ];
  for (const c of callers) {
    it(`${c.file.slice(repoRoot.length + 1)} calls rebuild.yml (publish: ${String(c.publish ?? 'default')}) and grants what it asks`, () => {
      const [job] = Object.values(load(c.file).jobs);
      expect(job?.uses).toBe(c.uses);
      expect((job as Job & { with?: Record<string, unknown> }).with?.publish).toBe(c.publish);
      // A caller grants at least the union of the called jobs' permissions, or the run does not start.
      const asked = Object.assign({}, ...Object.values(rebuild.jobs).map((j) => j.permissions ?? {}));
      expect(job?.permissions).toEqual(asked);
    });
  }

  it('the pull-request check reacts to the catalog and the images, and neither signs nor publishes', () => {
    const pr = load(join(workflowDir, 'pr-check.yml'));
    expect((pr.on.pull_request as { paths: string[] }).paths).toEqual(['examples/images.yaml', 'examples/images/**']);
    const job = pr.jobs.check as Job & { with: Record<string, unknown> };
    expect(job.with).toMatchObject({ publish: false, sign: false });
  });

  it('the nightly runs on a schedule and by hand', () => {
    const nightly = load(join(workflowDir, 'nightly.yml'));
    expect(Object.keys(nightly.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
  });
});

describe('docs/consumer.md', () => {
  const doc = readFileSync(join(repoRoot, 'docs', 'consumer.md'), 'utf8');
  const fixtures = ['consumer-nightly.yml', 'consumer-pr.yml'];
  for (const name of fixtures) {
    it(`shows ${name} exactly as the tested fixture`, () => {
      // The fixture's first line says what it is; the document shows the rest.
      const body = readFileSync(join(fixtureDir, name), 'utf8').split('\n').slice(1).join('\n').trim();
      expect(doc).toContain(body);
    });
  }
});
