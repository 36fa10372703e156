import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { ANONYMOUS, RegistryClient } from '../../packages/registry/index.js';
import type { RescanResult } from '../../packages/rescan/index.js';
import { repoRoot } from '../harness/run-dist.js';
import { buildPushed } from './gates-lab.js';
import { type Lab, lab, runToolOk } from './lab.js';

/**
 * What the rescan tests publish and change on the lab, each in repositories
 * of their own: images built FROM the lab's Debian image and tagged as the
 * publish job tags them, signed with a key made for the test; vulnerability
 * DBs built from test advisories with the lab's own DB script (never the
 * lab's DB itself); and a tag moved by hand.
 */

/** One test advisory against a Debian bookworm package (TEST DATA: not a real advisory). */
export interface TestAdvisory {
  id: string;
  pkg: string;
  fixedVersion: string;
  /** Debian urgency: `high` becomes HIGH. */
  urgency: 'low' | 'medium' | 'high';
}

/**
 * Builds a DB of these advisories with scripts/lab/trivy-db.sh (its
 * overrides keep the lab's DB untouched) and pushes it to `repository`,
 * replacing what was there: a DB that changed overnight.
 */
export function pushTestDb(l: Lab, work: string, repository: string, advisories: readonly TestAdvisory[]): void {
  const fixtures = mkdtempSync(join(work, 'db-fixtures-'));
  const tracker = join(fixtures, 'vuln-list-debian', 'tracker');
  mkdirSync(join(tracker, 'CVE'), { recursive: true });
  cpSync(
    join(repoRoot, 'test', 'fixtures', 'trivy-db', 'vuln-list-debian', 'tracker', 'distributions.json'),
    join(tracker, 'distributions.json'),
  );
  for (const a of advisories) {
    const record = {
      Header: { ID: a.id, Description: `(TEST DATA, not a real advisory: rescan test advisory against ${a.pkg})` },
      Annotations: [
        { Type: 'package', Package: a.pkg, Kind: 'fixed', Version: a.fixedVersion, Severity: a.urgency },
        { Type: 'package', Release: 'bookworm', Package: a.pkg, Kind: 'fixed', Version: a.fixedVersion },
      ],
    };
    writeFileSync(join(tracker, 'CVE', `${a.id}.json`), `${JSON.stringify(record, null, 2)}\n`);
  }
  const [seeded] = advisories;
  if (!seeded) throw new Error('a test DB needs at least one advisory');
  writeFileSync(join(fixtures, 'seeded.json'), JSON.stringify({ id: seeded.id, pkg: seeded.pkg, fixedVersion: seeded.fixedVersion }));
  runToolOk(l, join(repoRoot, 'scripts', 'lab', 'trivy-db.sh'), [], {
    env: { TRIVY_DB_FIXTURES: fixtures, TRIVY_DB_REPOSITORY: repository, TRIVY_DB_WORK: mkdtempSync(join(work, 'db-work-')) },
  });
}

/** Builds a small image FROM the lab's Debian image and pushes it by digest to `repository`; returns the digest. */
export function buildImage(l: Lab, work: string, repository: string, content: string, options: { withoutGzip?: boolean } = {}): string {
  const lines = [`FROM ${l.baseImages.debian}`];
  // The rebuilt image that no longer carries the advisory's package.
  if (options.withoutGzip) lines.push('RUN ["dpkg", "--purge", "--force-remove-essential", "--force-depends", "gzip"]');
  lines.push('COPY id.txt /etc/rescan-e2e-id');
  const image = buildPushed(l, work, repository, `${lines.join('\n')}\n`, { 'id.txt': `${content}\n` });
  return image.slice(image.indexOf('@') + 1);
}

/** Puts `tag` on the digest, byte for byte, as the publish job (or a person with push access) does. */
export async function putTag(repository: string, tag: string, digest: string): Promise<void> {
  const [host = '', ...path] = repository.split('/');
  const client = new RegistryClient({ credentials: ANONYMOUS });
  const manifest = await client.manifest(host, path.join('/'), digest);
  await client.putManifest(host, path.join('/'), tag, manifest.mediaType, manifest.body);
}

/** Signs a digest with the test's key, without the transparency log (Rekor is not reachable here). */
export function signDigest(l: Lab, keyDir: string, password: string, image: string): void {
  runToolOk(
    l,
    l.bin.cosign,
    ['sign', '--yes', '--key', join(keyDir, 'cosign.key'), '--tlog-upload=false', '--use-signing-config=false', image],
    {
      env: { COSIGN_PASSWORD: password },
    },
  );
}

/** What the lab's GitHub API stand-in holds for a repository. */
export interface StoredRepository {
  issues: { number: number; title: string; state: string; body: string | null }[];
  comments: { issue: number; body: string }[];
  runs: { workflow: string; inputs: Record<string, unknown> }[];
}

export async function storedRepository(github: string): Promise<StoredRepository> {
  // Read the state again: nightly.sh brings the lab up, which may rewrite it. On a new connection each
  // time: the daemon may have been restarted, or have closed an idle one, while the test waited on nightly.sh.
  const text = await new Promise<string>((done, fail) => {
    get(`${lab().githubApi}/_stand-in/repos/${github}`, { agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
      response.on('error', fail);
    }).on('error', fail);
  });
  return JSON.parse(text) as StoredRepository;
}

export interface NightlyRescan {
  status: number;
  stdout: string;
  stderr: string;
  result: RescanResult;
  /** The repository the issues went to, as the script printed it. */
  github: string;
}

/** `scripts/nightly.sh --rescan`, with the script's NIGHTLY_* overrides; the run's result read back. */
export function nightlyRescan(env: Record<string, string>): NightlyRescan {
  const run = spawnSync(join(repoRoot, 'scripts', 'nightly.sh'), ['--rescan'], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, IMAGE_ACTIONS_BOOTSTRAPPED: '1', ...env },
    timeout: 1_200_000,
  });
  const dir = /outcomes in (\S+), log in/.exec(run.stderr)?.[1];
  if (dir === undefined) throw new Error(`nightly.sh --rescan did not start a run:\n${run.stderr.slice(-3000)}`);
  const result = JSON.parse(readFileSync(join(dir, 'rescan-result.json'), 'utf8')) as RescanResult;
  const github = /repository (\S+)\):/.exec(run.stdout)?.[1] ?? '';
  return { status: run.status ?? 1, stdout: run.stdout, stderr: run.stderr, result, github };
}
