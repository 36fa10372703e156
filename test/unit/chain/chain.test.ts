import { describe, expect, it } from 'vitest';
import type { ImageTest } from '../../../packages/catalog/index.js';
import { type ChainSteps, debugTwin, type ImageOutcome, PHASES, type Phase, runChain } from '../../../packages/chain/index.js';
import { UserError } from '../../../packages/errors/index.js';
import { MemoryLogger } from '../../../packages/logging/index.js';
import type { PlanEntry } from '../../../packages/plan/entry.js';
import { gateRefusals } from '../../../packages/publish/index.js';
import { planEntry } from '../../harness/plan-entry.js';

const REPO = '127.0.0.1:5001/example-org/curated-images';

function entry(id: string, overrides: Partial<PlanEntry> = {}): PlanEntry {
  const application = overrides.application ?? id.split('-')[0] ?? id;
  return planEntry({
    id,
    application,
    mode: 'prebuilt',
    context: `examples/images/${application}`,
    repository: `${REPO}/${application}`,
    tags: [`${REPO}/${application}:1.0.0`],
    ...overrides,
  });
}

/** A digest per entry id, stable across the run, so tests can name it. */
function digestOf(id: string): string {
  let hex = '';
  for (const ch of id) hex += ch.charCodeAt(0).toString(16);
  return `sha256:${hex.padEnd(64, '0').slice(0, 64)}`;
}

interface Script {
  buildThrows?: Set<string>;
  lockDown?: Record<string, string[]>;
  scanFails?: Set<string>;
  /** Entry ids whose tests fail on linux/amd64. */
  testFails?: Set<string>;
  /** Entry ids whose test step throws (docker could not pull). */
  testThrows?: Set<string>;
  /** Images the scan could not see into (an OS it did not detect), or scanned with a DB too old. */
  scanStatus?: Record<string, 'unscannable' | 'stale-db'>;
  signThrows?: Set<string>;
  signUnverified?: Set<string>;
  /** Digests whose signature does not verify when checked again (publish in a job of its own). */
  verifyThrows?: Set<string>;
}

/** Scripted steps that record every call; publish applies the real gate check, as the real step does. */
function scriptedSteps(script: Script = {}) {
  const calls: string[] = [];
  const contexts: Record<string, Record<string, string>> = {};
  const tagged: Record<string, string[]> = {};
  const signedWithRecords: Record<string, number> = {};
  const steps: ChainSteps = {
    async build(e, ctx) {
      calls.push(`build ${e.id}`);
      contexts[e.id] = ctx;
      if (script.buildThrows?.has(e.id)) throw new Error(`buildx build exited with code 1: no such file`);
      return { image: `${e.repository}@${digestOf(e.id)}`, lockDownProblems: script.lockDown?.[e.id] ?? [] };
    },
    async test(e, image) {
      calls.push(`test ${e.id} ${(e.tests ?? []).map((t) => t.name).join(',')}`);
      if (script.testThrows?.has(e.id)) throw new Error(`docker pull ${image} (linux/amd64) exited with code 1: manifest unknown`);
      const fails = script.testFails?.has(e.id) ?? false;
      const runs = (e.tests ?? []).map((t) => ({
        test: t.name,
        platform: 'linux/amd64',
        image: `${e.repository}@sha256:${'a'.repeat(64)}`,
        command: ['/usr/bin/jq', '--version'],
        user: '65532:65532',
        status: 'skip' in t ? ('skipped' as const) : fails ? ('failed' as const) : ('passed' as const),
        ...('skip' in t ? {} : { exitCode: fails ? 127 : 0 }),
        durationMs: 5,
        problems: 'skip' in t ? [t.skip] : fails ? ['exited with code 127, expected 0'] : [],
        output: fails ? '/usr/bin/jq: error while loading shared libraries: libjq.so.1: cannot open shared object file' : 'jq-1.6',
      }));
      const passedTests = fails ? 0 : (e.tests ?? []).filter((t) => !('skip' in t)).length;
      return {
        image,
        platforms: [{ platform: 'linux/amd64', digest: `sha256:${'a'.repeat(64)}` }],
        runs,
        verdict: fails ? 'fail' : 'pass',
        passedTests,
      };
    },
    async scan(e, image) {
      calls.push(`scan ${e.id}`);
      const fails = script.scanFails?.has(e.id) ?? false;
      const other = script.scanStatus?.[e.id];
      return {
        image,
        verdict: other ?? (fails ? 'fail' : 'pass'),
        reason:
          other === 'unscannable'
            ? 'trivy detected no OS: ship /etc/debian_version'
            : fails
              ? '1 HIGH fixable: TEST-2026-0001 in gzip'
              : 'no HIGH or CRITICAL',
        recordedPackages: 4,
        sbom: `/tmp/${e.id}.cdx.json`,
      };
    },
    async sign(e, image, sbom, recordedPackages) {
      calls.push(`sign ${e.id} sbom=${sbom ?? 'none'}`);
      signedWithRecords[e.id] = recordedPackages;
      if (script.signThrows?.has(e.id)) throw new UserError({ message: "input 'key-password' does not decrypt the private key in 'key'." });
      return { image, verified: !script.signUnverified?.has(e.id), signed: true, verifyCommand: `cosign verify --key cosign.pub ${image}` };
    },
    async verify(e, image, check) {
      calls.push(`verify ${e.id} key=${check.publicKey ?? 'keyless'}${check.attestations.map((a) => ` ${a}`).join('')}`);
      if (script.verifyThrows?.has(e.id)) throw new Error(`no signature of ${image} verifies: no matching signatures`);
      return { image, verified: true, signed: false, verifyCommand: `cosign verify ${image}` };
    },
    async publish(e, plan, evidence) {
      calls.push(`publish ${e.id}`);
      const refusals = gateRefusals(plan, evidence);
      if (refusals.length > 0) throw new Error(refusals.join('; '));
      tagged[e.id] = plan.tags;
      return plan.tags;
    },
  };
  return { steps, calls, contexts, tagged, signedWithRecords };
}

