import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageTest, TestSpec } from '../../packages/catalog/index.js';
import { buildStep, type ChainSteps, declaredTests, type ImageOutcome, runChain, testStep } from '../../packages/chain/index.js';
import { type ImageTestReport, testImage } from '../../packages/image-tests/index.js';
import { MemoryLogger } from '../../packages/logging/index.js';
import { parseDigestReference } from '../../packages/oci/index.js';
import type { PlanEntry } from '../../packages/plan/index.js';
import { platformManifests } from '../../packages/prebuilt/index.js';
import { PublishRefusedError, publish } from '../../packages/publish/index.js';
import { RegistryClient } from '../../packages/registry/index.js';
import { planEntry } from '../harness/plan-entry.js';
import { repoRoot } from '../harness/run-dist.js';
import { examplePlan, namespace, RecordingRunner, tagsOf } from './build-lab.js';
import { type Lab, lab } from './lab.js';

/**
 * The image tests for real: the examples built into a repository of this run
 * and tested on their pushed digests with the lab's docker engine (arm64
 * under its QEMU), through the chain's build phase as rebuild-shard.yml's
 * build job runs it. Every container the tests start is gone afterwards.
 */

let l: Lab;
let base: string;
let work: string;
const registry = new RegistryClient();
const runner = () => new RecordingRunner(l.env);
/** Every runner the file used: the names of the containers they started. */
const runners: RecordingRunner[] = [];
const outcomes = new Map<string, ImageOutcome>();
const scanned: string[] = [];

function test(fields: Partial<ImageTest> & { name: string }): ImageTest {
  return { env: {}, tmpfs: [], expect: { exit: 0 }, timeout: 60, memory: '512m', ...fields };
}

function docker(args: string[]): string {
  return execFileSync(l.bin.docker, args, { encoding: 'utf8', env: { ...process.env, ...l.env } });
}

/** The chain's build phase (build, lock-down, test) over entries, with the real build and test steps. */
async function buildPhase(entries: PlanEntry[]): Promise<ImageOutcome[]> {
  const r = runner();
  runners.push(r);
  const log = new MemoryLogger();
  const refuse = (what: string) => () => Promise.reject(new Error(`${what} is not part of the build phase`));
  const steps: ChainSteps = {
    build: buildStep({
      runner: r,
      log,
      docker: l.bin.docker,
      workspace: repoRoot,
      workDir: work,
      registry,
      registryCache: false,
      env: process.env,
    }),
    test: testStep({ runner: r, log, docker: l.bin.docker, registry }),
    scan: async (entry) => {
      scanned.push(entry.id);
      throw new Error('the scan is not part of the build phase');
    },
    sign: refuse('signing'),
    verify: refuse('verifying'),
    publish: refuse('publishing'),
  };
  const report = await runChain(entries, steps, { sign: false, publish: false, phases: ['build'], log });
  return report.outcomes;
}

async function runTests(image: string, tests: TestSpec[], mode: 'layered' | 'prebuilt' = 'prebuilt'): Promise<ImageTestReport> {
  const r = runner();
  runners.push(r);
  return testImage({ runner: r, log: new MemoryLogger(), docker: l.bin.docker, registry }, { id: 'e2e', mode, tests }, image);
}

/** A small image of this run, built from the lab's busybox for the given platforms. */
async function busyboxImage(name: string, platforms: string[], dockerfile: string, files: Record<string, Buffer> = {}): Promise<string> {
  const context = mkdtempSync(join(work, `${name}-`));
  writeFileSync(join(context, 'Dockerfile'), dockerfile);
  for (const [file, bytes] of Object.entries(files)) writeFileSync(join(context, file), bytes, { mode: 0o755 });
  const [outcome] = await buildPhase([
    planEntry({ id: name, context, platforms, repository: `${base}/${name}`, labels: {}, buildId: `sha256:${name}` }),
  ]);
  if (outcome?.image === undefined) throw new Error(`${name} was not built: ${outcome?.reason}`);
  return outcome.image;
}

function example(id: string): ImageOutcome {
  const found = outcomes.get(id);
  if (!found) throw new Error(`no outcome for ${id}: ${[...outcomes.keys()].join(', ')}`);
  return found;
}

