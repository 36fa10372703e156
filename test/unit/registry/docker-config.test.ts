import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CommandRunner, withEnvironment } from '../../../packages/process/index.js';
import { type CredentialResolver, writeDockerConfig } from '../../../packages/registry/index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const resolver: CredentialResolver = {
  where: 'test',
  resolve: async (host) =>
    host === 'basic.example'
      ? { credential: { kind: 'basic', username: 'u', password: 'p:w' }, source: 'test' }
      : host === 'docker.io'
        ? { credential: { kind: 'identity-token', token: 'refresh' }, source: 'test' }
        : undefined,
};

describe('a docker config of the step\u2019s own', () => {
  it('holds the login found for each host, in the keys docker uses, readable by its owner only', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'docker-config-')), 'docker');
    dirs.push(dir);
    const held = await writeDockerConfig(dir, ['basic.example', 'anonymous.example', 'docker.io', 'basic.example'], resolver);
    expect(held).toEqual(['basic.example', 'https://index.docker.io/v1/']);
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))).toEqual({
      auths: {
        'basic.example': { auth: Buffer.from('u:p:w').toString('base64') },
        'https://index.docker.io/v1/': { identitytoken: 'refresh' },
      },
    });
    expect(statSync(join(dir, 'config.json')).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('reaches the tools through their environment, each command keeping its own variables', async () => {
    const seen: Array<Record<string, string> | undefined> = [];
    const inner: CommandRunner = {
      run: async (command) => {
        seen.push(command.env);
        return { exitCode: 0, stdout: '', stderr: '' };
      },
    };
    const runner = withEnvironment(inner, { DOCKER_CONFIG: '/private' });
    await runner.run({ file: 'cosign', args: [] });
    await runner.run({ file: 'regctl', args: [], env: { REGCTL_CONFIG: '/r', DOCKER_CONFIG: '/own' } });
    expect(seen).toEqual([{ DOCKER_CONFIG: '/private' }, { REGCTL_CONFIG: '/r', DOCKER_CONFIG: '/own' }]);
  });
});
