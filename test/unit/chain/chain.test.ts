import { describe, expect, it } from 'vitest';
import { type ChainSteps, debugTwin, type ImageOutcome, runChain } from '../../../packages/chain/index.js';
import { UserError } from '../../../packages/errors/index.js';
import { MemoryLogger } from '../../../packages/logging/index.js';
import type { PlanEntry } from '../../../packages/plan/entry.js';
import { gateRefusals } from '../../../packages/publish/index.js';

const REPO = '127.0.0.1:5001/example-org/curated-images';

function entry(id: string, overrides: Partial<PlanEntry> = {}): PlanEntry {
  const application = overrides.application ?? id.split('-')[0] ?? id;
  return {
    id,
    application,
    version: '1.0.0',
    mode: 'prebuilt',
    owner: 'platform-team@example.com',
    context: `examples/images/${application}`,
    dockerfile: `examples/images/${application}/Dockerfile`,
    buildArgs: {},
    platforms: ['linux/amd64'],
    repository: `${REPO}/${application}`,
    tags: [`${REPO}/${application}:1.0.0`],
    labels: {},
    requires: [],
    buildId: `sha256:${'0'.repeat(64)}`,
    stage: 0,
    parents: [],
    ...overrides,
  };
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
  signThrows?: Set<string>;
  signUnverified?: Set<string>;
}

/** Scripted steps that record every call; publish applies the real gate check, as the real step does. */
function scriptedSteps(script: Script = {}) {
  const calls: string[] = [];
  const contexts: Record<string, Record<string, string>> = {};
  const tagged: Record<string, string[]> = {};
  const steps: ChainSteps = {
    async build(e, ctx) {
      calls.push(`build ${e.id}`);
      contexts[e.id] = ctx;
      if (script.buildThrows?.has(e.id)) throw new Error(`buildx build exited with code 1: no such file`);
      return { image: `${e.repository}@${digestOf(e.id)}`, lockDownProblems: script.lockDown?.[e.id] ?? [] };
    },
    async scan(e, image) {
      calls.push(`scan ${e.id}`);
      const fails = script.scanFails?.has(e.id) ?? false;
      return {
        image,
        verdict: fails ? 'fail' : 'pass',
        reason: fails ? '1 HIGH fixable: TEST-2026-0001 in gzip' : 'no HIGH or CRITICAL',
        sbom: `/tmp/${e.id}.cdx.json`,
      };
    },
    async sign(e, image, sbom) {
      calls.push(`sign ${e.id} sbom=${sbom ?? 'none'}`);
      if (script.signThrows?.has(e.id)) throw new UserError({ message: "input 'key-password' does not decrypt the private key in 'key'." });
      return { image, verified: !script.signUnverified?.has(e.id), signed: true, verifyCommand: `cosign verify --key cosign.pub ${image}` };
    },
    async publish(e, plan, evidence) {
      calls.push(`publish ${e.id}`);
      const refusals = gateRefusals(plan, evidence);
      if (refusals.length > 0) throw new Error(refusals.join('; '));
      tagged[e.id] = plan.tags;
      return plan.tags;
    },
  };
  return { steps, calls, contexts, tagged };
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
        passed: ['build'],
        published: [],
        ...(c.parentStatus === 'stopped' ? { stoppedAt: 'scan' as const, reason: 'TEST-2026-0001' } : {}),
      };
      const report = await runChain([child], steps, { sign: true, publish: true, previous: [earlier], log: new MemoryLogger() });
      expect(report.outcomes.map((o) => o.id)).toEqual([child.id]);
      expect(only(report.outcomes, child.id)).toMatchObject(c.child);
      if (c.parentStatus === 'published') {
        expect(Object.values(contexts[child.id] ?? {})).toEqual([`docker-image://${earlier.image}`]);
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
      'ghcr.io/example-org/curated-images/python-runner:3.11.9': `docker-image://${REPO}/python-runner@${digestOf('python-runner-3.11.9')}`,
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

  const absentParent: Array<{ name: string; repository: string; contexts: Record<string, string> }> = [
    {
      name: 'a child whose parent is not in the run builds on the reference as written',
      repository: 'ghcr.io/example-org/curated-images/pipeline-tool',
      contexts: {},
    },
    {
      name: 'with the registry overridden, it builds on the parent’s tag in that registry',
      repository: `${REPO}/pipeline-tool`,
      contexts: { 'ghcr.io/example-org/curated-images/python-runner:3.11.9': `docker-image://${REPO}/python-runner:3.11.9` },
    },
  ];
  for (const c of absentParent) {
    it(c.name, async () => {
      const { steps, contexts } = scriptedSteps();
      const report = await runChain([{ ...child, repository: c.repository, tags: [`${c.repository}:1.0.0`] }], steps, {
        sign: true,
        publish: true,
        log: new MemoryLogger(),
      });
      expect(only(report.outcomes, 'pipeline-tool-1.0.0').status).toBe('published');
      expect(contexts['pipeline-tool-1.0.0']).toEqual(c.contexts);
    });
  }

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
    expect(debugTwin(entry('app-1.0.0'))).toBeUndefined();
  });
});
