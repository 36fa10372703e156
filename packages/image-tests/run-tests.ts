import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type ImageMode, type ImageTest, isSkipped, type TestSpec } from '../catalog/model.js';
import type { Logger } from '../logging/index.js';
import { parseDigestReference } from '../oci/index.js';
import { platformManifests } from '../prebuilt/read-image.js';
import type { Command, CommandResult, CommandRunner } from '../process/index.js';
import type { RegistryClient } from '../registry/index.js';
import { effectiveCommand, runArguments, STOP_SECONDS } from './docker-args.js';
import { type ContainerRun, formatSeconds, judgeRun, outputTail } from './judge.js';
import { httpProbe, type Probe } from './probe.js';

export type TestStatus = 'passed' | 'failed' | 'not-tested' | 'skipped';

/** One test on one platform image. */
export interface TestRun {
  test: string;
  platform: string;
  /** The platform image that ran, `registry/repository@sha256:...` (never an index, a stage or a tag). */
  image: string;
  /** What the container ran: its executable, then its arguments. */
  command: string[];
  /** The image's own user, as its config says (`''` is root). */
  user: string;
  status: TestStatus;
  exitCode?: number;
  durationMs: number;
  /** Why it failed, was not tested, or was skipped; empty when it passed. */
  problems: string[];
  /** The last lines the container printed. */
  output: string;
}

export interface ImageTestReport {
  /** The digest whose platform images were tested. */
  image: string;
  platforms: Array<{ platform: string; digest: string }>;
  runs: TestRun[];
  /** `pass` only when every test that is not skipped passed on every platform. */
  verdict: 'pass' | 'fail';
  /** How many declared tests (not skipped) passed on every platform. */
  passedTests: number;
}

export interface ImageTestConfig {
  runner: CommandRunner;
  log: Logger;
  /** The docker CLI; its engine pulls and runs the images. */
  docker: string;
  /** Resolves the index to its platform manifests. */
  registry: RegistryClient;
  probe?: Probe;
}

export interface TestSubject {
  id: string;
  mode: ImageMode;
  tests: readonly TestSpec[];
}

/**
 * Runs an entry's tests on the pushed digest itself: each platform's own
 * manifest, resolved from the index through the registry, pulled by digest
 * and run by that digest with `--platform`, so the engine refuses anything
 * else. Every container is removed, also when a test hangs and is killed at
 * its timeout; an image this run pulled is removed again afterwards.
 */
export async function testImage(config: ImageTestConfig, subject: TestSubject, image: string): Promise<ImageTestReport> {
  const reference = parseDigestReference(image, 'image to test');
  const platforms = (await platformManifests(config.registry, image)).filter((p) => p.platform !== 'unknown');
  if (platforms.length === 0) throw new Error(`${image} has no platform image to test`);
  const engine = await enginePlatform(config);
  const runs: TestRun[] = [];
  for (const { platform, digest } of platforms) {
    const platformImage = `${reference.registry}/${reference.repository}@${digest}`;
    const pulled = await pull(config, platformImage, platform);
    try {
      const imageConfig = await inspectConfig(config, platformImage);
      const foreign = osArch(platform) !== engine;
      for (const test of subject.tests) {
        if (isSkipped(test)) {
          runs.push(skippedRun(test.name, test.skip, platform, platformImage, imageConfig.user));
          continue;
        }
        const run = await runTest(config, test, { platform, image: platformImage, config: imageConfig, foreign });
        config.log.info(
          `${subject.id}: test '${test.name}' on ${platform}: ${run.status}${run.problems.length > 0 ? `: ${run.problems.join('; ')}` : ''}`,
        );
        runs.push(run);
      }
    } finally {
      if (pulled) await removeImage(config, platformImage);
    }
  }
  const runnable = subject.tests.filter((t) => !isSkipped(t));
  const passedTests = runnable.filter((t) => runs.filter((r) => r.test === t.name).every((r) => r.status === 'passed')).length;
  return {
    image,
    platforms: platforms.map(({ platform, digest }) => ({ platform, digest })),
    runs,
    verdict: runs.every((r) => r.status === 'passed' || r.status === 'skipped') ? 'pass' : 'fail',
    passedTests,
  };
}

