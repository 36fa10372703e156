import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryLogger } from '../../../packages/logging/index.js';
import type { Command, CommandResult, CommandRunner } from '../../../packages/process/index.js';
import { actionCredentials, DockerConfigCredentials, ExplicitCredentials } from '../../../packages/registry/index.js';
import { userErrorFrom } from '../../harness/user-error.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function configDir(config: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'docker-config-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'config.json'), typeof config === 'string' ? config : JSON.stringify(config));
  return dir;
}

/** A credential helper answering by the protocol: `get`, the server URL on stdin, JSON on stdout. */
function helpers(store: Record<string, Record<string, { Username: string; Secret: string }>>): { runner: CommandRunner; calls: Command[] } {
  const calls: Command[] = [];
  const runner: CommandRunner = {
    run: async (command): Promise<CommandResult> => {
      calls.push(command);
      const name = command.file.replace(/^docker-credential-/, '');
      const helper = store[name];
      if (!helper) throw new Error(`Unable to locate executable file: ${command.file}`);
      const server = String(command.stdin);
      const found = helper[server];
      if (!found) return { exitCode: 1, stdout: 'credentials not found in native keychain\n', stderr: '' };
      return { exitCode: 0, stdout: JSON.stringify({ ServerURL: server, ...found }), stderr: '' };
    },
  };
  return { runner, calls };
}

const basic = (username: string, password: string) => Buffer.from(`${username}:${password}`).toString('base64');