function only(outcomes: ImageOutcome[], id: string): ImageOutcome {
  const found = outcomes.find((o) => o.id === id);
  if (!found) throw new Error(`no outcome for ${id}`);
  return found;
}

const parent = entry('python-runner-3.11.9', { application: 'python-runner' });
const child = entry('pipeline-tool-1.0.0', {
  application: 'pipeline-tool',
  stage: 1,
  parents: [{ reference: 'ghcr.io/example-org/curated-images/python-runner:3.11.9', entry: 'python-runner-3.11.9' }],
});

describe('runChain', () => {
  const stops: Array<{ name: string; script: Script; gate: string; calls: string[]; reason: RegExp }> = [
    {
      name: 'a failed build stops before everything else',
      script: { buildThrows: new Set(['app-1.0.0']) },
      gate: 'build',
      calls: ['build app-1.0.0'],
      reason: /buildx build exited with code 1/,
    },
    {
      name: 'a failed lock-down check stops before the scan, naming each problem',
      script: { lockDown: { 'app-1.0.0': ['has a shell: /bin/sh', 'runs as root'] } },
      gate: 'lock-down',
      calls: ['build app-1.0.0'],
      reason: /has a shell: \/bin\/sh; runs as root/,
    },
    {
      name: 'a scan failure stops before sign and publish',
      script: { scanFails: new Set(['app-1.0.0']) },
      gate: 'scan',
      calls: ['build app-1.0.0', 'scan app-1.0.0'],
      reason: /TEST-2026-0001/,
    },
    {
      name: 'an image the scanner could not see into stops at the scan, saying unscannable',
      script: { scanStatus: { 'app-1.0.0': 'unscannable' } },
      gate: 'scan',
      calls: ['build app-1.0.0', 'scan app-1.0.0'],
      reason: /^unscannable: trivy detected no OS: ship \/etc\/debian_version$/,
    },
    {
      name: 'a scan with a DB older than allowed stops there, saying stale-db',
      script: { scanStatus: { 'app-1.0.0': 'stale-db' } },
      gate: 'scan',
      calls: ['build app-1.0.0', 'scan app-1.0.0'],
      reason: /^stale-db: /,
    },
    {
      name: 'a signing failure stops before publish',
      script: { signThrows: new Set(['app-1.0.0']) },
      gate: 'sign',
      calls: ['build app-1.0.0', 'scan app-1.0.0', 'sign app-1.0.0 sbom=/tmp/app-1.0.0.cdx.json'],
      reason: /key-password/,
    },
    {
      name: 'a signature that does not verify stops before publish',
      script: { signUnverified: new Set(['app-1.0.0']) },
      gate: 'sign',
      calls: ['build app-1.0.0', 'scan app-1.0.0', 'sign app-1.0.0 sbom=/tmp/app-1.0.0.cdx.json'],
      reason: /did not verify/,
    },
  ];
  for (const c of stops) {
    it(c.name, async () => {
      const { steps, calls, tagged } = scriptedSteps(c.script);
      const log = new MemoryLogger();
      const report = await runChain([entry('app-1.0.0')], steps, { sign: true, publish: true, log });
      const outcome = only(report.outcomes, 'app-1.0.0');
      expect(outcome).toMatchObject({ status: 'stopped', stoppedAt: c.gate, published: [] });
      expect(outcome.reason).toMatch(c.reason);
      expect(calls).toEqual(c.calls);
      expect(tagged).toEqual({});
      expect(log.messages('error').join('\n')).toContain(`app-1.0.0: stopped at ${c.gate}`);
    });
  }

  it('publishes the planned tags on the digest that passed every gate', async () => {
    const { steps, calls, tagged } = scriptedSteps();
    const report = await runChain([entry('app-1.0.0')], steps, { sign: true, publish: true, log: new MemoryLogger() });
    expect(only(report.outcomes, 'app-1.0.0')).toMatchObject({
      status: 'published',
      image: `${REPO}/app@${digestOf('app-1.0.0')}`,
      passed: ['build', 'lock-down', 'scan', 'sign', 'publish'],
      published: [`${REPO}/app:1.0.0`],
    });
    expect(calls.at(-1)).toBe('publish app-1.0.0');
    expect(tagged).toEqual({ 'app-1.0.0': [`${REPO}/app:1.0.0`] });
  });

  it('signing is told how many packages the records list, so it can refuse an empty SBOM', async () => {
    const { steps, signedWithRecords } = scriptedSteps();
    await runChain([entry('app-1.0.0')], steps, { sign: true, publish: true, log: new MemoryLogger() });
    expect(signedWithRecords).toEqual({ 'app-1.0.0': 4 });
  });

  it('with publishing off, passes every gate and tags nothing', async () => {
    const { steps, calls, tagged } = scriptedSteps();
    const report = await runChain([entry('app-1.0.0')], steps, { sign: true, publish: false, log: new MemoryLogger() });
    expect(only(report.outcomes, 'app-1.0.0')).toMatchObject({
      status: 'passed',
      published: [],
      passed: ['build', 'lock-down', 'scan', 'sign'],
    });
    expect(calls).not.toContain('publish app-1.0.0');
    expect(tagged).toEqual({});
  });

  it('with signing off, stops after the scan: nothing signed, nothing tagged', async () => {
    const { steps, calls, tagged } = scriptedSteps();
    const report = await runChain([entry('app-1.0.0')], steps, { sign: false, publish: false, log: new MemoryLogger() });
    expect(only(report.outcomes, 'app-1.0.0')).toMatchObject({ status: 'passed', passed: ['build', 'lock-down', 'scan'] });
    expect(calls).toEqual(['build app-1.0.0', 'scan app-1.0.0']);
    expect(tagged).toEqual({});
  });

  const previousCases: Array<{ name: string; parentStatus: 'published' | 'stopped'; child: Partial<ImageOutcome> }> = [
    { name: 'a parent built by an earlier job gives its digest to the child', parentStatus: 'published', child: { status: 'published' } },
    {
      name: 'a parent stopped in an earlier job stops the child',
      parentStatus: 'stopped',
      child: { status: 'stopped', stoppedAt: 'parent' },
    },
  ];
  for (const c of previousCases) {
    it(c.name, async () => {
      const { steps, contexts, calls } = scriptedSteps();
      const earlier: ImageOutcome = {
        id: parent.id,
        application: parent.application,
        repository: parent.repository,
        plannedTags: parent.tags,
        status: c.parentStatus,
        image: `${parent.repository}@${digestOf(parent.id)}`,
        passed: c.parentStatus === 'published' ? ['build', 'lock-down', 'scan', 'sign', 'publish'] : ['build', 'lock-down'],
        phase: c.parentStatus === 'published' ? 'publish' : 'scan',
        evidence: {},
        published: [],
        ...(c.parentStatus === 'stopped' ? { stoppedAt: 'scan' as const, reason: 'TEST-2026-0001' } : {}),
      };
      const report = await runChain([child], steps, { sign: true, publish: true, previous: [earlier], log: new MemoryLogger() });
      expect(report.outcomes.map((o) => o.id)).toEqual([child.id]);
      expect(only(report.outcomes, child.id)).toMatchObject(c.child);
      if (c.parentStatus === 'published') {
        expect(Object.values(contexts[child.id] ?? {})).toEqual([earlier.image]);
      } else {
        expect(calls).toEqual([]);
      }
    });
  }

  it('children get their parents\u2019 digests as build contexts', async () => {
    const { steps, contexts, calls } = scriptedSteps();
    // Given child first: the chain still builds the parent first.
    await runChain([child, parent], steps, { sign: true, publish: true, log: new MemoryLogger() });
    expect(calls.indexOf('build python-runner-3.11.9')).toBeLessThan(calls.indexOf('build pipeline-tool-1.0.0'));
    expect(contexts['pipeline-tool-1.0.0']).toEqual({
      'ghcr.io/example-org/curated-images/python-runner:3.11.9': `${REPO}/python-runner@${digestOf('python-runner-3.11.9')}`,
    });
    expect(contexts['python-runner-3.11.9']).toEqual({});
  });

  it('a child is skipped when its parent failed, and says why', async () => {
    const { steps, calls, tagged } = scriptedSteps({ scanFails: new Set(['python-runner-3.11.9']) });
    const report = await runChain([parent, child], steps, { sign: true, publish: true, log: new MemoryLogger() });
    expect(only(report.outcomes, 'pipeline-tool-1.0.0')).toMatchObject({ status: 'stopped', stoppedAt: 'parent' });
    expect(only(report.outcomes, 'pipeline-tool-1.0.0').reason).toBe('python-runner-3.11.9 stopped at scan, so this image was not built');
    expect(calls.filter((c) => c.includes('pipeline-tool'))).toEqual([]);
    expect(tagged).toEqual({});
  });

  it('a child builds on its published parent when the plan does not build the parent (the build step pins its digest)', async () => {
    const { steps, contexts } = scriptedSteps();
    const reference = 'ghcr.io/example-org/curated-images/python-runner:3.11.9';
    const published = `${REPO}/python-runner:3.11.9`;
    const report = await runChain([{ ...child, parents: [], publishedParents: [{ reference, image: published }] }], steps, {
      sign: true,
      publish: true,
      log: new MemoryLogger(),
    });
    expect(only(report.outcomes, 'pipeline-tool-1.0.0').status).toBe('published');
    expect(contexts['pipeline-tool-1.0.0']).toEqual({ [reference]: published });
  });

  it('a child whose parent the plan builds is not built when that parent left no record', async () => {
    const { steps, calls } = scriptedSteps();
    const report = await runChain([child], steps, { sign: true, publish: true, log: new MemoryLogger() });
    expect(only(report.outcomes, 'pipeline-tool-1.0.0')).toMatchObject({
      status: 'stopped',
      stoppedAt: 'parent',
      reason: expect.stringMatching(/python-runner-3\.11\.9 is built in this run but left no outcome record here/),
    });
    expect(calls).toEqual([]);
  });

  it('one image stopping does not stop its siblings', async () => {
    const { steps } = scriptedSteps({ lockDown: { 'noncompliant-1.0.0': ['has a shell'] } });
    const report = await runChain([entry('noncompliant-1.0.0'), entry('app-1.0.0')], steps, {
      sign: true,
      publish: true,
      log: new MemoryLogger(),
    });
    expect(report.outcomes.map((o) => [o.id, o.status])).toEqual([
      ['noncompliant-1.0.0', 'stopped'],
      ['app-1.0.0', 'published'],
    ]);
  });

  const twinCases: Array<{ name: string; script: Script; twin: Partial<ImageOutcome> }> = [
    {
      name: 'the debug twin runs after its image and is published under its own tags',
      script: {},
      twin: { status: 'published', published: [`${REPO}/node-app-debug:1.0.0`] },
    },
    {
      name: 'the debug twin is not built when its image stopped',
      script: { scanFails: new Set(['node-app-1.0.0']) },
      twin: { status: 'stopped', stoppedAt: 'parent', published: [] },
    },
  ];
  for (const c of twinCases) {
    it(c.name, async () => {
      const app = entry('node-app-1.0.0', {
        application: 'node-app',
        debug: { target: 'debug', repository: `${REPO}/node-app-debug`, tags: [`${REPO}/node-app-debug:1.0.0`] },
      });
      const { steps, calls } = scriptedSteps(c.script);
      const report = await runChain([app], steps, { sign: true, publish: true, log: new MemoryLogger() });
      expect(report.outcomes.map((o) => o.id)).toEqual(['node-app-1.0.0', 'node-app-1.0.0-debug']);
      expect(only(report.outcomes, 'node-app-1.0.0-debug')).toMatchObject(c.twin);
      if (c.twin.status === 'published')
        expect(calls.indexOf('build node-app-1.0.0-debug')).toBeGreaterThan(calls.indexOf('publish node-app-1.0.0'));
    });
  }
});

