import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../errors/index.js';
import type { Logger } from '../logging/index.js';
import type { CommandRunner } from '../process/index.js';
import { configKeyMatches, helperServerUrl } from './host.js';

/**
 * A login for one registry: a user and password (or token used as one), or
 * docker's `identitytoken`, an OAuth2 refresh token exchanged at the
 * registry's token service.
 */
export type Credential = { kind: 'basic'; username: string; password: string } | { kind: 'identity-token'; token: string };

export interface ResolvedCredential {
  credential: Credential;
  /** Where it came from, for the log and for errors: never the secret itself. */
  source: string;
}

/** Finds the login for a registry host, or says there is none (anonymous). */
export interface CredentialResolver {
  resolve(host: string): Promise<ResolvedCredential | undefined>;
  /** How a user would add a login here: named in the error when a registry asks for one. */
  readonly where: string;
}

/** Logins given explicitly (the actions' username and password inputs), by host. */
export class ExplicitCredentials implements CredentialResolver {
  constructor(
    private readonly logins: Readonly<Record<string, { username: string; password: string }>>,
    private readonly source = "inputs 'registry-username' and 'registry-password'",
    readonly where = "the 'registry-username' and 'registry-password' inputs",
  ) {}

  async resolve(host: string): Promise<ResolvedCredential | undefined> {
    const login = Object.entries(this.logins).find(([key]) => configKeyMatches(key, host))?.[1];
    return login ? { credential: { kind: 'basic', ...login }, source: this.source } : undefined;
  }
}

/** The first resolver that has a login for the host wins: explicit inputs, then the docker config. */
export class CredentialChain implements CredentialResolver {
  readonly where: string;
  constructor(private readonly resolvers: readonly CredentialResolver[]) {
    this.where = resolvers.map((r) => r.where).join(', or ');
  }

  async resolve(host: string): Promise<ResolvedCredential | undefined> {
    for (const resolver of this.resolvers) {
      const found = await resolver.resolve(host);
      if (found) return found;
    }
    return undefined;
  }
}

/** No logins at all: every registry is asked anonymously. */
export const ANONYMOUS: CredentialResolver = { where: 'nowhere (anonymous access only)', resolve: async () => undefined };

/** The parts of docker's config.json that say where logins are. */
interface DockerConfigFile {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string } | null>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

export interface DockerConfigOptions {
  runner: CommandRunner;
  /** DOCKER_CONFIG and HOME are read from it. */
  env: Readonly<Record<string, string | undefined>>;
  log?: Logger;
}

/**
 * Logins as docker, buildx, trivy and cosign find them: `$DOCKER_CONFIG/config.json`
 * (or `~/.docker/config.json`); for a host, a `credHelpers` entry first, then
 * the `credsStore`, then the `auths` entry. A helper is the real
 * `docker-credential-<name>` program, asked by its protocol: `get`, the server
 * URL on stdin, a JSON `{ServerURL, Username, Secret}` on stdout. So a job that
 * ran docker/login-action, amazon-ecr-login or gcloud's helper setup never
 * passes a password again.
 */
export class DockerConfigCredentials implements CredentialResolver {
  readonly path: string;
  readonly where: string;
  private config: DockerConfigFile | undefined;
  private readonly cache = new Map<string, Promise<ResolvedCredential | undefined>>();

  constructor(private readonly options: DockerConfigOptions) {
    const dir = options.env.DOCKER_CONFIG || join(options.env.HOME || homedir(), '.docker');
    this.path = join(dir, 'config.json');
    this.where = `a docker login (docker login, docker/login-action or aws-actions/amazon-ecr-login write ${this.path}), or a credential helper named for the host in 'credHelpers' or 'credsStore' there`;
  }

  resolve(host: string): Promise<ResolvedCredential | undefined> {
    let found = this.cache.get(host);
    if (!found) {
      found = this.lookup(host);
      this.cache.set(host, found);
    }
    return found;
  }