describe('DockerConfigCredentials', () => {
  const cases: Array<{
    name: string;
    config: unknown;
    host: string;
    helpers?: Record<string, Record<string, { Username: string; Secret: string }>>;
    want: { username?: string; password?: string; token?: string; source?: RegExp } | undefined;
    asked?: string[];
  }> = [
    {
      name: 'auths: the base64 user:password docker login writes',
      config: { auths: { '127.0.0.1:5002': { auth: basic('lab', 'pa:ss') } } },
      host: '127.0.0.1:5002',
      want: { username: 'lab', password: 'pa:ss', source: /^'auths' in .*config\.json$/ },
    },
    {
      name: 'auths: a key written as a URL still names its host',
      config: { auths: { 'https://registry.example.com/v2/': { username: 'robot', password: 's3cr3t-value' } } },
      host: 'registry.example.com',
      want: { username: 'robot', password: 's3cr3t-value' },
    },
    {
      name: "auths: Docker Hub's login is under its v1 URL",
      config: { auths: { 'https://index.docker.io/v1/': { auth: basic('hubuser', 'hubtoken') } } },
      host: 'docker.io',
      want: { username: 'hubuser', password: 'hubtoken' },
    },
    {
      name: 'auths: an identity token is kept as one',
      config: { auths: { 'myregistry.azurecr.io': { auth: basic('00000000-0000-0000-0000-000000000000', ''), identitytoken: 'refresh' } } },
      host: 'myregistry.azurecr.io',
      want: { token: 'refresh' },
    },
    {
      name: 'another host: none',
      config: { auths: { 'ghcr.io': { auth: basic('u', 'p') } } },
      host: '127.0.0.1:5002',
      want: undefined,
    },
    {
      name: 'credHelpers: the helper named for the host, asked by the protocol',
      config: {
        auths: { '123.dkr.ecr.eu-north-1.amazonaws.com': {} },
        credHelpers: { '123.dkr.ecr.eu-north-1.amazonaws.com': 'ecr-login' },
      },
      host: '123.dkr.ecr.eu-north-1.amazonaws.com',
      helpers: { 'ecr-login': { '123.dkr.ecr.eu-north-1.amazonaws.com': { Username: 'AWS', Secret: 'ecr-token' } } },
      want: { username: 'AWS', password: 'ecr-token', source: /^credential helper docker-credential-ecr-login \('credHelpers' in / },
      asked: ['docker-credential-ecr-login get 123.dkr.ecr.eu-north-1.amazonaws.com'],
    },
    {
      name: 'credHelpers wins over auths for the same host',
      config: { auths: { 'europe-docker.pkg.dev': { auth: basic('stale', 'stale') } }, credHelpers: { 'europe-docker.pkg.dev': 'gcloud' } },
      host: 'europe-docker.pkg.dev',
      helpers: { gcloud: { 'europe-docker.pkg.dev': { Username: 'oauth2accesstoken', Secret: 'ya29.fresh' } } },
      want: { username: 'oauth2accesstoken', password: 'ya29.fresh' },
    },
    {
      name: 'credsStore: every host goes to the store; Docker Hub by its v1 URL',
      config: { auths: { 'https://index.docker.io/v1/': {} }, credsStore: 'pass' },
      host: 'docker.io',
      helpers: { pass: { 'https://index.docker.io/v1/': { Username: 'hubuser', Secret: 'from-pass' } } },
      want: { username: 'hubuser', password: 'from-pass', source: /credsStore/ },
      asked: ['docker-credential-pass get https://index.docker.io/v1/'],
    },
    {
      name: "a helper's 'credentials not found' is no login, not an error",
      config: { credsStore: 'pass' },
      host: 'ghcr.io',
      helpers: { pass: {} },
      want: undefined,
    },
    {
      name: "a helper's <token> user is an identity token",
      config: { credHelpers: { 'acr.example.io': 'acr' } },
      host: 'acr.example.io',
      helpers: { acr: { 'acr.example.io': { Username: '<token>', Secret: 'refresh-token' } } },
      want: { token: 'refresh-token' },
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const dir = configDir(c.config);
      const { runner, calls } = helpers(c.helpers ?? {});
      const log = new MemoryLogger();
      const found = await new DockerConfigCredentials({ runner, env: { DOCKER_CONFIG: dir }, log }).resolve(c.host);
      if (c.want === undefined) {
        expect(found).toBeUndefined();
        return;
      }
      expect(found).toBeDefined();
      const credential = found?.credential;
      if (c.want.token !== undefined) expect(credential).toEqual({ kind: 'identity-token', token: c.want.token });
      else expect(credential).toEqual({ kind: 'basic', username: c.want.username, password: c.want.password });
      if (c.want.source) expect(found?.source).toMatch(c.want.source);
      // The secret is masked before anything can print it, and never named in the source.
      const secret = c.want.token ?? c.want.password ?? '';
      if (secret !== '') expect(log.secrets).toContain(secret);
      expect(found?.source).not.toContain(secret);
      if (c.asked) expect(calls.map((call) => `${call.file} ${call.args.join(' ')} ${String(call.stdin)}`)).toEqual(c.asked);
    });
  }

  it('reads ~/.docker/config.json when DOCKER_CONFIG is not set', async () => {
    const home = mkdtempSync(join(tmpdir(), 'home-'));
    dirs.push(home);
    const docker = join(home, '.docker');
    await import('node:fs').then((fs) => fs.mkdirSync(docker));
    writeFileSync(join(docker, 'config.json'), JSON.stringify({ auths: { 'ghcr.io': { auth: basic('me', 'tok') } } }));
    const resolver = new DockerConfigCredentials({ runner: helpers({}).runner, env: { HOME: home } });
    expect(resolver.path).toBe(join(docker, 'config.json'));
    expect((await resolver.resolve('ghcr.io'))?.credential).toEqual({ kind: 'basic', username: 'me', password: 'tok' });
  });

  it('no config file at all: no login, and no error', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-config-'));
    dirs.push(empty);
    expect(
      await new DockerConfigCredentials({ runner: helpers({}).runner, env: { DOCKER_CONFIG: empty } }).resolve('ghcr.io'),
    ).toBeUndefined();
  });

  const failures: Array<{ name: string; config: unknown; message: RegExp }> = [
    {
      name: 'a config that is not JSON names the file',
      config: '{ "auths": ',
      message: /the docker config .*config\.json is not valid JSON/,
    },
    {
      name: 'an auth that is not user:password names the host and the file',
      config: { auths: { 'ghcr.io': { auth: Buffer.from('nocolon').toString('base64') } } },
      message: /the login for ghcr\.io in .*config\.json .* is not base64 of user:password/,
    },
    {
      name: 'a helper that is not installed names the helper and the entry',
      config: { credHelpers: { 'ghcr.io': 'missing' } },
      message:
        /'credHelpers' in .*config\.json names the credential helper 'missing' for ghcr\.io, but docker-credential-missing could not be run/,
    },
  ];
  for (const c of failures) {
    it(c.name, async () => {
      const resolver = new DockerConfigCredentials({ runner: helpers({}).runner, env: { DOCKER_CONFIG: configDir(c.config) } });
      expect(await userErrorFrom(resolver.resolve('ghcr.io'))).toMatch(c.message);
    });
  }
});

describe('actionCredentials', () => {
  it('the explicit inputs win for their registry; other hosts still come from the docker config', async () => {
    const dir = configDir({ auths: { 'ghcr.io': { auth: basic('docker', 'login') }, 'quay.io': { auth: basic('q', 'q') } } });
    const resolver = actionCredentials(
      { registry: 'ghcr.io', username: 'input', password: 'secret' },
      { runner: helpers({}).runner, env: { DOCKER_CONFIG: dir } },
    );
    expect(await resolver.resolve('ghcr.io')).toMatchObject({
      credential: { username: 'input', password: 'secret' },
      source: "inputs 'registry-username' and 'registry-password'",
    });
    expect(await resolver.resolve('quay.io')).toMatchObject({ credential: { username: 'q' }, source: expect.stringMatching(/auths/) });
    // The message for a registry that asks for a login names all three ways.
    expect(resolver.where).toMatch(/registry-username.*registry-password.*docker login.*credHelpers.*credsStore/);
  });

  it('explicit logins match their host under any of its names', async () => {
    const resolver = new ExplicitCredentials({ 'docker.io': { username: 'u', password: 'p' } });
    expect(await resolver.resolve('registry-1.docker.io')).toBeDefined();
    expect(await resolver.resolve('ghcr.io')).toBeUndefined();
  });
});
