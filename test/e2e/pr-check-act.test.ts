import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ImageOutcome, readOutcomes } from '../../packages/chain/index.js';
import { parseDigestReference } from '../../packages/oci/index.js';
import { repoRoot } from '../harness/run-dist.js';
import { type Lab, lab, labStatePath } from './lab.js';

/**
 * pr-check.yml under act, as GitHub runs it for a fork's pull request: the
 * pull_request event of a change from a fork, no secrets, no token, and the
 * jobs' permissions read-only (check.yml's, which the unit tests pin to
 * contents and pull-requests read). The change is a commit in a fresh clone
 * (whose origin is a local path) touching two example images; the check must
 * plan only those and the image built FROM one of them, give each its
 * lock-down and scan verdict, and leave the lab registry exactly as it was:
 * every image is pushed to its job's own registry, which ends with the job.
 *
 * It never writes the example repositories of the lab registry, so it may run
 * beside the other e2e files.
 */
let l: Lab;
let clone: string;
let repositories: string;

/** Every file of a registry directory tree (the registry's own storage) with its content digest. */
function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (relative: string) => {
    for (const entry of readdirSync(join(dir, relative), { withFileTypes: true })) {
      const path = join(relative, entry.name);
      if (entry.isDirectory()) walk(path);
      else
        files[path] = createHash('sha256')
          .update(readFileSync(join(dir, path)))
          .digest('hex');
    }
  };
  if (existsSync(dir)) walk('');
  return files;
}

/** Every manifest digest any repository of the registry ever received, tagged or not. */
function revisions(): Set<string> {
  const found = new Set<string>();
  const walk = (dir: string, depth: number) => {
    if (depth > 12 || !existsSync(dir) || !statSync(dir).isDirectory()) return;
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name === 'revisions') {
        for (const digest of readdirSync(join(path, 'sha256'))) found.add(`sha256:${digest}`);
      } else walk(path, depth + 1);
    }
  };
  walk(repositories, 0);
  return found;
}

function git(args: string[]): string {
  return execFileSync('git', args, { cwd: clone, encoding: 'utf8' });
}

beforeAll(() => {
  l = lab();
  repositories = join(dirname(labStatePath()), 'registry-anon', 'docker', 'registry', 'v2', 'repositories');
  clone = join(mkdtempSync(join(tmpdir(), 'pr-check-act-')), 'image-actions');
  execFileSync('git', ['clone', '--quiet', repoRoot, clone]);
  // The committed bundles run; the dependencies are this checkout's (nightly.sh rebuilds dist/ only if the sources changed).
  symlinkSync(join(repoRoot, 'node_modules'), join(clone, 'node_modules'));
  // The contribution: python-runner (kerberos-test builds FROM it) and noncompliant change.
  appendFileSync(join(clone, 'examples', 'images', 'python-runner', 'Dockerfile'), '# touched by a pull request\n');
  appendFileSync(join(clone, 'examples', 'images', 'noncompliant', 'Dockerfile'), '# touched by a pull request\n');
  git(['-c', 'user.name=Contributor', '-c', 'user.email=contributor@example.com', 'commit', '--quiet', '-am', 'touch two images']);
});

afterAll(() => rmSync(dirname(clone), { recursive: true, force: true }));

