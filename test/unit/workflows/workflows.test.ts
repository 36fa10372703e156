import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../../harness/run-dist.js';

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  env?: Record<string, string>;
  'continue-on-error'?: boolean;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Job {
  uses?: string;
  outputs?: Record<string, string>;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
  needs?: string | string[];
  if?: string;
  permissions?: Record<string, string>;
  strategy?: { matrix?: unknown; 'fail-fast'?: boolean };
  concurrency?: { group: string; 'cancel-in-progress'?: boolean };
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
const shard = load(join(workflowDir, 'rebuild-shard.yml'));
const check = load(join(workflowDir, 'check.yml'));
const checkShard = load(join(workflowDir, 'check-shard.yml'));

/** What a pull request's token may do, at most: a fork's gets no more. */
const READ_ONLY = { contents: 'read', 'pull-requests': 'read' };

/** Every `uses:` of every job and step. */
function usesOf(workflow: Workflow): string[] {
  return Object.values(workflow.jobs).flatMap((job) => [
    ...(job.uses ? [job.uses] : []),
    ...(job.steps ?? []).flatMap((s) => (s.uses ? [s.uses] : [])),
  ]);
}

const LEVELS = ['none', 'read', 'write'];

/** What a caller must grant for these jobs: per scope, the most any of them asks for (write over read). */
function permissionUnion(jobs: readonly Job[]): Record<string, string> {
  const union: Record<string, string> = {};
  for (const job of jobs) {
    for (const [scope, level] of Object.entries(job.permissions ?? {})) {
      if (LEVELS.indexOf(level) > LEVELS.indexOf(union[scope] ?? 'none')) union[scope] = level;
    }
  }
  return union;
}

/** This project's own actions and workflows, at the release tag users pin to. */
const FIRST_PARTY = /^org\/image-actions(\/|@)/;

describe('every workflow', () => {
  it('there are the project workflows and the consumer fixtures', () => {
    const names = files.map((f) => f.slice(repoRoot.length + 1)).sort();
    expect(names).toEqual(
      expect.arrayContaining([
        '.github/workflows/check.yml',
        '.github/workflows/check-shard.yml',
        '.github/workflows/ci.yml',
        '.github/workflows/nightly.yml',
        '.github/workflows/pr-check.yml',
        '.github/workflows/rebuild.yml',
        '.github/workflows/rebuild-shard.yml',
        '.github/workflows/rescan.yml',
        '.github/workflows/scheduled-rescan.yml',
        'test/fixtures/workflows/consumer-nightly.yml',
        'test/fixtures/workflows/consumer-pr.yml',
        'test/fixtures/workflows/consumer-rescan.yml',
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
  const stageJobs = Object.entries(rebuild.jobs).filter(([name]) => name.startsWith('stage-'));

  it('is reusable only (workflow_call)', () => {
    expect(Object.keys(rebuild.on)).toEqual(['workflow_call']);
    expect(Object.keys(shard.on)).toEqual(['workflow_call']);
  });

  it('runs four stage jobs, each a matrix over its shards calling rebuild-shard.yml, not cancelling its siblings', () => {
    expect(stageJobs.map(([name]) => name)).toEqual(['stage-0', 'stage-1', 'stage-2', 'stage-3']);
    for (const [name, job] of stageJobs) {
      const n = name.slice(-1);
      expect(job.uses, name).toBe('org/image-actions/.github/workflows/rebuild-shard.yml@v1');
      expect(job.strategy?.['fail-fast'], name).toBe(false);
      expect(job.strategy?.matrix, name).toBe(`\${{ fromJSON(needs.plan.outputs.shards-${n}) }}`);
      expect(job.with?.stage, name).toBe(Number(n));
      expect(job.with?.shard, name).toBe(`\${{ matrix.shard }}`);
    }
  });

  it('later stages wait for every earlier one but still run when some image of them stopped', () => {
    for (const [name, job] of stageJobs.slice(1)) {
      const n = Number(name.slice(-1));
      expect(job.needs, name).toEqual(['plan', 'db', ...Array.from({ length: n }, (_, i) => `stage-${i}`)]);
      expect(job.if, name).toMatch(/^always\(\) && needs\.plan\.result == 'success'/);
    }
  });

  // What only the plan job reads: the shards take their matrix (its legs of `batch` images) from its plan file.
  const planOnly = ['registry', 'upstream-mirrors', 'mirrors', 'changes', 'images', 'skip-unchanged', 'force', 'batch'];

  it('passes every input but the plan’s own on to each shard (the stage jobs differ only in their stage)', () => {
    const all = Object.keys((rebuild.on.workflow_call as { inputs: Record<string, unknown> }).inputs);
    const own = all.filter((i) => !planOnly.includes(i));
    const shardInputs = Object.keys((shard.on.workflow_call as { inputs: Record<string, unknown> }).inputs);
    expect([...shardInputs].sort()).toEqual([...own, 'stage', 'shard', 'db-cache-key'].sort());
    const plan = rebuild.jobs.plan?.steps?.find((s) => s.uses === 'org/image-actions/actions/matrix-expand@v1');
    for (const input of planOnly.filter((i) => i !== 'skip-unchanged')) expect(plan?.with?.[input], input).toBe(`\${{ inputs.${input} }}`);
    const [first, ...others] = stageJobs.map(([, job]) => JSON.stringify({ ...job.with, stage: 0 }));
    for (const other of others) expect(other).toBe(first);
    for (const input of own) expect(stageJobs[0]?.[1].with?.[input], input).toBe(`\${{ inputs.${input} }}`);
    expect(stageJobs[0]?.[1].with?.['db-cache-key']).toBe(`\${{ needs.db.outputs.cache-key }}`);
  });

  describe('the vulnerability DB, once for the run', () => {
    const db = rebuild.jobs.db;
    const step = db?.steps?.find((s) => s.uses === 'org/image-actions@v1');
    const scan = shard.jobs.scan?.steps?.find((s) => s.uses === 'org/image-actions@v1');

    it('one job, next to the plan, runs the root action’s db phase with the DB repository and tools the scan legs use', () => {
      expect(db?.needs).toBeUndefined();
      expect(db?.strategy).toBeUndefined();
      expect(step?.with).toEqual({
        phase: 'db',
        'trivy-db-repository': `\${{ inputs.trivy-db-repository }}`,
        'tools-from-path': `\${{ inputs.tools-from-path }}`,
      });
      expect(scan?.with?.['trivy-db-repository']).toBe(`\${{ inputs.trivy-db-repository }}`);
      expect(scan?.with?.['tools-from-path']).toBe(`\${{ inputs.tools-from-path }}`);
    });

    it('its key reaches every scan leg; should the job fail, the legs get the DB themselves', () => {
      expect(db?.outputs).toEqual({ 'cache-key': `\${{ steps.${step?.id ?? '?'}.outputs.db-cache-key }}` });
      expect(step?.['continue-on-error']).toBe(true);
      expect(scan?.with?.['db-cache-key']).toBe(`\${{ inputs.db-cache-key }}`);
      for (const [name, job] of stageJobs) expect(job.needs, name).toContain('db');
    });
  });

  it('the plan job reads only the plan\u2019s shape: its matrix-expand selects the first shard, so a large plan fits', () => {
    const plan = rebuild.jobs.plan?.steps?.find((s) => s.uses === 'org/image-actions/actions/matrix-expand@v1');
    expect(plan?.with).toMatchObject({ stage: '0', shard: '0' });
  });

  const permissionCases: Array<{ job: string; permissions: Record<string, string> }> = [
    { job: 'plan', permissions: { contents: 'read', 'pull-requests': 'read', packages: 'read' } },
    // The Actions cache needs no permission of the token.
    { job: 'db', permissions: { contents: 'read' } },
    { job: 'summary', permissions: { contents: 'read', issues: 'write' } },
    { job: 'retain', permissions: { contents: 'read', packages: 'write' } },
  ];
  for (const c of permissionCases) {
    it(`${c.job} asks for exactly what it needs`, () => expect(rebuild.jobs[c.job]?.permissions).toEqual(c.permissions));
  }

  it('retention runs last, one at a time per catalog and registry, only when publishing, verifying as the publish job does', () => {
    const retain = rebuild.jobs.retain;
    expect(retain?.needs).toEqual(['plan', 'stage-0', 'stage-1', 'stage-2', 'stage-3']);
    expect(retain?.if).toBe("always() && needs.plan.result == 'success' && inputs.publish");
    expect(retain?.concurrency).toEqual({
      group: 'image-actions-retain-${{ github.repository }}-${{ inputs.catalog }}-${{ inputs.registry }}',
      'cancel-in-progress': false,
    });
    const step = retain?.steps?.find((s) => s.uses === 'org/image-actions/actions/retain-versions@v1');
    const publish = shard.jobs.publish?.steps?.find((s) => s.uses === 'org/image-actions@v1');
    for (const input of ['public-key', 'certificate-identity', 'transparency-log']) {
      expect(step?.with?.[input], input).toBe(publish?.with?.[input]);
    }
  });

  it('each stage job grants exactly the union of what the shard workflow\u2019s jobs ask for', () => {
    const union = permissionUnion(Object.values(shard.jobs));
    for (const [name, job] of stageJobs) expect(job.permissions, name).toEqual(union);
  });

  it('the summary is the root action over every record, checked against the planned count', () => {
    const step = rebuild.jobs.summary?.steps?.find((s) => s.uses === 'org/image-actions@v1');
    // Built or unchanged: every image the plan accounts for reports.
    expect(step?.with).toMatchObject({ phase: 'summary', planned: `\${{ needs.plan.outputs.images }}` });
    expect(rebuild.jobs.summary?.needs).toEqual(['plan', ...stageJobs.map(([name]) => name)]);
  });
});

describe('rebuild-shard.yml', () => {
  const gates = ['build', 'scan', 'sign', 'publish'];

  it('runs the chain as four jobs after the shard\u2019s matrix, each a matrix that does not cancel its siblings', () => {
    expect(Object.keys(shard.jobs)).toEqual(['matrix', ...gates, 'propagate']);
    for (const [i, gate] of gates.entries()) {
      const job = shard.jobs[gate];
      expect(job?.needs, gate).toEqual(i === 0 ? 'matrix' : ['matrix', gates[i - 1]]);
      expect(job?.strategy?.['fail-fast'], gate).toBe(false);
      expect(job?.strategy?.matrix, gate).toBe(`\${{ fromJSON(needs.matrix.outputs.matrix) }}`);
    }
  });

  const permissionCases: Array<{ job: string; permissions: Record<string, string> }> = [
    { job: 'matrix', permissions: { contents: 'read' } },
    { job: 'build', permissions: { contents: 'read', packages: 'write' } },
    { job: 'scan', permissions: { contents: 'read', packages: 'read', 'security-events': 'write' } },
    { job: 'sign', permissions: { contents: 'read', packages: 'write', 'id-token': 'write' } },
    { job: 'publish', permissions: { contents: 'read', packages: 'write' } },
    // It only reads the source; the mirrors are written with logins of their own.
    { job: 'propagate', permissions: { contents: 'read', packages: 'read' } },
  ];
  for (const c of permissionCases) {
    it(`${c.job} asks for exactly what it needs`, () => expect(shard.jobs[c.job]?.permissions).toEqual(c.permissions));
  }

  it('only the sign job can get an OIDC token, and only the scan job can upload SARIF', () => {
    for (const [name, job] of Object.entries(shard.jobs)) {
      expect(job.permissions?.['id-token'] === 'write', name).toBe(name === 'sign');
      expect(job.permissions?.['security-events'] === 'write', name).toBe(name === 'scan');
    }
  });

  for (const gate of gates) {
    it(`the ${gate} job runs the root action for its phase, given the matrix leg as its entry`, () => {
      const step = shard.jobs[gate]?.steps?.find((s) => s.uses === 'org/image-actions@v1');
      expect(step?.with).toMatchObject({ phase: gate, entry: `\${{ toJSON(matrix) }}` });
    });
  }

  it('each gate job continues from the records of the job before it, and passes its own on', () => {
    for (const [i, gate] of gates.entries()) {
      const steps = shard.jobs[gate]?.steps ?? [];
      const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
      expect(upload?.with, gate).toMatchObject({
        name: `image-outcome-${gate}-\${{ matrix.id }}`,
        path: `\${{ steps.chain.outputs.outcome-files }}`,
      });
      const download = steps.find((s) => s.uses?.startsWith('actions/download-artifact@'));
      if (i === 0) expect(download?.with?.pattern).toBe('image-outcome-*');
      else {
        expect(download?.with?.name, gate).toBe(`image-outcome-${gates[i - 1]}-\${{ matrix.id }}`);
        // A missing record is for the chain step to report (the image stops, naming the phase), not a download error.
        expect(download?.['continue-on-error'], gate).toBe(true);
      }
    }
  });

  it('later gate jobs run even when a leg of the job before failed; signing and publishing only when asked', () => {
    expect(shard.jobs.scan?.if).toBe(`\${{ !cancelled() && needs.matrix.result == 'success' }}`);
    expect(shard.jobs.sign?.if).toContain('inputs.sign');
    expect(shard.jobs.publish?.if).toContain('inputs.sign && inputs.publish');
  });

  it('keyless signatures are made and checked against this workflow\u2019s own identity, at the release ref rebuild.yml calls it by', () => {
    const calls = Object.values(rebuild.jobs)
      .map((j) => (j as Job & { uses?: string }).uses)
      .filter((u): u is string => u?.includes('rebuild-shard.yml@') === true);
    const refs = new Set(calls.map((u) => u.slice(u.indexOf('@') + 1)));
    expect([...refs]).toEqual(['v1']);
    for (const gate of ['sign', 'publish']) {
      const step = shard.jobs[gate]?.steps?.find((s) => s.uses === 'org/image-actions@v1');
      expect(String(step?.with?.['certificate-identity']), gate).toContain(
        "'https://github.com/org/image-actions/.github/workflows/rebuild-shard.yml@refs/tags/v1'",
      );
      expect(step?.with?.['certificate-identity-regexp'], gate).toBeUndefined();
    }
    expect(shard.jobs.publish?.steps?.find((s) => s.uses === 'org/image-actions@v1')?.with?.key).toBeUndefined();
  });

  describe('the propagate job', () => {
    const job = shard.jobs.propagate;
    const steps = job?.steps ?? [];
    const plan = steps.find((s) => s.uses === 'org/image-actions/actions/matrix-expand@v1');
    const propagate = steps.find((s) => s.uses === 'org/image-actions/actions/propagate@v1');
    const publish = shard.jobs.publish?.steps?.find((s) => s.uses === 'org/image-actions@v1');

    it('runs once per shard after publishing, when there is publishing, whatever some legs did', () => {
      expect(job?.needs).toEqual(['matrix', 'publish']);
      expect(job?.strategy).toBeUndefined();
      expect(job?.if).toBe(`\${{ !cancelled() && needs.matrix.result == 'success' && inputs.sign && inputs.publish }}`);
    });

    it('propagates the shard of the plan job’s plan, the one the matrix job took its matrix from', () => {
      const matrix = shard.jobs.matrix?.steps?.find((s) => s.uses === 'org/image-actions/actions/matrix-expand@v1');
      expect(plan).toBeUndefined();
      expect(matrix?.with?.['plan-file']).toContain('plan.json');
      expect(propagate?.with).toMatchObject({
        'plan-file': matrix?.with?.['plan-file'],
        stage: `\${{ inputs.stage }}`,
        shard: `\${{ inputs.shard }}`,
        'mirror-logins': `\${{ secrets.mirror-logins }}`,
      });
    });

    it('verifies at the mirrors with the identity the publish job verified with', () => {
      for (const input of ['public-key', 'certificate-identity', 'transparency-log', 'results-dir', 'tools-from-path']) {
        expect(propagate?.with?.[input], input).toBe(publish?.with?.[input]);
      }
      // Lagging fails the job on GitHub; under act it would end the run before the later stages (as fail-on-stop).
      expect(propagate?.with?.['fail-on-lag']).toBe(publish?.with?.['fail-on-stop']);
    });
  });

  it('steps that need github.com (SARIF, artifacts) are skipped where they cannot work', () => {
    for (const [name, job] of Object.entries(shard.jobs)) {
      const steps = job.steps ?? [];
      const sarif = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
      if (sarif) expect(sarif.if, name).toContain('!env.ACT');
      for (const step of steps.filter((s) => s.uses?.startsWith('actions/') && s.uses.includes('artifact'))) {
        expect(step.if, `${name} ${step.uses}`).toContain("inputs.results-dir == ''");
      }
    }
  });
});

describe('check.yml and check-shard.yml, the pull-request path', () => {
  const stageJobs = Object.entries(check.jobs).filter(([name]) => name.startsWith('stage-'));
  const checkJob = checkShard.jobs.check as Job;
  const steps = checkJob.steps ?? [];
  const chain = steps.find((s) => s.uses === 'org/image-actions@v1');
  const start = steps.find((s) => s.id === 'job-registry');

  it('are reusable only (workflow_call)', () => {
    expect(Object.keys(check.on)).toEqual(['workflow_call']);
    expect(Object.keys(checkShard.on)).toEqual(['workflow_call']);
  });

  it('no job asks for more than a fork\u2019s pull request has: contents and pull-requests, read', () => {
    for (const [name, job] of [...Object.entries(check.jobs), ...Object.entries(checkShard.jobs)]) {
      for (const [scope, level] of Object.entries(job.permissions ?? {})) {
        expect([name, scope, level]).toEqual([name, scope, READ_ONLY[scope as keyof typeof READ_ONLY]]);
      }
    }
    expect(checkJob.permissions).toEqual({ contents: 'read' });
  });

  it('shows what retention would do, as a dry run that writes nothing', () => {
    const step = check.jobs.retention?.steps?.find((s) => s.uses === 'org/image-actions/actions/retain-versions@v1');
    expect(step?.with).toMatchObject({ catalog: '${{ inputs.catalog }}', registry: '${{ inputs.registry }}', 'dry-run': true });
    expect(check.jobs.retention?.permissions).toEqual({ contents: 'read' });
  });

  it('takes no secrets, and passes none on', () => {
    for (const file of ['check.yml', 'check-shard.yml']) {
      const text = readFileSync(join(workflowDir, file), 'utf8');
      expect(text, file).not.toMatch(/secrets[.:]|github\.token|registry-password|registry-username|cosign-key|key-password/);
    }
  });

  it('runs four stage jobs calling check-shard.yml, each passing every input on (only the stage differs)', () => {
    expect(stageJobs.map(([name]) => name)).toEqual(['stage-0', 'stage-1', 'stage-2', 'stage-3']);
    const own = Object.keys((check.on.workflow_call as { inputs: Record<string, unknown> }).inputs);
    const shardInputs = Object.keys((checkShard.on.workflow_call as { inputs: Record<string, unknown> }).inputs);
    expect([...shardInputs].sort()).toEqual([...own, 'stage', 'shard', 'keep-images'].sort());
    for (const [name, job] of stageJobs) {
      const n = Number(name.slice(-1));
      expect(job.uses, name).toBe('org/image-actions/.github/workflows/check-shard.yml@v1');
      expect(job.strategy?.['fail-fast'], name).toBe(false);
      expect(job.with?.stage, name).toBe(n);
      // Only a stage with later ones keeps its images, for the children built on them.
      expect(job.with?.['keep-images'], name).toBe(`\${{ fromJSON(needs.plan.outputs.stage-count) > ${n + 1} }}`);
      for (const input of own) expect(job.with?.[input], `${name} ${input}`).toBe(`\${{ inputs.${input} }}`);
    }
  });

  it('each check job starts a registry of its own on loopback, from an image pinned by digest', () => {
    expect(start?.run).toContain('--publish 127.0.0.1::5000');
    expect(start?.run).toContain('"$JOB_REGISTRY_IMAGE"');
    expect(checkJob.env?.JOB_REGISTRY_IMAGE).toMatch(
      /^\$\{\{ inputs\.job-registry-image \|\| 'docker\.io\/library\/registry:2@sha256:[0-9a-f]{64}' \}\}$/,
    );
    const stop = steps.find((s) => s.run?.includes('docker stop'));
    expect(stop?.if).toBe("always() && steps.job-registry.outputs.container != ''");
  });

  it('builds and scans into that registry only: no signing, no publishing, no cache', () => {
    expect(chain?.with).toMatchObject({
      phase: 'all',
      entry: `\${{ toJSON(matrix) }}`,
      'push-registry': `\${{ steps.job-registry.outputs.address }}`,
      publish: false,
      sign: false,
      'registry-cache': false,
    });
  });

  it('carries records and, for later stages, the job registry\u2019s storage, as artifacts or through results-dir', () => {
    const uploads = steps.filter((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(uploads.map((s) => s.with?.name)).toEqual([`image-outcome-check-\${{ matrix.id }}`, `job-registry-\${{ matrix.id }}`]);
    const downloads = steps.filter((s) => s.uses?.startsWith('actions/download-artifact@'));
    expect(downloads.map((s) => s.with?.pattern)).toEqual(['image-outcome-*', 'job-registry-*']);
    for (const step of [...uploads, ...downloads]) expect(step.if).toContain("inputs.results-dir == ''");
    const keep = steps.find((s) => s.name?.startsWith("Keep this job's images"));
    expect(keep?.if).toContain('inputs.keep-images');
  });

  it('the summary is the root action over every record, publishing and signing off', () => {
    const step = check.jobs.summary?.steps?.find((s) => s.uses === 'org/image-actions@v1');
    expect(step?.with).toMatchObject({ phase: 'summary', planned: `\${{ needs.plan.outputs.count }}`, publish: false, sign: false });
  });
});

describe('callers', () => {
  const union = (...workflows: Workflow[]) => permissionUnion(workflows.flatMap((w) => Object.values(w.jobs)));
  const callers: Array<{ file: string; uses: string; publish: boolean | undefined; asked: Record<string, string> }> = [
    { file: join(workflowDir, 'nightly.yml'), uses: './.github/workflows/rebuild.yml', publish: true, asked: union(rebuild, shard) },
    { file: join(workflowDir, 'pr-check.yml'), uses: './.github/workflows/check.yml', publish: undefined, asked: union(check, checkShard) },
    {
      file: join(fixtureDir, 'consumer-nightly.yml'),
      uses: 'org/image-actions/.github/workflows/rebuild.yml@v1',
      publish: undefined,
      asked: union(rebuild, shard),
    },
    {
      file: join(fixtureDir, 'consumer-pr.yml'),
      uses: 'org/image-actions/.github/workflows/check.yml@v1',
      publish: undefined,
      asked: union(check, checkShard),
    },
  ];
  for (const c of callers) {
    it(`${c.file.slice(repoRoot.length + 1)} calls ${c.uses.replace(/.*\//, '')} and grants exactly what it asks`, () => {
      const [job] = Object.values(load(c.file).jobs);
      expect(job?.uses).toBe(c.uses);
      expect((job as Job & { with?: Record<string, unknown> }).with?.publish).toBe(c.publish);
      // A caller grants at least the union of the called jobs' permissions, or the run does not start.
      expect(job?.permissions).toEqual(c.asked);
    });
  }

  it('the pull-request path asks for read permissions only, and passes no secrets', () => {
    expect(union(check, checkShard)).toEqual(READ_ONLY);
    for (const file of [join(workflowDir, 'pr-check.yml'), join(fixtureDir, 'consumer-pr.yml')]) {
      const [job] = Object.values(load(file).jobs) as Array<Job & { secrets?: unknown }>;
      expect(job?.permissions, file).toEqual(READ_ONLY);
      expect(job?.secrets, file).toBeUndefined();
    }
  });

  it('no workflow a pull request triggers grants a write permission', () => {
    for (const file of files.filter((f) => !f.includes(`${join('workflows', 'broken')}`))) {
      const workflow = load(file);
      if (workflow.on === null || typeof workflow.on !== 'object' || !('pull_request' in workflow.on)) continue;
      const grants = [workflow.permissions ?? {}, ...Object.values(workflow.jobs).map((j) => j.permissions ?? {})];
      for (const grant of grants) expect(Object.values(grant), file).not.toContain('write');
    }
  });

  it('the pull-request check reacts to the catalog and the images', () => {
    const pr = load(join(workflowDir, 'pr-check.yml'));
    expect((pr.on.pull_request as { paths: string[] }).paths).toEqual(['examples/images.yaml', 'examples/images/**']);
  });

  it('the nightly runs on a schedule and by hand', () => {
    const nightly = load(join(workflowDir, 'nightly.yml'));
    expect(Object.keys(nightly.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
  });
});

describe('rescan.yml', () => {
  const rescan = load(join(workflowDir, 'rescan.yml'));
  const phaseOf = (job: string) => rescan.jobs[job]?.steps?.find((s) => s.uses === 'org/image-actions/actions/rescan@v1');

  it('is reusable only, three jobs in order: scan, rebuild, issues', () => {
    expect(Object.keys(rescan.on)).toEqual(['workflow_call']);
    expect(Object.keys(rescan.jobs)).toEqual(['scan', 'rebuild', 'issues']);
    expect(rescan.jobs.rebuild?.needs).toBe('scan');
    expect(rescan.jobs.issues?.needs).toEqual(['scan', 'rebuild']);
    for (const job of ['scan', 'rebuild', 'issues']) expect(phaseOf(job)?.with?.phase, job).toBe(job);
  });

  const permissionCases: Array<{ job: string; permissions: Record<string, string> }> = [
    { job: 'scan', permissions: { contents: 'read', packages: 'write', 'id-token': 'write', 'security-events': 'write' } },
    { job: 'rebuild', permissions: { actions: 'write' } },
    { job: 'issues', permissions: { issues: 'write' } },
  ];
  for (const c of permissionCases) {
    it(`${c.job} asks for exactly what it needs`, () => expect(rescan.jobs[c.job]?.permissions).toEqual(c.permissions));
  }

  it('only the issues job may write issues, only the rebuild job may start workflows', () => {
    for (const [name, job] of Object.entries(rescan.jobs)) {
      expect(job.permissions?.issues === 'write', name).toBe(name === 'issues');
      expect(job.permissions?.actions === 'write', name).toBe(name === 'rebuild');
    }
  });

  it('the rebuild runs only when the scan found something a rebuild may fix; the issues whatever the rebuild did', () => {
    expect(rescan.jobs.rebuild?.if).toContain("needs.scan.outputs.rebuild != '[]'");
    expect(rescan.jobs.issues?.if).toBe(`\${{ !cancelled() && needs.scan.result == 'success' }}`);
  });

  it('checks the nightly\u2019s keyless identity, and reads back its own attestations by this workflow\u2019s', () => {
    const scan = phaseOf('scan')?.with ?? {};
    // Pinned to the release tag the publishing workflow is called at, as the publish job checks it.
    expect(String(scan['certificate-identity'])).toContain('/.github/workflows/rebuild-shard.yml@refs/tags/v1');
    expect(scan['certificate-identity-regexp']).toBeUndefined();
    expect(String(scan['attestation-identity-regexp'])).toContain('rescan\\.yml@');
  });

  it('steps that need github.com (SARIF, artifacts) are skipped where they cannot work', () => {
    for (const [name, job] of Object.entries(rescan.jobs)) {
      for (const step of job.steps ?? []) {
        if (step.uses?.startsWith('github/codeql-action/upload-sarif@')) expect(step.if, name).toContain('!env.ACT');
        if (step.uses?.startsWith('actions/') && step.uses.includes('artifact'))
          expect(step.if, `${name} ${step.uses}`).toContain("inputs.results-dir == ''");
      }
    }
  });

  const callers = [
    { file: join(workflowDir, 'scheduled-rescan.yml'), uses: './.github/workflows/rescan.yml' },
    { file: join(fixtureDir, 'consumer-rescan.yml'), uses: 'org/image-actions/.github/workflows/rescan.yml@v1' },
  ];
  for (const c of callers) {
    it(`${c.file.slice(repoRoot.length + 1)} runs on a schedule and by hand, and grants exactly what rescan.yml asks`, () => {
      const caller = load(c.file);
      expect(Object.keys(caller.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
      const [job] = Object.values(caller.jobs);
      expect(job?.uses).toBe(c.uses);
      expect(job?.permissions).toEqual(Object.assign({}, ...Object.values(rescan.jobs).map((j) => j.permissions ?? {})));
    });
  }

  it('the nightly takes the images the rescan dispatches it with, and rebuild.yml plans only those', () => {
    const nightly = load(join(workflowDir, 'nightly.yml'));
    expect((nightly.on.workflow_dispatch as { inputs: Record<string, unknown> }).inputs.images).toBeDefined();
    expect(nightly.jobs.rebuild?.with?.images).toBe(`\${{ inputs.images || '' }}`);
    expect(rebuild.jobs.plan?.steps?.find((s) => s.uses === 'org/image-actions/actions/matrix-expand@v1')?.with?.images).toBe(
      `\${{ inputs.images }}`,
    );
    // The shards build what that plan holds.
    expect(shard.jobs.matrix?.steps?.find((s) => s.uses === 'org/image-actions/actions/matrix-expand@v1')?.with?.images).toBeUndefined();
  });
});

describe('README.md, the consumer setup', () => {
  const doc = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const fixtures = ['consumer-nightly.yml', 'consumer-pr.yml', 'consumer-rescan.yml'];
  for (const name of fixtures) {
    it(`shows ${name} exactly as the tested fixture`, () => {
      // The fixture's first line says what it is; the document shows the rest.
      const body = readFileSync(join(fixtureDir, name), 'utf8').split('\n').slice(1).join('\n').trim();
      expect(doc).toContain(body);
    });
  }
});
