import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BuildRequest, buildxFeatures, runBuild } from '../../../packages/buildx/index.js';
import { MemoryLogger } from '../../../packages/logging/index.js';
import type { Command, CommandResult, CommandRunner } from '../../../packages/process/index.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'buildx', name), 'utf8');
const DIGEST = `sha256:${'a'.repeat(64)}`;

/** Plays buildx: each run takes the next scripted outcome; a successful one writes the metadata file. */
class ScriptedBuildx implements CommandRunner {
  readonly commands: Command[] = [];
  constructor(private readonly outcomes: Array<{ exitCode: number; stderr: string; pushed: boolean }>) {}
  async run(command: Command): Promise<CommandResult> {
    this.commands.push(command);
    const outcome = this.outcomes.shift();
    if (!outcome) throw new Error('buildx run more often than scripted');
    const file = command.args[command.args.indexOf('--metadata-file') + 1];
    if (outcome.pushed && file) writeFileSync(file, JSON.stringify({ 'containerimage.digest': DIGEST }));
    return { exitCode: outcome.exitCode, stdout: '', stderr: outcome.stderr };
  }
}

let dir: string;
let request: BuildRequest;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'run-build-'));
  request = {
    context: '.',
    buildArgs: {},
    platforms: [],
    labels: {},
    repository: '127.0.0.1:5001/e/app',
    secrets: [{ id: 'token', env: 'IMAGE_ACTIONS_BUILD_SECRET_0' }],
    contexts: {},
    cache: { kind: 'none' },
    sbom: false,
    provenance: false,
    metadataFile: join(dir, 'metadata.json'),
  };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function build(outcomes: ConstructorParameters<typeof ScriptedBuildx>[0], attempts = 3) {
  const runner = new ScriptedBuildx(outcomes);
  const log = new MemoryLogger();
  const waits: number[] = [];
  const run = runBuild({
    runner,
    log,
    docker: 'docker',
    features: buildxFeatures('0.38.1'),
    request,
    secretValues: { IMAGE_ACTIONS_BUILD_SECRET_0: 'hunter2' },
    retry: { attempts, baseDelayMs: 10, maxDelayMs: 100 },
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  return { runner, log, waits, run };
}

const pushed = { exitCode: 0, stderr: '', pushed: true };
const unavailable = { exitCode: 1, stderr: fixture('push-503.stderr'), pushed: false };

describe('runBuild', () => {
  it('pushes by digest and returns the full reference', async () => {
    const { run, runner } = await build([pushed]);
    const output = await run;
    expect(output.image).toBe(`127.0.0.1:5001/e/app@${DIGEST}`);
    expect(output.attempts).toBe(1);
    expect(runner.commands[0]?.env).toEqual({ IMAGE_ACTIONS_BUILD_SECRET_0: 'hunter2' });
    expect(runner.commands[0]?.args.join(' ')).not.toContain('hunter2');
  });

  it('retries a push the registry answered with 503, logging each retry', async () => {
    const { run, log, waits } = await build([unavailable, unavailable, pushed]);
    const output = await run;
    expect(output.attempts).toBe(3);
    expect(waits).toHaveLength(2);
    expect(log.messages('warning')).toEqual([
      expect.stringMatching(/^build attempt 1 of 3 failed: registry error \(5xx\); retrying in /),
      expect.stringMatching(/^build attempt 2 of 3 failed: registry error \(5xx\); retrying in /),
    ]);
  });

  it('gives up after the last attempt, saying why and how often', async () => {
    const { run } = await build([unavailable, unavailable, unavailable]);
    await expect(run).rejects.toThrow(
      /docker buildx build failed \(exit code 1\): failed to build: .*503 Service Unavailable \(gave up after 3 attempts\)/,
    );
  });

  it('does not retry a build that failed on its own', async () => {
    const failed = {
      exitCode: 1,
      stderr:
        '#5 ERROR: process "/bin/sh -c make" did not complete successfully: exit code: 2\nERROR: failed to build: failed to solve: process "/bin/sh -c make" did not complete successfully: exit code: 2',
      pushed: false,
    };
    const { run, runner } = await build([failed, pushed]);
    await expect(run).rejects.toThrow(/did not complete successfully/);
    expect(runner.commands).toHaveLength(1);
  });

  it('warns about a cache that was not exported, and keeps the pushed image', async () => {
    const { run, log } = await build([{ exitCode: 0, stderr: fixture('cache-export-refused.stderr'), pushed: true }]);
    const output = await run;
    expect(output.image).toContain(DIGEST);
    expect(output.warnings).toEqual([
      expect.stringMatching(/^the build cache was not exported \(the image was pushed\): error writing layer blob.*connection refused/),
    ]);
    expect(log.messages('warning')).toEqual(output.warnings);
  });

  it('accepts a non-zero exit caused only by the cache export when the image was pushed', async () => {
    const stderr =
      '#9 exporting cache to registry\n#9 ERROR: failed to export cache: 500 Internal Server Error\nERROR: failed to build: failed to export cache: 500 Internal Server Error';
    const { run, runner } = await build([{ exitCode: 1, stderr, pushed: true }]);
    const output = await run;
    expect(runner.commands).toHaveLength(1);
    expect(output.warnings).toHaveLength(2);
  });
});
