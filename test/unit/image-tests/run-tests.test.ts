import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ImageTest, TestSpec } from '../../../packages/catalog/index.js';
import { type Probe, testImage } from '../../../packages/image-tests/index.js';
import { MemoryLogger } from '../../../packages/logging/index.js';
import type { Command, CommandResult, CommandRunner } from '../../../packages/process/index.js';
import { ANONYMOUS, RegistryClient } from '../../../packages/registry/index.js';

/**
 * testImage against a scripted docker CLI and a registry answering at the
 * HTTP boundary: which commands it runs, in what order, and what it makes of
 * their answers. The real engine is in test/e2e/image-tests.test.ts.
 */

const sha = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;
const manifest = (arch: string) =>
  JSON.stringify({ mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { digest: sha(arch), size: 2 }, layers: [] });
const platforms = { amd64: manifest('amd64'), arm64: manifest('arm64') };
const index = JSON.stringify({
  mediaType: 'application/vnd.oci.image.index.v1+json',
  manifests: [
    ...Object.entries(platforms).map(([arch, body]) => ({
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: sha(body),
      platform: { os: 'linux', architecture: arch },
    })),
    {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: sha('attestation'),
      platform: { os: 'unknown', architecture: 'unknown' },
    },
  ],
});
const IMAGE = `127.0.0.1:5001/org/app@${sha(index)}`;
const registry = new RegistryClient({
  credentials: ANONYMOUS,
  fetch: (async (url: string | URL | Request) => {
    const digest = String(url).split('/manifests/')[1] ?? '';
    const body = [index, ...Object.values(platforms)].find((b) => sha(b) === digest);
    return body === undefined
      ? new Response('', { status: 404 })
      : new Response(body, { headers: { 'content-type': JSON.parse(body).mediaType } });
  }) as typeof fetch,
});

type Answer = Partial<CommandResult> | Promise<Partial<CommandResult>>;

/** A docker CLI that answers by subcommand, as the real one would for these cases, and keeps what it was asked. */
class ScriptedDocker implements CommandRunner {
  readonly calls: string[][] = [];
  present = new Set<string>();
  removals = 0;
  constructor(private readonly answer: (args: readonly string[], self: ScriptedDocker) => Answer | undefined = () => undefined) {}
  async run(command: Command): Promise<CommandResult> {
    const args = command.args;
    this.calls.push([...args]);
    const scripted = await this.answer(args, this);
    if (scripted !== undefined) return { exitCode: 0, stdout: '', stderr: '', ...scripted };
    if (args[0] === 'version') return { exitCode: 0, stdout: 'linux/amd64\n', stderr: '' };
    if (args[0] === 'image' && args[1] === 'inspect' && args[3] === '{{.Id}}')
      return this.present.has(args[4] ?? '')
        ? { exitCode: 0, stdout: 'sha256:id\n', stderr: '' }
        : { exitCode: 1, stdout: '', stderr: 'Error: No such image' };
    if (args[0] === 'pull') {
      this.present.add(args.at(-1) ?? '');
      return { exitCode: 0, stdout: '', stderr: '' };
    }
    if (args[0] === 'image' && args[1] === 'inspect')
      return { exitCode: 0, stdout: JSON.stringify({ User: '65532:65532', Entrypoint: ['/usr/bin/app'], Cmd: null }), stderr: '' };
    if (args[0] === 'rm') {
      this.removals += 1;
      return { exitCode: 0, stdout: '', stderr: '' };
    }
    if (args[0] === 'container' && args[1] === 'inspect' && args[3] === '{{.Id}}')
      return { exitCode: 1, stdout: '', stderr: `Error: No such object: ${args[4]}` };
    return { exitCode: 0, stdout: '', stderr: '' };
  }
}

/** A docker running a server under test: published on 49153, in the given state, with the given logs. */
function serverDocker(server: { running: string; exit: string; logs: Partial<CommandResult> }): ScriptedDocker {
  const answers: Record<string, Partial<CommandResult>> = {
    port: { stdout: '127.0.0.1:49153\n' },
    '{{.State.Running}} {{.State.ExitCode}}': { stdout: `${server.running}\n` },
    '{{.State.ExitCode}}': { stdout: `${server.exit}\n` },
    logs: server.logs,
  };
  return new ScriptedDocker((args) => answers[args[0] === 'container' ? (args[3] ?? '') : (args[0] ?? '')]);
}

