import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPrebuilt } from '../../packages/buildx/index.js';
import { MemoryLogger } from '../../packages/logging/index.js';
import type { PlanEntry } from '../../packages/plan/index.js';
import { ExplicitCredentials, RegistryClient } from '../../packages/registry/index.js';
import { planEntry } from '../harness/plan-entry.js';
import { buildOptions, RecordingRunner } from './build-lab.js';
import { type DockerConfig, freshDockerConfig } from './docker-config.js';
import { type Lab, lab } from './lab.js';

/**
 * A real login to the lab registry behind basic auth: the password reaches
 * `docker login` on stdin only, the build pushes with it, and the logout at
 * the end leaves no credentials. A private DOCKER_CONFIG (with the lab's
 * builder) keeps the machine's own docker configuration untouched.
 */

let l: Lab;
let dockerConfig: DockerConfig;
let context: string;
let env: Record<string, string>;

beforeAll(() => {
  l = lab();
  dockerConfig = freshDockerConfig();
  env = { ...l.env, ...dockerConfig.env };
  context = mkdtempSync(join(tmpdir(), 'build-login-'));
  writeFileSync(join(context, 'Dockerfile'), 'FROM busybox:stable\nCOPY hello /hello\nUSER 65532\nENTRYPOINT ["/bin/cat", "/hello"]\n');
  writeFileSync(join(context, 'hello'), 'hello from behind a login\n');
});

afterAll(() => {
  dockerConfig.remove();
  rmSync(context, { recursive: true, force: true });
});

function entry(repository: string): PlanEntry {
  return planEntry({ id: 'login', context, repository, buildId: 'sha256:login' });
}

describe('registry login with basic auth', () => {
  it('logs in with the password on stdin, pushes by digest, and logs out', async () => {
    const { host, username, password } = l.authRegistry;
    const repository = `${host}/e2e-build-login/app-${Date.now()}`;
    const runner = new RecordingRunner(env);
    const log = new MemoryLogger();
    const result = await buildPrebuilt(
      runner,
      log,
      buildOptions(l, entry(repository), { login: { registry: host, username, password }, sbom: false }),
    );

    expect(result.main.image).toMatch(new RegExp(`^${repository.replace(/[.]/g, '\\.')}@sha256:[a-f0-9]{64}$`));
    const manifest = await new RegistryClient({ credentials: new ExplicitCredentials({ [host]: { username, password } }) }).manifest(
      host,
      repository.slice(host.length + 1),
      result.main.metadata.digest,
    );
    expect(manifest.digest).toBe(result.main.metadata.digest);

    const login = runner.commands.find((c) => c.args[0] === 'login');
    expect(login?.args).toEqual(['login', host, '--username', username, '--password-stdin']);
    expect(login?.stdin).toBe(password);
    for (const command of runner.commands) expect(command.args.join(' ')).not.toContain(password);
    expect(log.secrets).toContain(password);
    expect(log.records.map((r) => r.message).join('\n')).not.toContain(password);

    expect(runner.commands.at(-1)?.args).toEqual(['logout', host]);
    const config = JSON.parse(readFileSync(join(dockerConfig.dir, 'config.json'), 'utf8')) as { auths?: Record<string, unknown> };
    expect(config.auths?.[host]).toBeUndefined();
  });

  it('without a login, it stops before building, naming the host and the ways to log in', async () => {
    const repository = `${l.authRegistry.host}/e2e-build-login/anonymous-${Date.now()}`;
    const runner = new RecordingRunner(env);
    const run = buildPrebuilt(runner, new MemoryLogger(), buildOptions(l, entry(repository), { sbom: false, provenance: false }));
    await expect(run).rejects.toThrow(
      new RegExp(
        `^${l.authRegistry.host.replace(/\./g, '\\.')} asks for a login .*none was found for it\\. Log in with .*registry-username.*docker login.*credHelpers`,
      ),
    );
    expect(runner.commands.some((c) => c.args[1] === 'build')).toBe(false);
  });

  it('a wrong password fails the login at once, without retries and without echoing it', async () => {
    const wrong = 'not-the-password-0123';
    const log = new MemoryLogger();
    const runner = new RecordingRunner(env);
    const run = buildPrebuilt(
      runner,
      log,
      buildOptions(l, entry(`${l.authRegistry.host}/e2e-build-login/wrong`), {
        login: { registry: l.authRegistry.host, username: 'lab', password: wrong },
      }),
    );
    const error = await run.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/docker login exited with code 1/);
    expect((error as Error).message).not.toContain(wrong);
    expect(runner.commands.filter((c) => c.args[0] === 'login')).toHaveLength(1);
    expect(runner.commands.some((c) => c.args[1] === 'build')).toBe(false);
  });
});
