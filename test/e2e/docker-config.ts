import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Lab, runToolOk } from './lab.js';

/**
 * A docker config of a test's own (DOCKER_CONFIG), so a login made here is
 * seen by the tools the test runs and by nothing else on the machine. The
 * lab's buildx plugin and builder live in ~/.docker; they are linked in, as
 * the docker CLI looks for both under DOCKER_CONFIG.
 */
export interface DockerConfig {
  dir: string;
  /** DOCKER_CONFIG, and for a credential helper its own variables. */
  env: Record<string, string>;
  remove(): void;
}

export function freshDockerConfig(): DockerConfig {
  const dir = mkdtempSync(join(tmpdir(), 'docker-config-'));
  const home = join(homedir(), '.docker');
  // A copy of the builder's state (buildx keeps a lock file there), a link to the plugin.
  if (existsSync(join(home, 'buildx')))
    cpSync(join(home, 'buildx'), join(dir, 'buildx'), { recursive: true, filter: (source) => !source.endsWith('.lock') });
  if (existsSync(join(home, 'cli-plugins'))) symlinkSync(join(home, 'cli-plugins'), join(dir, 'cli-plugins'));
  return { dir, env: { DOCKER_CONFIG: dir }, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `docker login`, for real, into this config: what docker/login-action does on a runner. */
export function dockerLogin(l: Lab, config: DockerConfig, host: string, username: string, password: string): void {
  runToolOk(l, l.bin.docker, ['login', host, '--username', username, '--password-stdin'], { env: config.env, input: password });
}

/**
 * Debian's docker-credential-pass as the config's helper for `host`, holding
 * the login in a password store of the test's own (a gpg key made for it).
 * The helper is the real program, asked by the real protocol by every tool.
 */
export function passHelper(l: Lab, config: DockerConfig, host: string, username: string, password: string): void {
  const gnupg = mkdtempSync(join(tmpdir(), 'gnupg-'));
  const store = join(config.dir, 'password-store');
  // The helper is on PATH only for the processes of this test.
  const path = `${l.credentialHelpers}:${l.env.PATH ?? process.env.PATH ?? ''}`;
  const env = { ...config.env, GNUPGHOME: gnupg, PASSWORD_STORE_DIR: store, PATH: path };
  Object.assign(config.env, { GNUPGHOME: gnupg, PASSWORD_STORE_DIR: store, PATH: path });
  execFileSync('gpg', ['--batch', '--passphrase', '', '--quick-gen-key', 'image-actions-test@example.com', 'default', 'default', 'never'], {
    env: { ...process.env, ...env },
    stdio: 'ignore',
  });
  runToolOk(l, 'pass', ['init', 'image-actions-test@example.com'], { env });
  runToolOk(l, 'docker-credential-pass', ['store'], {
    env,
    input: JSON.stringify({ ServerURL: host, Username: username, Secret: password }),
  });
  writeFileSync(join(config.dir, 'config.json'), JSON.stringify({ credHelpers: { [host]: 'pass' } }));
  const remove = config.remove;
  config.remove = () => {
    spawnQuiet('gpgconf', ['--kill', 'gpg-agent'], { ...process.env, GNUPGHOME: gnupg });
    rmSync(gnupg, { recursive: true, force: true });
    remove();
  };
}

function spawnQuiet(file: string, args: string[], env: NodeJS.ProcessEnv): void {
  try {
    execFileSync(file, args, { env, stdio: 'ignore' });
  } catch {
    // Nothing to stop.
  }
}