/** Runs the phases one job after another, each seeing only the records the jobs before it wrote. */
async function phaseByPhase(
  entries: PlanEntry[],
  steps: ChainSteps,
  options: { sign: boolean; publish: boolean },
  phases: readonly Phase[],
) {
  let records: ImageOutcome[] = [];
  const reports: ImageOutcome[][] = [];
  for (const phase of phases) {
    const report = await runChain(entries, steps, { ...options, phases: [phase], previous: records, log: new MemoryLogger() });
    reports.push(report.outcomes);
    // Only records of this phase are written by its job.
    const written = report.outcomes.filter((o) => o.phase === phase);
    records = [...records.filter((r) => !written.some((w) => w.id === r.id)), ...written];
  }
  return { records, reports };
}

describe('runChain, one phase per job', () => {
  const app = entry('app-1.0.0');

  it('ends where the whole chain in one job ends, with the same calls in the same order, plus the signature checked again', async () => {
    const together = scriptedSteps();
    const whole = await runChain([app], together.steps, { sign: true, publish: true, log: new MemoryLogger() });
    const apart = scriptedSteps();
    const { records } = await phaseByPhase([app], apart.steps, { sign: true, publish: true }, PHASES);
    const [one] = whole.outcomes;
    const [split] = records;
    expect(split).toMatchObject({
      status: 'published',
      phase: 'publish',
      passed: one?.passed,
      published: one?.published,
      image: one?.image,
    });
    expect(apart.calls).toEqual([
      'build app-1.0.0',
      'scan app-1.0.0',
      'sign app-1.0.0 sbom=/tmp/app-1.0.0.cdx.json',
      'verify app-1.0.0 key=keyless cyclonedx',
      'publish app-1.0.0',
    ]);
    expect(together.calls.some((c) => c.startsWith('verify'))).toBe(false);
    expect(apart.tagged).toEqual(together.tagged);
  });

  it('between phases the record says the image continues, not that it is done', async () => {
    const { steps } = scriptedSteps();
    const { reports } = await phaseByPhase([app], steps, { sign: true, publish: true }, ['build', 'scan']);
    expect(reports.map((r) => r[0])).toMatchObject([
      { status: 'passed', phase: 'build', passed: ['build', 'lock-down'] },
      { status: 'passed', phase: 'scan', passed: ['build', 'lock-down', 'scan'], evidence: { scan: { verdict: 'pass' } } },
    ]);
  });

  it('the publish job verifies with the public key the sign job recorded', async () => {
    const { steps, calls } = scriptedSteps();
    const signing: ChainSteps = {
      ...steps,
      sign: async (e, image, sbom, recorded) => ({ ...(await steps.sign(e, image, sbom, recorded)), publicKey: 'PUBLIC KEY PEM' }),
    };
    const { records } = await phaseByPhase([app], signing, { sign: true, publish: true }, PHASES);
    expect(records[0]).toMatchObject({ status: 'published', publicKey: 'PUBLIC KEY PEM' });
    expect(calls).toContain('verify app-1.0.0 key=PUBLIC KEY PEM cyclonedx');
  });

  it('without an SBOM, the publish job checks the signature only', async () => {
    const { steps, calls } = scriptedSteps();
    const noSbom: ChainSteps = {
      ...steps,
      async scan(e, image) {
        const { sbom: _sbom, ...rest } = await steps.scan(e, image);
        return rest;
      },
    };
    await phaseByPhase([app], noSbom, { sign: true, publish: true }, PHASES);
    expect(calls).toContain('verify app-1.0.0 key=keyless');
  });

  it('a signature that no longer verifies in the publish job stops it there: nothing tagged', async () => {
    const { steps, tagged, calls } = scriptedSteps({ verifyThrows: new Set(['app-1.0.0']) });
    const { records } = await phaseByPhase([app], steps, { sign: true, publish: true }, PHASES);
    expect(records[0]).toMatchObject({ status: 'stopped', stoppedAt: 'publish', phase: 'publish' });
    expect(records[0]?.reason).toMatch(/no signature of .* verifies/);
    expect(records[0]?.evidence.signature).toBeUndefined();
    expect(calls).not.toContain('publish app-1.0.0');
    expect(tagged).toEqual({});
  });

  it('an image stopped by an earlier phase is left as that phase left it, and later phases call nothing for it', async () => {
    const { steps, calls } = scriptedSteps({ scanFails: new Set(['app-1.0.0']) });
    const { records, reports } = await phaseByPhase([app], steps, { sign: true, publish: true }, PHASES);
    expect(records[0]).toMatchObject({ status: 'stopped', stoppedAt: 'scan', phase: 'scan' });
    expect(reports.slice(2).map((r) => r[0]?.phase)).toEqual(['scan', 'scan']);
    expect(calls).toEqual(['build app-1.0.0', 'scan app-1.0.0']);
  });

  const refused: Array<{ name: string; previous: (built: ImageOutcome) => ImageOutcome[]; phase: Phase; reason: RegExp }> = [
    {
      name: 'no record from the phase before',
      previous: () => [],
      phase: 'scan',
      reason: /no outcome record from the build phase, so it was not scanned/,
    },
    {
      name: 'a record from a phase further back (the scan job did not run)',
      previous: (built) => [built],
      phase: 'sign',
      reason: /its record is from the build phase; the sign phase continues only from the scan phase/,
    },
    {
      name: 'a record that claims a scan without a passing verdict',
      previous: (built) => [{ ...built, phase: 'scan', passed: ['build', 'lock-down', 'scan'] }],
      phase: 'sign',
      reason: /its record has no passing scan of .*, so it was not signed/,
    },
    {
      name: 'a record that names no digest',
      previous: (built) => [{ ...built, image: undefined } as unknown as ImageOutcome],
      phase: 'scan',
      reason: /its record names no built digest/,
    },
  ];
  for (const c of refused) {
    it(`refuses to continue from ${c.name}, and calls nothing`, async () => {
      const { steps, calls } = scriptedSteps();
      const built = (await runChain([app], steps, { sign: true, publish: true, phases: ['build'], log: new MemoryLogger() })).outcomes[0];
      if (!built) throw new Error('no build record');
      calls.length = 0;
      const report = await runChain([app], steps, {
        sign: true,
        publish: true,
        phases: [c.phase],
        previous: c.previous(built),
        log: new MemoryLogger(),
      });
      expect(report.outcomes[0]).toMatchObject({ status: 'stopped', phase: c.phase });
      expect(report.outcomes[0]?.reason).toMatch(c.reason);
      expect(calls).toEqual([]);
    });
  }

  it('publish evidence from the record must name the digest being published', async () => {
    const { steps, tagged } = scriptedSteps();
    const { records } = await phaseByPhase([app], steps, { sign: true, publish: true }, ['build', 'scan', 'sign']);
    const [signed] = records;
    if (!signed) throw new Error('no sign record');
    const other = `${app.repository}@sha256:${'f'.repeat(64)}`;
    const forged: ImageOutcome = { ...signed, evidence: { ...signed.evidence, scan: { image: other, verdict: 'pass' } } };
    const report = await runChain([app], steps, {
      sign: true,
      publish: true,
      phases: ['publish'],
      previous: [forged],
      log: new MemoryLogger(),
    });
    expect(report.outcomes[0]).toMatchObject({ status: 'stopped', stoppedAt: 'publish' });
    expect(report.outcomes[0]?.reason).toContain(`the scan covered ${other}`);
    expect(tagged).toEqual({});
  });

  it('a child in a later stage does not start from a parent that stopped short of the last phase', async () => {
    const { steps, calls } = scriptedSteps();
    const { records } = await phaseByPhase([parent], steps, { sign: true, publish: true }, ['build', 'scan']);
    calls.length = 0;
    const report = await runChain([child], steps, {
      sign: true,
      publish: true,
      phases: ['build'],
      previous: records,
      log: new MemoryLogger(),
    });
    expect(report.outcomes[0]).toMatchObject({ status: 'stopped', stoppedAt: 'parent' });
    expect(report.outcomes[0]?.reason).toBe('python-runner-3.11.9 got through build, lock-down, scan only, so this image was not built');
    expect(calls).toEqual([]);
  });

  it('with signing off, the last phase is the scan: a pull request child builds on its scanned parent', async () => {
    const { steps, contexts } = scriptedSteps();
    const options = { sign: false, publish: false };
    const { records } = await phaseByPhase([parent], steps, options, ['build', 'scan']);
    const report = await runChain([child], steps, { ...options, phases: ['build'], previous: records, log: new MemoryLogger() });
    expect(report.outcomes[0]).toMatchObject({ status: 'passed', phase: 'build' });
    expect(Object.values(contexts[child.id] ?? {})).toEqual([records[0]?.image]);
  });

  it('the debug twin follows its entry phase by phase, and stops when the entry stops', async () => {
    const node = entry('node-app-1.0.0', {
      application: 'node-app',
      debug: { target: 'debug', repository: `${REPO}/node-app-debug`, tags: [`${REPO}/node-app-debug:1.0.0`] },
    });
    const { steps, calls, tagged } = scriptedSteps({ scanFails: new Set(['node-app-1.0.0']) });
    const { records } = await phaseByPhase([node], steps, { sign: true, publish: true }, PHASES);
    expect(records.map((r) => [r.id, r.status, r.stoppedAt])).toEqual([
      ['node-app-1.0.0', 'stopped', 'scan'],
      ['node-app-1.0.0-debug', 'stopped', 'parent'],
    ]);
    expect(calls).toEqual(['build node-app-1.0.0', 'build node-app-1.0.0-debug', 'scan node-app-1.0.0']);
    expect(tagged).toEqual({});
  });

  it('a phase past the last one the settings have is refused, naming the setting', async () => {
    const { steps } = scriptedSteps();
    await expect(runChain([app], steps, { sign: false, publish: false, phases: ['sign'], log: new MemoryLogger() })).rejects.toThrow(
      /the sign phase has nothing to do: signing is off/,
    );
  });

  it('phases out of order are refused', async () => {
    const { steps } = scriptedSteps();
    await expect(runChain([app], steps, { sign: true, publish: true, phases: ['scan', 'build'], log: new MemoryLogger() })).rejects.toThrow(
      /consecutive, in order: got scan, build/,
    );
  });
});