interface Target {
  platform: string;
  image: string;
  config: ImageConfigView;
  /** Not the engine's own platform: an exec format error means it cannot run here. */
  foreign: boolean;
}

interface ImageConfigView {
  user: string;
  entrypoint: string[];
  cmd: string[];
}

async function runTest(config: ImageTestConfig, test: ImageTest, target: Target): Promise<TestRun> {
  const started = Date.now();
  const command = effectiveCommand(test, target.config);
  const name = `image-test-${randomBytes(6).toString('hex')}`;
  const base = { test: test.name, platform: target.platform, image: target.image, command, user: target.config.user };
  try {
    const outcome = test.port === undefined ? await commandTest(config, test, target, name) : await portTest(config, test, target, name);
    const judged = judgeRun(test, outcome.run, { command, foreign: target.foreign, platform: target.platform }, outcome.problems);
    return {
      ...base,
      status: judged.status,
      ...(outcome.run.timedOut ? {} : { exitCode: outcome.run.exitCode }),
      durationMs: Date.now() - started,
      problems: judged.status === 'passed' ? [] : judged.problems,
      output: outputTail(outcome.run.stdout, outcome.run.stderr),
    };
  } finally {
    await removeContainer(config, name);
  }
}

interface Outcome {
  run: ContainerRun;
  /** What the probe saw, for a port test. */
  problems: string[];
}

/** Attached, with the daemon removing the container when it exits; killed at the timeout. */
async function commandTest(config: ImageTestConfig, test: ImageTest, target: Target, name: string): Promise<Outcome> {
  const command: Command = {
    file: config.docker,
    args: runArguments(test, { name, image: target.image, platform: target.platform, detached: false }),
    quiet: true,
  };
  const { result, timedOut } = await runUntil(config, name, command, test.timeout * 1000);
  return { run: { ...result, timedOut }, problems: [] };
}

/** Started in the background, probed over HTTP on loopback until it answers as expected, stopped, read, removed. */
async function portTest(config: ImageTestConfig, test: ImageTest, target: Target, name: string): Promise<Outcome> {
  const http = test.http ?? { path: '/', status: 200 };
  const port = test.port ?? 0;
  const deadline = Date.now() + test.timeout * 1000;
  const start = await docker(config, runArguments(test, { name, image: target.image, platform: target.platform, detached: true }));
  if (start.exitCode !== 0) return { run: { ...start, timedOut: false }, problems: [] };
  const problems: string[] = [];
  const hostPort = await publishedPort(config, name, port);
  const probe = config.probe ?? httpProbe;
  const body = http.body !== undefined ? new RegExp(http.body, 'm') : undefined;
  let last = 'no answer';
  let answered = false;
  while (!answered) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      problems.push(
        `port ${port} did not answer GET ${http.path} with ${http.status} within ${formatSeconds(test.timeout)} (last: ${last})`,
      );
      break;
    }
    try {
      const answer = await probe('127.0.0.1', hostPort, http.path, Math.min(5000, remaining));
      answered = answer.status === http.status && (body === undefined || body.test(answer.body));
      last = `status ${answer.status}${body !== undefined && !body.test(answer.body) ? `, a body not matching /${http.body}/: ${JSON.stringify(answer.body.slice(0, 200))}` : ''}`;
    } catch (error: unknown) {
      last = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
      const state = await docker(config, ['container', 'inspect', '--format', '{{.State.Running}} {{.State.ExitCode}}', name]);
      const [running, code] = state.stdout.trim().split(' ');
      if (running === 'false') {
        problems.push(`the container exited with code ${code} before answering on port ${port}`);
        break;
      }
    }
    if (!answered) await sleep(Math.max(0, Math.min(250, deadline - Date.now())));
  }
  await docker(config, ['stop', '--time', String(STOP_SECONDS), name]);
  const exit = await docker(config, ['container', 'inspect', '--format', '{{.State.ExitCode}}', name]);
  const logs = await docker(config, ['logs', name]);
  return {
    run: { exitCode: Number(exit.stdout.trim()), stdout: logs.stdout, stderr: logs.stderr, timedOut: false },
    problems,
  };
}

/**
 * Runs `docker run` attached, and at the deadline removes the container by
 * name, again until `docker run` returns: at the deadline the container may
 * not have been created yet.
 */