describe('pr-check.yml for a fork’s pull request, under act', () => {
  it('checks only what the change affects, reports lock-down and scan verdicts, and writes nothing to the lab registry', async () => {
    const before = { examples: tree(join(repositories, 'example-org')), revisions: revisions() };
    const containers = () => execFileSync('docker', ['ps', '--format', '{{.Image}}'], { encoding: 'utf8' }).split('\n');

    const result = spawnSync(join(clone, 'scripts', 'nightly.sh'), ['--pull-request=HEAD~1'], {
      cwd: clone,
      encoding: 'utf8',
      env: { ...process.env, IMAGE_ACTIONS_BOOTSTRAPPED: '1' },
      timeout: 1_500_000,
    });
    const outcomesDir = /outcomes in (\S+), log in/.exec(result.stderr)?.[1];
    const logFile = /, log in (\S+)/.exec(result.stderr)?.[1];
    expect(outcomesDir, result.stderr.slice(-3000)).toBeDefined();
    const log = readFileSync(logFile ?? '', 'utf8');
    expect(result.status, result.stderr.slice(-3000)).toBe(0);
    const outcomes = new Map((await readOutcomes(outcomesDir ?? '')).map((o): [string, ImageOutcome] => [o.id, o]));

    // Only the two changed images and the child of one of them.
    expect([...outcomes.keys()].sort()).toEqual(['kerberos-test-1.0.0', 'noncompliant-0.1.0', 'python-runner-3.11.2']);
    expect(log).toMatch(/changes: 2 files changed since [0-9a-f]{40} \(git\)/);
    // Verdicts: lock-down, the image's own tests and scan for the ones that pass, the lock-down rule for the one that does not.
    for (const id of ['python-runner-3.11.2', 'kerberos-test-1.0.0']) {
      expect(outcomes.get(id), id).toMatchObject({ status: 'passed', passed: ['build', 'lock-down', 'test', 'scan'], published: [] });
      expect(outcomes.get(id)?.scanVerdict, id).toBe('pass');
    }
    expect(outcomes.get('noncompliant-0.1.0')).toMatchObject({ status: 'stopped', stoppedAt: 'lock-down', published: [] });
    expect(outcomes.get('noncompliant-0.1.0')?.reason).toMatch(/no-shell: .*has a shell/);
    expect(result.stdout).toMatch(/^\s+noncompliant-0\.1\.0: stopped at lock-down: .*; no tag$/m);
    // The summary job read every record and failed the run for the stopped image.
    expect(log).toMatch(/\[check\/check\/summary\s*\]\s+❗\s+::error::noncompliant-0\.1\.0: stopped at lock-down/);

    // Each image went to its job's own registry on loopback, never to the lab registry.
    const built = [...outcomes.values()].map((o) => parseDigestReference(o.image ?? '', o.id));
    for (const image of built) {
      expect(image.registry).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(image.registry).not.toBe(l.registry);
    }
    // The child was built on exactly the digest its parent passed with, in this run.
    const parent = outcomes.get('python-runner-3.11.2')?.image ?? '';
    const parentDigest = parseDigestReference(parent, 'python-runner').digest;
    expect(log).toMatch(
      new RegExp(
        `\\[stage 1/check-shard/check kerberos-test-1\\.0\\.0\\].*--build-context ghcr\\.io/example-org/curated-images/python-runner:3\\.11\\.2=docker-image://127\\.0\\.0\\.1:\\d+/example-org/curated-images/python-runner@${parentDigest}`,
      ),
    );

    // A fork's pull request: no secret reached the jobs, no token was used, no signing, no publishing.
    expect(log).not.toMatch(/COSIGN_KEY|COSIGN_PASSWORD|cosign sign|imagetools create/);
    expect(log).not.toContain('rebuild-shard');

    // The clone's origin is a local path: no made-up source label.
    // (act names the repository after the origin: here the path of the checkout the clone was made from.)
    expect(log).toContain(`GITHUB_REPOSITORY is "${repoRoot}", not owner/name`);
    expect(log).not.toContain('org.opencontainers.image.source=');

    // The lab registry: the example repositories byte for byte as they were, and none of the
    // check's digests anywhere in it (its storage keeps every manifest ever pushed).
    expect(tree(join(repositories, 'example-org'))).toEqual(before.examples);
    const added = [...revisions()].filter((d) => !before.revisions.has(d));
    for (const image of built) expect(added, image.digest).not.toContain(image.digest);
    // Every job registry was stopped.
    expect(containers().filter((image) => image.includes('/lab/registry'))).toEqual([]);
  });
});