describe('debugTwin', () => {
  it('is layered, has no capabilities to check, and targets the debug stage', () => {
    const app = entry('node-app-1.0.0', {
      application: 'node-app',
      target: 'runtime',
      requires: [{ kind: 'binary', path: '/app/server' }],
      debug: { target: 'debug', repository: `${REPO}/node-app-debug`, tags: [`${REPO}/node-app-debug:1.0.0`] },
    });
    const twin = debugTwin(app);
    expect(twin).toMatchObject({
      id: 'node-app-1.0.0-debug',
      application: 'node-app-debug',
      target: 'debug',
      mode: 'layered',
      requires: [],
    });
    expect(twin?.debug).toBeUndefined();
    expect(twin).not.toHaveProperty('mirrors');
    expect(debugTwin(entry('app-1.0.0'))).toBeUndefined();
  });

  it('goes to its own mirrors, not the entry\u2019s', () => {
    const app = entry('node-app-1.0.0', {
      application: 'node-app',
      mirrors: [{ repository: 'mirror.example.com/copies/node-app', overwrite: false }],
      debug: {
        target: 'debug',
        repository: `${REPO}/node-app-debug`,
        tags: [`${REPO}/node-app-debug:1.0.0`],
        mirrors: [{ repository: 'mirror.example.com/copies/node-app-debug', overwrite: false }],
      },
    });
    expect(debugTwin(app)?.mirrors).toEqual([{ repository: 'mirror.example.com/copies/node-app-debug', overwrite: false }]);
  });
});