beforeAll(async () => {
  l = lab();
  base = namespace(l, 'tests');
  work = mkdtempSync(join(tmpdir(), 'image-tests-e2e-'));
  const plan = await examplePlan(base, ['velero', 'python-runner', 'kerberos-test', 'node-app', 'jq']);
  // One velero variant is enough to show its placeholders filled in.
  const entries = plan.filter((e) => e.application !== 'velero' || e.id === 'velero-1.12.3-aws1.8.2');
  for (const o of await buildPhase(entries)) outcomes.set(o.id, o);
});

afterAll(() => {
  // No container any test started is left, whatever happened to it.
  const names = runners.flatMap((r) => r.commands.flatMap((c) => (c.args[0] === 'run' ? [c.args[c.args.indexOf('--name') + 1]] : [])));
  const left = docker(['ps', '-a', '--format', '{{.Names}}']).split('\n');
  expect(names.filter((n) => n !== undefined && left.includes(n))).toEqual([]);
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the examples, tested on their pushed digests', () => {
  it('every example test passes, on the platform digest of the pushed index, as the image’s own user', async () => {
    for (const id of [
      'velero-1.12.3-aws1.8.2',
      'python-runner-3.11.2',
      'kerberos-test-1.0.0',
      'node-app-18.19.0',
      'node-app-18.19.0-debug',
    ]) {
      const o = example(id);
      expect([id, o.status, o.stoppedAt, o.reason], o.reason).toEqual([id, 'passed', undefined, undefined]);
      expect(o.passed, id).toEqual(['build', 'lock-down', 'test']);
      expect(o.tests?.verdict, id).toBe('pass');
      const [platform] = await platformManifests(registry, o.image ?? '');
      const { registry: host, repository } = parseDigestReference(o.image ?? '');
      for (const run of o.tests?.runs ?? []) {
        expect(run.image, id).toBe(`${host}/${repository}@${platform?.digest}`);
        expect([run.platform, run.status, run.problems], id).toEqual(['linux/amd64', 'passed', []]);
      }
      expect(o.evidence.tests, id).toEqual({ image: o.image, verdict: 'pass', passed: o.tests?.runs.length });
    }
    const velero = example('velero-1.12.3-aws1.8.2').tests?.runs[0];
    expect(velero?.command).toEqual(['/bin/cat', '/etc/velero-version', '/plugins/velero-plugin-for-aws']);
    expect(velero?.output).toBe('velero 1.12.3\nvelero-plugin-for-aws 1.8.2 (default)');
    expect(example('python-runner-3.11.2').tests?.runs[0]).toMatchObject({
      user: '65532:65532',
      output: expect.stringMatching(/^OpenSSL 3\./),
    });
    expect(example('kerberos-test-1.0.0').tests?.runs[0]?.output).toBe('/etc/krb5.conf: realm EXAMPLE.ORG is configured');
    // The server answered on its port, then stopped cleanly on SIGTERM (the test expects exit 0).
    expect(example('node-app-18.19.0').tests?.runs[0]).toMatchObject({ exitCode: 0, command: ['/usr/bin/node', '/app/server.js'] });
    expect(example('node-app-18.19.0-debug').tests?.runs[0]?.output).toBe('/busybox/sh\n/usr/bin/node');
  });

  it('the example whose copy lacks its shared libraries stops at its test, with its output, never scanned, and publishing refuses it', async () => {
    const o = example('jq-1.6');
    expect(o).toMatchObject({ status: 'stopped', stoppedAt: 'test', passed: ['build', 'lock-down'], published: [] });
    expect(o.reason).toMatch(
      /^test 'prints its version' failed on linux\/amd64 \(.*@sha256:[0-9a-f]{64}, exit code 127\): exited with code 127, expected 0/,
    );
    expect(o.reason).toContain('the shared library libjq.so.1 is missing from the image');
    expect(o.reason).toMatch(/command: \/usr\/bin\/jq --version, as user 65532:65532/);
    expect(o.reason).toMatch(/output: \/usr\/bin\/jq: error while loading shared libraries: libjq\.so\.1: cannot open shared object file/);
    expect(scanned).not.toContain('jq-1.6');
    // Even with a passing scan and signature claimed for it, publishing refuses the digest, and tags nothing.
    const entry = (await examplePlan(base, ['jq'])).find((e) => e.id === 'jq-1.6');
    const image = o.image ?? '';
    const claimed = { ...o.evidence, scan: { image, verdict: 'pass' as const }, signature: { image, verified: true } };
    const refused = publish(
      registry,
      new MemoryLogger(),
      { image, tags: entry?.tags ?? [], tests: entry ? declaredTests(entry) : 1 },
      claimed,
    );
    await expect(refused).rejects.toThrow(PublishRefusedError);
    await expect(refused).rejects.toThrow(/its tests failed/);
    expect(await tagsOf(`${base}/jq`)).toEqual([]);
  });
});