const test = (fields: Partial<ImageTest>): ImageTest => ({
  name: 'prints its version',
  env: {},
  tmpfs: [],
  expect: { exit: 0 },
  timeout: 30,
  memory: '512m',
  ...fields,
});

async function run(docker: ScriptedDocker, tests: TestSpec[], probe?: Probe) {
  return testImage(
    { runner: docker, log: new MemoryLogger(), docker: 'docker', registry, ...(probe ? { probe } : {}) },
    { id: 'app-1.0.0', mode: 'prebuilt', tests },
    IMAGE,
  );
}

describe('testImage', () => {
  it('runs every test on each platform manifest of the index, by its digest, and removes what it pulled', async () => {
    const docker = new ScriptedDocker((args) => (args[0] === 'run' ? { stdout: 'app 1.0.0\n' } : undefined));
    const report = await run(docker, [
      test({ args: ['--version'], expect: { exit: 0, stdout: '^app 1\\.0\\.0$' } }),
      { name: 'serves health', skip: 'no server in 1.0' },
    ]);
    const amd64 = `127.0.0.1:5001/org/app@${sha(platforms.amd64)}`;
    const arm64 = `127.0.0.1:5001/org/app@${sha(platforms.arm64)}`;
    expect(report.platforms.map((p) => p.platform)).toEqual(['linux/amd64', 'linux/arm64']);
    expect(report.runs.map((r) => [r.test, r.platform, r.image, r.status])).toEqual([
      ['prints its version', 'linux/amd64', amd64, 'passed'],
      ['serves health', 'linux/amd64', amd64, 'skipped'],
      ['prints its version', 'linux/arm64', arm64, 'passed'],
      ['serves health', 'linux/arm64', arm64, 'skipped'],
    ]);
    expect(report.runs[0]).toMatchObject({ command: ['/usr/bin/app', '--version'], user: '65532:65532', exitCode: 0, output: 'app 1.0.0' });
    expect(report.runs[1]?.problems).toEqual(['no server in 1.0']);
    expect([report.verdict, report.passedTests]).toEqual(['pass', 1]);
    expect(docker.calls.filter((c) => c[0] === 'pull')).toEqual([
      ['pull', '--quiet', '--platform', 'linux/amd64', amd64],
      ['pull', '--quiet', '--platform', 'linux/arm64', arm64],
    ]);
    const runs = docker.calls.filter((c) => c[0] === 'run');
    expect(runs.map((c) => [c[c.indexOf('--platform') + 1], c.at(-2)])).toEqual([
      ['linux/amd64', amd64],
      ['linux/arm64', arm64],
    ]);
    expect(docker.calls.filter((c) => c[0] === 'image' && c[1] === 'rm').map((c) => c[2])).toEqual([amd64, arm64]);
  });

  it('leaves an image the engine already had', async () => {
    const docker = new ScriptedDocker();
    docker.present.add(`127.0.0.1:5001/org/app@${sha(platforms.amd64)}`);
    await run(docker, [test({})]);
    expect(docker.calls.filter((c) => c[0] === 'image' && c[1] === 'rm').map((c) => c[2])).toEqual([
      `127.0.0.1:5001/org/app@${sha(platforms.arm64)}`,
    ]);
  });

  it('kills a hanging test at its timeout, again until docker run returns (the container may not exist yet at the deadline)', async () => {
    let release: (value: Partial<CommandResult>) => void = () => {};
    const hanging = new Promise<Partial<CommandResult>>((resolve) => {
      release = resolve;
    });
    const docker = new ScriptedDocker((args, self) => {
      if (args[0] === 'run') return hanging;
      if (args[0] === 'rm') {
        self.removals += 1;
        // The first removal comes before the container was created; the second one kills it.
        if (self.removals === 1) return { exitCode: 1, stderr: `Error: No such container: ${args[2]}` };
        release({ exitCode: 137, stderr: '' });
        return { exitCode: 0 };
      }
      return undefined;
    });
    const started = Date.now();
    const report = await testImage(
      { runner: docker, log: new MemoryLogger(), docker: 'docker', registry },
      { id: 'app-1.0.0', mode: 'prebuilt', tests: [test({ timeout: 0.05 })] },
      IMAGE,
    ).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(10_000);
    if (report instanceof Error) throw report;
    const first = (report as Awaited<ReturnType<typeof testImage>>).runs[0];
    expect(first).toMatchObject({ status: 'failed', problems: ['did not finish within 50ms; the container was killed'] });
    expect(first?.exitCode).toBeUndefined();
    const name = docker.calls.find((c) => c[0] === 'run')?.[2];
    expect(docker.calls.filter((c) => c[0] === 'rm' && c[2] === name).length).toBeGreaterThanOrEqual(2);
  });

  it('probes a port test until it answers as expected, then stops it and reads its exit code and logs', async () => {
    const seen: Array<[string, number, string]> = [];
    let tries = 0;
    const probe: Probe = async (host, port, path) => {
      seen.push([host, port, path]);
      tries += 1;
      if (tries === 1) throw new Error('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:49153') });
      if (tries === 2) return { status: 503, body: 'starting' };
      return { status: 200, body: 'ok\n' };
    };
    const docker = serverDocker({ running: 'true 0', exit: '0', logs: { stdout: 'listening on 8080\n' } });
    const health = test({ name: 'serves health', port: 8080, http: { path: '/healthz', status: 200, body: '^ok$' }, expect: { exit: 0 } });
    const report = await run(docker, [health], probe);
    expect(report.runs[0]).toMatchObject({ status: 'passed', exitCode: 0, output: 'listening on 8080' });
    expect(seen.slice(0, 3)).toEqual([
      ['127.0.0.1', 49153, '/healthz'],
      ['127.0.0.1', 49153, '/healthz'],
      ['127.0.0.1', 49153, '/healthz'],
    ]);
    const name = docker.calls.find((c) => c[0] === 'run')?.[2] ?? '';
    const order = docker.calls.filter((c) => c.includes(name) && c[0] !== 'run').map((c) => (c[0] === 'container' ? c[3] : c[0]));
    expect(order.slice(0, 2)).toEqual(['port', '{{.State.Running}} {{.State.ExitCode}}']);
    expect(order.slice(2, 6)).toEqual(['stop', '{{.State.ExitCode}}', 'logs', 'rm']);
  });

  it('fails a port test whose server exits before it answers, with its exit code and logs', async () => {
    const docker = serverDocker({
      running: 'false 1',
      exit: '1',
      logs: { stderr: 'Error: listen EACCES: permission denied 0.0.0.0:80\n' },
    });
    const refused: Probe = async () => {
      throw new Error('connect ECONNREFUSED');
    };
    const report = await run(docker, [test({ name: 'serves', port: 80, http: { path: '/', status: 200 }, expect: {} })], refused);
    expect(report.runs[0]).toMatchObject({ status: 'failed', exitCode: 1, output: 'Error: listen EACCES: permission denied 0.0.0.0:80' });
    expect(report.runs[0]?.problems).toEqual(['the container exited with code 1 before answering on port 80']);
    expect(report.verdict).toBe('fail');
  });

  it('refuses an index with no platform image rather than passing it', async () => {
    const empty = JSON.stringify({ mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [] });
    const client = new RegistryClient({
      credentials: ANONYMOUS,
      fetch: (async () => new Response(empty, { headers: { 'content-type': 'application/vnd.oci.image.index.v1+json' } })) as typeof fetch,
    });
    await expect(
      testImage(
        { runner: new ScriptedDocker(), log: new MemoryLogger(), docker: 'docker', registry: client },
        { id: 'x', mode: 'prebuilt', tests: [test({})] },
        `127.0.0.1:5001/org/app@${sha(empty)}`,
      ),
    ).rejects.toThrow(/has no platform image to test/);
  });
});