async function runUntil(
  config: ImageTestConfig,
  name: string,
  command: Command,
  timeoutMs: number,
): Promise<{ result: CommandResult; timedOut: boolean }> {
  let settled = false;
  const running = config.runner.run(command).finally(() => {
    settled = true;
  });
  const timer = new AbortController();
  const deadline = sleep(timeoutMs, 'deadline' as const, { signal: timer.signal }).catch(() => 'done' as const);
  const first = await Promise.race([running, deadline]);
  timer.abort();
  if (first !== 'deadline' && first !== 'done') return { result: first, timedOut: false };
  while (!settled) {
    await docker(config, ['rm', '--force', name]);
    await Promise.race([running, sleep(1000)]);
  }
  return { result: await running, timedOut: true };
}

/**
 * Removes the container and waits until the engine no longer knows it: an
 * attached `--rm` container may still be in removal when `docker run` returns.
 */
async function removeContainer(config: ImageTestConfig, name: string): Promise<void> {
  for (let attempt = 0; attempt < 60; attempt++) {
    const removed = await docker(config, ['rm', '--force', name]);
    const gone = await docker(config, ['container', 'inspect', '--format', '{{.Id}}', name]);
    if (gone.exitCode !== 0 && /no such (container|object)/i.test(gone.stderr)) return;
    if (attempt === 59) throw new Error(`the test container ${name} could not be removed: ${removed.stderr.trim() || gone.stderr.trim()}`);
    await sleep(500);
  }
}

async function publishedPort(config: ImageTestConfig, name: string, port: number): Promise<number> {
  const result = await docker(config, ['port', name, `${port}/tcp`]);
  const hostPort = /^127\.0\.0\.1:(\d+)$/m.exec(result.stdout)?.[1];
  if (hostPort === undefined)
    throw new Error(`docker did not publish port ${port} of ${name}: ${result.stderr.trim() || result.stdout.trim()}`);
  return Number(hostPort);
}

/** Pulls the platform image by digest unless the engine has it; true when this call pulled it. */
async function pull(config: ImageTestConfig, image: string, platform: string): Promise<boolean> {
  const present = await docker(config, ['image', 'inspect', '--format', '{{.Id}}', image]);
  if (present.exitCode === 0) return false;
  const pulled = await docker(config, ['pull', '--quiet', '--platform', platform, image]);
  if (pulled.exitCode !== 0)
    throw new Error(`docker pull ${image} (${platform}) exited with code ${pulled.exitCode}: ${pulled.stderr.trim()}`);
  return true;
}

async function removeImage(config: ImageTestConfig, image: string): Promise<void> {
  const removed = await docker(config, ['image', 'rm', image]);
  if (removed.exitCode !== 0) config.log.debug(`kept ${image}: ${removed.stderr.trim()}`);
}

async function inspectConfig(config: ImageTestConfig, image: string): Promise<ImageConfigView> {
  const result = await docker(config, ['image', 'inspect', '--format', '{{json .Config}}', image]);
  if (result.exitCode !== 0) throw new Error(`docker image inspect ${image} exited with code ${result.exitCode}: ${result.stderr.trim()}`);
  const parsed = JSON.parse(result.stdout) as { User?: string; Entrypoint?: string[] | null; Cmd?: string[] | null } | null;
  return { user: parsed?.User ?? '', entrypoint: parsed?.Entrypoint ?? [], cmd: parsed?.Cmd ?? [] };
}

async function enginePlatform(config: ImageTestConfig): Promise<string> {
  const result = await docker(config, ['version', '--format', '{{.Server.Os}}/{{.Server.Arch}}']);
  if (result.exitCode !== 0) throw new Error(`docker version exited with code ${result.exitCode}: ${result.stderr.trim()}`);
  return result.stdout.trim();
}

function osArch(platform: string): string {
  return platform.split('/').slice(0, 2).join('/');
}

function docker(config: ImageTestConfig, args: string[]): Promise<CommandResult> {
  return config.runner.run({ file: config.docker, args, quiet: true });
}

function skippedRun(test: string, reason: string, platform: string, image: string, user: string): TestRun {
  return { test, platform, image, command: [], user, status: 'skipped', durationMs: 0, problems: [reason], output: '' };
}