describe('the limits a test runs under', () => {
  it('read-only, no capabilities, no privilege gain, no network, the image’s user; tmpfs, memory, env and port each do what they say', async () => {
    const image = example('python-runner-3.11.2').image ?? '';
    const py = (name: string, code: string, extra: Partial<ImageTest> = {}) => test({ name, args: ['-c', code], ...extra });
    const report = await runTests(image, [
      py('no capabilities, no new privileges', "print(open('/proc/self/status').read())", {
        expect: { exit: 0, stdout: '^CapEff:\\s+0{16}$[\\s\\S]*^NoNewPrivs:\\s+1$' },
      }),
      py('only the loopback interface', 'import socket; print(socket.if_nameindex())', {
        expect: { exit: 0, stdout: "^\\[\\(1, 'lo'\\)\\]$" },
      }),
      py('as the image user', 'import os; print(os.getuid(), os.getgid())', { expect: { exit: 0, stdout: '^65532 65532$' } }),
      py('writes /tmp without tmpfs', "open('/tmp/x', 'w').write('x')"),
      py('writes /tmp with tmpfs', "open('/tmp/x', 'w').write('x')", { tmpfs: ['/tmp'] }),
      py('reads its env', "import os; print(os.environ['GREETING'])", {
        env: { GREETING: 'hello $HOME && bye' },
        expect: { exit: 0, stdout: '^hello \\$HOME && bye$' },
      }),
      py('64 MB in 32 MB', 'b = bytearray(64 * 1024 * 1024); print(len(b))', { memory: '32m' }),
      py('64 MB in 256 MB', 'b = bytearray(64 * 1024 * 1024); print(len(b))', { memory: '256m' }),
    ]);
    const byName = new Map(report.runs.map((r) => [r.test, r]));
    for (const name of [
      'no capabilities, no new privileges',
      'only the loopback interface',
      'as the image user',
      'writes /tmp with tmpfs',
      'reads its env',
      '64 MB in 256 MB',
    ])
      expect([name, byName.get(name)?.status, byName.get(name)?.problems], byName.get(name)?.output).toEqual([name, 'passed', []]);
    expect(byName.get('writes /tmp without tmpfs')).toMatchObject({ status: 'failed', exitCode: 1 });
    expect(byName.get('writes /tmp without tmpfs')?.problems.join('\n')).toMatch(
      /wrote to the read-only filesystem: declare the directory it writes as 'tmpfs'/,
    );
    // Killed by the kernel's OOM killer in its cgroup: 137.
    expect(byName.get('64 MB in 32 MB')).toMatchObject({ status: 'failed', exitCode: 137 });
    expect(report.verdict).toBe('fail');
  });

  it('a port test is probed on the port it declares, with the environment it gives', async () => {
    const image = example('node-app-18.19.0').image ?? '';
    const health = { path: '/healthz', status: 200, body: '^ok$' };
    const report = await runTests(image, [
      test({ name: 'on 9090', env: { PORT: '9090' }, port: 9090, http: health, expect: {}, timeout: 20 }),
      test({ name: 'probed on 8080, listening on 9090', env: { PORT: '9090' }, port: 8080, http: health, expect: {}, timeout: 4 }),
      test({ name: 'a path it does not serve', port: 8080, http: { path: '/ready', status: 200 }, expect: {}, timeout: 4 }),
    ]);
    expect(
      report.runs.map((r) => [r.test, r.status]),
      JSON.stringify(report.runs, null, 1),
    ).toEqual([
      ['on 9090', 'passed'],
      ['probed on 8080, listening on 9090', 'failed'],
      ['a path it does not serve', 'failed'],
    ]);
    expect(report.runs[1]?.problems[0]).toMatch(/^port 8080 did not answer GET \/healthz with 200 within 4s \(last: /);
    expect(report.runs[2]?.problems[0]).toMatch(/^port 8080 did not answer GET \/ready with 200 within 4s \(last: status 404\)/);
  });

  it('a test that would need a shell fails clearly: the image has none, and nothing wraps a command in one', async () => {
    const image = example('python-runner-3.11.2').image ?? '';
    const report = await runTests(image, [
      test({ name: 'through sh -c', entrypoint: ['/bin/sh', '-c', 'python3.11 --version'] }),
      // Shell syntax in an argument is just text: no expansion, no pipe.
      test({
        name: 'shell syntax in args',
        args: ['-c', 'import sys; print(sys.argv)', '$HOME', '|', 'cat'],
        expect: { exit: 0, stdout: "\\['-c', '\\$HOME', '\\|', 'cat'\\]" },
      }),
    ]);
    const [shell, syntax] = report.runs;
    expect(shell).toMatchObject({ status: 'failed', command: ['/bin/sh', '-c', 'python3.11 --version'] });
    expect(shell?.problems[0]).toMatch(/^the container did not start: .*exec: "\/bin\/sh": stat \/bin\/sh: no such file or directory/);
    expect(shell?.problems[1]).toMatch(/^\/bin\/sh is a shell: a prebuilt image has none, and tests never use one/);
    expect([syntax?.status, syntax?.problems]).toEqual(['passed', []]);
  });

  it('a test that hangs is killed at its timeout and leaves no container behind', async () => {
    const image = example('velero-1.12.3-aws1.8.2').image ?? '';
    const name = `hangs ${randomBytes(4).toString('hex')}`;
    const before = docker(['ps', '-a', '--filter', `label=org.image-actions.test=${name}`, '--format', '{{.ID}}']);
    const started = Date.now();
    const running = runTests(image, [test({ name, entrypoint: ['/bin/sleep', '600'], timeout: 3 })], 'layered');
    // While it hangs, its container is there (so the check below can see one).
    let seen = '';
    while (seen === '' && Date.now() - started < 30_000) {
      seen = docker(['ps', '-a', '--filter', `label=org.image-actions.test=${name}`, '--format', '{{.ID}}']).trim();
      if (seen === '') await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(seen).not.toBe('');
    const report = await running;
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(report.runs[0]).toMatchObject({ status: 'failed', problems: ['did not finish within 3s; the container was killed'] });
    expect(report.runs[0]?.exitCode).toBeUndefined();
    expect(docker(['ps', '-a', '--filter', `label=org.image-actions.test=${name}`, '--format', '{{.ID}}'])).toBe(before);
  });
});

describe('platforms', () => {
  it('a multi-platform image runs its tests on amd64 and arm64 (QEMU), each on its own platform digest', async () => {
    const image = await busyboxImage(
      'multi',
      ['linux/amd64', 'linux/arm64'],
      'FROM busybox:stable\nUSER 65532:65532\nENTRYPOINT ["/bin/uname"]\nCMD ["-s"]\n',
    );
    const report = await runTests(
      image,
      [test({ name: 'its machine', args: ['-m'], expect: { exit: 0, stdout: '^(x86_64|aarch64)$' } })],
      'layered',
    );
    const index = await platformManifests(registry, image);
    const { registry: host, repository } = parseDigestReference(image);
    expect(report.runs.map((r) => [r.platform, r.status, r.output, r.image]).sort()).toEqual(
      [
        ['linux/amd64', 'passed', 'x86_64', `${host}/${repository}@${index.find((p) => p.platform === 'linux/amd64')?.digest}`],
        ['linux/arm64', 'passed', 'aarch64', `${host}/${repository}@${index.find((p) => p.platform === 'linux/arm64')?.digest}`],
      ].sort(),
    );
    expect(new Set(report.runs.map((r) => r.image)).size).toBe(2);
    expect([report.verdict, report.passedTests]).toEqual(['pass', 1]);
  });

  it('a platform this engine cannot execute is reported as not tested, and the gate fails', async () => {
    // The start of an s390x ELF executable: the kernel refuses it (ENOEXEC) as it refuses any s390x binary with no emulator registered.
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x16]), Buffer.alloc(44)]);
    const image = await busyboxImage('foreign', ['linux/s390x'], 'FROM scratch\nCOPY tool /tool\nUSER 65532\nENTRYPOINT ["/tool"]\n', {
      tool: elf,
    });
    const report = await runTests(image, [test({ name: 'starts' })]);
    expect(report.runs[0]).toMatchObject({ platform: 'linux/s390x', status: 'not-tested' });
    expect(report.runs[0]?.problems[0]).toMatch(
      /^this docker engine cannot execute linux\/s390x binaries \(exec \/tool: exec format error\)/,
    );
    expect([report.verdict, report.passedTests]).toEqual(['fail', 0]);
  });
});
