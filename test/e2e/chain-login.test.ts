import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../packages/logging/index.js';
import { parseReference } from '../../packages/oci/index.js';
import type { PlanEntry } from '../../packages/plan/entry.js';
import { ExplicitCredentials, RegistryClient } from '../../packages/registry/index.js';
import { selectFromCatalog } from '../../src/chain/tools.js';
import { type DistRun, repoRoot, runDist } from '../harness/run-dist.js';
import { type DockerConfig, dockerLogin, freshDockerConfig, passHelper } from './docker-config.js';
import { type Lab, lab, labStatePath } from './lab.js';

/**
 * The whole chain (the root action's bundle) publishing to the lab's registry
 * behind basic auth with no credential inputs at all: the login comes from
 * the docker config, as after docker/login-action, or from a credential
 * helper; with neither it stops before anything is pushed. And the same entry
 * built by build-prebuilt gets the same digest.
 */
let l: Lab;
let work: string;
let entry: PlanEntry;
const PASSWORD = `pw-${randomBytes(6).toString('hex')}`;
const configs: DockerConfig[] = [];

beforeAll(async () => {
  l = lab();
  work = mkdtempSync(join(tmpdir(), 'chain-login-'));
  execFileSync(l.bin.cosign, ['generate-key-pair'], { cwd: work, env: { ...process.env, COSIGN_PASSWORD: PASSWORD }, stdio: 'ignore' });
  // The lab DB's seeded advisory is in every Debian-based image; accepted here as the nightly accepts it.
  writeFileSync(
    join(work, 'ignores.yaml'),
    `- id: ${l.trivy.seeded.id}\n  packages: [${l.trivy.seeded.pkg}]\n  reason: test advisory of the lab's DB\n  expires: 2099-01-01\n`,
  );
  entry = await selectFromCatalog(
    repoRoot,
    'examples/images.yaml',
    {
      image: 'velero',
      version: '1.12.3',
      variant: 'aws',
      registry: l.authRegistry.host,
    },
    silentLogger,
  );
});

afterAll(() => {
  for (const config of configs) config.remove();
  if (work) rmSync(work, { recursive: true, force: true });
});

function chain(config: DockerConfig, extra: Record<string, string> = {}): Promise<DistRun> {
  return runDist(
    '.',
    {
      entry: JSON.stringify(entry),
      'tools-from-path': 'true',
      key: readFileSync(join(work, 'cosign.key'), 'utf8'),
      'key-password': PASSWORD,
      'transparency-log': 'false',
      'trivy-db-repository': l.trivy.dbRepository,
      'ignore-file': join(work, 'ignores.yaml'),
      'results-dir': join(work, `outcomes-${randomBytes(3).toString('hex')}`),
      ...extra,
    },
    { env: { ...l.env, ...config.env }, timeoutMs: 600_000 },
  );
}

function config(): DockerConfig {
  const made = freshDockerConfig();
  configs.push(made);
  return made;
}

/** Every manifest revision the auth registry ever stored for a repository: what a push would add to. */
function revisions(repository: string): string[] {
  const dir = join(
    labStatePath(),
    '..',
    'registry-auth',
    'docker',
    'registry',
    'v2',
    'repositories',
    repository,
    '_manifests',
    'revisions',
    'sha256',
  );
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

const repositoryPath = () => parseReference(entry.repository).repository;

describe('the chain with the logins users already have', () => {
  it('with no login anywhere, stops before pushing, naming the host and the three ways to log in', async () => {
    const before = revisions(repositoryPath());
    const run = await chain(config());
    expect(run.exitCode).toBe(1);
    expect(run.outputs).toMatchObject({ verdict: 'stopped', 'stopped-at': 'build', image: '' });
    expect(run.outputs.reason).toMatch(
      new RegExp(
        `^${l.authRegistry.host.replace(/\./g, '\\.')} asks for a login .*none was found.*registry-username.*docker login.*credHelpers`,
      ),
    );
    expect(run.stdout).not.toContain('docker buildx build');
    expect(revisions(repositoryPath())).toEqual(before);
  });

  it('publishes after only docker login, with no credential inputs', async () => {
    const login = config();
    dockerLogin(l, login, l.authRegistry.host, l.authRegistry.username, l.authRegistry.password);
    const run = await chain(login);
    expect(run.errors, run.stdout.slice(-3000)).toEqual([]);
    expect(run.outputs.verdict).toBe('published');
    expect(run.stdout).toContain(`${l.authRegistry.host}: logging in with 'auths' in ${login.dir}/config.json`);
    const client = new RegistryClient({ credentials: new ExplicitCredentials({ [l.authRegistry.host]: l.authRegistry }) });
    const tag = parseReference(entry.tags[0] ?? '');
    expect((await client.manifest(tag.registry, tag.repository, tag.tag ?? '')).digest).toBe(run.outputs.digest);
  });

  it('publishes again through a credential helper (credHelpers, docker-credential-pass)', async () => {
    const helper = config();
    passHelper(l, helper, l.authRegistry.host, l.authRegistry.username, l.authRegistry.password);
    const run = await chain(helper);
    expect(run.errors, run.stdout.slice(-3000)).toEqual([]);
    expect(run.outputs.verdict).toBe('published');
    expect(run.stdout).toContain(`${l.authRegistry.host}: logging in with credential helper docker-credential-pass ('credHelpers' in`);
  });

  it('build-prebuilt builds the same entry, from the same commit, to the same digest as the root action', async () => {
    const login = config();
    dockerLogin(l, login, l.authRegistry.host, l.authRegistry.username, l.authRegistry.password);
    const root = await chain(login, { phase: 'build', sign: 'false', publish: 'false' });
    expect(root.errors, root.stdout.slice(-3000)).toEqual([]);
    const prebuilt = await runDist(
      'build-prebuilt',
      { entry: JSON.stringify(entry) },
      { env: { ...l.env, ...login.env }, timeoutMs: 600_000 },
    );
    expect(prebuilt.errors, prebuilt.stdout.slice(-3000)).toEqual([]);
    expect(prebuilt.outputs.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(prebuilt.outputs.digest).toBe(root.outputs.digest);
  });
});