  private async lookup(host: string): Promise<ResolvedCredential | undefined> {
    const config = this.read();
    const helper = Object.entries(config.credHelpers ?? {}).find(([key]) => configKeyMatches(key, host))?.[1];
    if (helper) return this.fromHelper(helper, host, `'credHelpers' in ${this.path}`);
    if (config.credsStore) return this.fromHelper(config.credsStore, host, `'credsStore' in ${this.path}`);
    const entry = Object.entries(config.auths ?? {}).find(([key]) => configKeyMatches(key, host))?.[1];
    if (!entry) return undefined;
    const source = `'auths' in ${this.path}`;
    if (entry.identitytoken) return this.masked({ credential: { kind: 'identity-token', token: entry.identitytoken }, source });
    if (entry.username && entry.password) {
      return this.masked({ credential: { kind: 'basic', username: entry.username, password: entry.password }, source });
    }
    if (entry.auth) {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon <= 0) {
        throw new UserError({
          message: `the login for ${host} in ${this.path} ('auths' -> 'auth') is not base64 of user:password.`,
          hint: `Log in again with docker login ${host}.`,
        });
      }
      return this.masked({ credential: { kind: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }, source });
    }
    // An empty entry is what docker leaves beside a credsStore; nothing to use here.
    return undefined;
  }

  private read(): DockerConfigFile {
    if (this.config) return this.config;
    if (!existsSync(this.path)) {
      this.config = {};
      return this.config;
    }
    try {
      this.config = JSON.parse(readFileSync(this.path, 'utf8')) as DockerConfigFile;
    } catch (error: unknown) {
      throw new UserError({
        message: `the docker config ${this.path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`,
        hint: 'Fix the file, or point DOCKER_CONFIG at a directory with a valid config.json.',
      });
    }
    return this.config;
  }

  private async fromHelper(name: string, host: string, configured: string): Promise<ResolvedCredential | undefined> {
    const program = `docker-credential-${name}`;
    let result: Awaited<ReturnType<CommandRunner['run']>>;
    try {
      result = await this.options.runner.run({ file: program, args: ['get'], stdin: helperServerUrl(host), quiet: true });
    } catch (error: unknown) {
      throw new UserError({
        message: `${configured} names the credential helper '${name}' for ${host}, but ${program} could not be run: ${error instanceof Error ? error.message : String(error)}.`,
        hint: `Install ${program} on the runner (on PATH), or remove the entry.`,
      });
    }
    if (result.exitCode !== 0) {
      const said = (result.stdout || result.stderr).trim().split('\n')[0] ?? '';
      // The protocol's answer for "no login stored for this server".
      if (/credentials not found/i.test(said)) return undefined;
      throw new Error(`${program} get for ${host} (${configured}) exited with code ${result.exitCode}: ${said.slice(0, 200)}`);
    }
    let answer: { Username?: string; Secret?: string };
    try {
      answer = JSON.parse(result.stdout) as { Username?: string; Secret?: string };
    } catch {
      throw new Error(`${program} get for ${host} did not answer with the credential helper protocol's JSON`);
    }
    if (!answer.Secret) return undefined;
    const source = `credential helper ${program} (${configured})`;
    // The protocol's marker for an identity token rather than a password.
    if (answer.Username === '<token>') return this.masked({ credential: { kind: 'identity-token', token: answer.Secret }, source });
    return this.masked({ credential: { kind: 'basic', username: answer.Username ?? '', password: answer.Secret }, source });
  }

  private masked(found: ResolvedCredential): ResolvedCredential {
    this.options.log?.secret(found.credential.kind === 'basic' ? found.credential.password : found.credential.token);
    return found;
  }
}

/**
 * How the actions resolve logins: the explicit inputs when given (for their
 * registry only), then the docker config, then anonymous.
 */
export function actionCredentials(
  explicit: { registry: string; username: string; password: string } | undefined,
  options: DockerConfigOptions,
  /** Logins for other hosts (the mirrors'), by host. */
  others: Readonly<Record<string, { username: string; password: string }>> = {},
): CredentialResolver {
  const docker = new DockerConfigCredentials(options);
  const given = { ...others, ...(explicit ? { [explicit.registry]: explicit } : {}) };
  return new CredentialChain([new ExplicitCredentials(given), docker]);
}