describe('the test gate', () => {
  const version: ImageTest = {
    name: 'prints its version',
    args: ['--version'],
    env: {},
    tmpfs: [],
    expect: { exit: 0 },
    timeout: 60,
    memory: '512m',
  };
  const tested = entry('jq-1.6', { application: 'jq', tests: [version, { name: 'serves health', skip: 'no server' }] });

  it('runs after the lock-down checks and before the scan, and its evidence reaches publishing', async () => {
    const { steps, calls, tagged } = scriptedSteps();
    const report = await runChain([tested], steps, { sign: true, publish: true, log: new MemoryLogger() });
    const outcome = only(report.outcomes, 'jq-1.6');
    expect(outcome).toMatchObject({ status: 'published', passed: ['build', 'lock-down', 'test', 'scan', 'sign', 'publish'] });
    expect(outcome.evidence.tests).toEqual({ image: outcome.image, verdict: 'pass', passed: 1 });
    expect(outcome.tests?.summary).toBe('1 of 1 passed on linux/amd64; skipped: serves health');
    expect(calls.slice(0, 3)).toEqual(['build jq-1.6', 'test jq-1.6 prints its version,serves health', 'scan jq-1.6']);
    expect(tagged['jq-1.6']).toEqual(tested.tags);
  });

  const stops: Array<{ name: string; script: Script; reason: RegExp }> = [
    {
      name: 'a failing test stops the image before the scan, with the test, the command, the exit code and the output',
      script: { testFails: new Set(['jq-1.6']) },
      reason:
        /^test 'prints its version' failed on linux\/amd64 \(.*, exit code 127\): exited with code 127, expected 0\n {2}command: \/usr\/bin\/jq --version, as user 65532:65532\n {2}output: \/usr\/bin\/jq: error while loading shared libraries: libjq\.so\.1/,
    },
    {
      name: 'a test step that cannot run at all stops the image too',
      script: { testThrows: new Set(['jq-1.6']) },
      reason: /docker pull .* exited with code 1: manifest unknown/,
    },
  ];
  for (const c of stops) {
    it(c.name, async () => {
      const { steps, calls, tagged } = scriptedSteps(c.script);
      const outcome = only((await runChain([tested], steps, { sign: true, publish: true, log: new MemoryLogger() })).outcomes, 'jq-1.6');
      expect(outcome).toMatchObject({ status: 'stopped', stoppedAt: 'test', passed: ['build', 'lock-down'], published: [] });
      expect(outcome.reason).toMatch(c.reason);
      expect(calls).toEqual(['build jq-1.6', 'test jq-1.6 prints its version,serves health']);
      expect(tagged).toEqual({});
    });
  }

  it('does not run for an image that declares no test, and is not counted as passed', async () => {
    const { steps, calls } = scriptedSteps();
    const outcome = only(
      (await runChain([entry('app-1.0.0')], steps, { sign: true, publish: true, log: new MemoryLogger() })).outcomes,
      'app-1.0.0',
    );
    expect(outcome.passed).toEqual(['build', 'lock-down', 'scan', 'sign', 'publish']);
    expect(outcome.tests).toBeUndefined();
    expect(calls.some((c) => c.startsWith('test '))).toBe(false);
  });

  it('a record that lost its test evidence is refused at publishing, even with a passing scan and signature', async () => {
    const { steps, tagged } = scriptedSteps();
    const { records } = await phaseByPhase([tested], steps, { sign: true, publish: true }, ['build', 'scan', 'sign']);
    const [signed] = records;
    if (signed === undefined) throw new Error('no sign record');
    const { tests: _evidence, ...rest } = signed.evidence;
    const report = await runChain([tested], steps, {
      sign: true,
      publish: true,
      phases: ['publish'],
      previous: [{ ...signed, evidence: rest }],
      log: new MemoryLogger(),
    });
    expect(report.outcomes[0]).toMatchObject({ status: 'stopped', stoppedAt: 'publish' });
    expect(report.outcomes[0]?.reason).toMatch(/its 1 declared test did not run/);
    expect(tagged).toEqual({});
  });

  it('the debug twin runs its own tests, not its image’s', async () => {
    const twinTest: ImageTest = { ...version, name: 'has a shell' };
    const node = entry('node-app-1.0.0', {
      application: 'node-app',
      tests: [version],
      debug: { target: 'debug', repository: `${REPO}/node-app-debug`, tags: [`${REPO}/node-app-debug:1.0.0`], tests: [twinTest] },
    });
    const { steps, calls } = scriptedSteps();
    const report = await runChain([node], steps, { sign: true, publish: true, log: new MemoryLogger() });
    expect(calls.filter((c) => c.startsWith('test '))).toEqual([
      'test node-app-1.0.0 prints its version',
      'test node-app-1.0.0-debug has a shell',
    ]);
    expect(only(report.outcomes, 'node-app-1.0.0-debug').passed).toContain('test');
    expect(debugTwin({ ...node, debug: { target: 'debug', repository: `${REPO}/node-app-debug`, tags: [] } })?.tests).toBeUndefined();
  });
});
