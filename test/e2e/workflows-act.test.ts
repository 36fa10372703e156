import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../packages/catalog/index.js';
import type { ImageOutcome } from '../../packages/chain/index.js';
import { readOutcomes } from '../../packages/chain/index.js';
import { parseDigestReference, parseReference } from '../../packages/oci/index.js';
import { RegistryClient } from '../../packages/registry/index.js';
import { repoRoot } from '../harness/run-dist.js';
import { type Lab, lab, labStatePath } from './lab.js';

/**
 * The workflows themselves, run by act on this machine against the lab, as
 * the README's main-job command runs them (scripts/nightly.sh): the
 * pull-request check builds and scans and tags nothing; the nightly publishes
 * every compliant example, signed, and stops the non-compliant one.
 */
let l: Lab;
const registry = new RegistryClient();
let repositories: string[];

interface Run {
  status: number;
  stderr: string;
  stdout: string;
  outcomes: ImageOutcome[];
  /** The record files the jobs wrote: one per image and phase. */
  files: string[];
}

async function nightly(args: string[]): Promise<Run> {
  const result = spawnSync(join(repoRoot, 'scripts', 'nightly.sh'), args, {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, IMAGE_ACTIONS_BOOTSTRAPPED: '1' },
    timeout: 1_500_000,
  });
  const dir = /outcomes in (\S+), log in/.exec(result.stderr)?.[1];
  if (dir === undefined) throw new Error(`nightly.sh ${args.join(' ')} did not start a run:\n${result.stderr.slice(-3000)}`);
  const outcomes = await readOutcomes(dir);
  return { status: result.status ?? 1, stderr: result.stderr, stdout: result.stdout, outcomes, files: readdirSync(dir).sort() };
}

/** Every tag of the example repositories and the digest it names. */
async function tagSnapshot(): Promise<Record<string, string>> {
  const snapshot: Record<string, string> = {};
  for (const repository of repositories) {
    for (const tag of await registry.tags(l.registry, repository)) {
      if (tag.startsWith('sha256-') || tag.startsWith('buildcache')) continue;
      snapshot[`${repository}:${tag}`] = (await registry.manifest(l.registry, repository, tag)).digest;
    }
  }
  return snapshot;
}

function byId(run: Run): Map<string, ImageOutcome> {
  return new Map(run.outcomes.map((o) => [o.id, o]));
}

beforeAll(async () => {
  l = lab();
  const catalog = await loadCatalog(join(repoRoot, 'examples', 'images.yaml'));
  repositories = catalog.images.flatMap((i) => {
    const repository = `${catalog.repository}/${i.name}`;
    return i.debug ? [repository, `${repository}-debug`] : [repository];
  });
});

describe('act runs the workflows over examples/ against the lab', () => {
  it('pr-check.yml: builds, checks and scans every example, signs and tags nothing', async () => {
    const before = await tagSnapshot();
    const run = await nightly(['--pr-check']);
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    const outcomes = byId(run);
    expect(outcomes.get('noncompliant-0.1.0')).toMatchObject({ status: 'stopped', stoppedAt: 'lock-down' });
    const others = run.outcomes.filter((o) => o.id !== 'noncompliant-0.1.0');
    expect(others.length).toBeGreaterThanOrEqual(8);
    for (const o of others) {
      expect([o.id, o.status, o.passed, o.published, o.newSignature]).toEqual([
        o.id,
        'passed',
        ['build', 'lock-down', 'scan'],
        [],
        undefined,
      ]);
    }
    expect(await tagSnapshot()).toEqual(before);
    // The build and scan jobs each wrote their record; no sign or publish job ran.
    for (const o of others)
      expect(run.files.filter((f) => f.startsWith(`${o.id}.`) && f.endsWith('.json'))).toEqual([
        `${o.id}.build.json`,
        `${o.id}.cdx.json`,
        `${o.id}.scan.json`,
      ]);
  });

  it('nightly.yml: publishes every compliant example, signed with a verifiable SBOM attestation; the non-compliant one gets no tag', async () => {
    const run = await nightly([]);
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    const outcomes = byId(run);
    const stopped = outcomes.get('noncompliant-0.1.0');
    expect(stopped).toMatchObject({ status: 'stopped', stoppedAt: 'lock-down', published: [] });
    const noTag = parseReference(stopped?.plannedTags[0] ?? '');
    expect(await registry.tags(noTag.registry, noTag.repository)).not.toContain(noTag.tag);

    const published = run.outcomes.filter((o) => o.id !== 'noncompliant-0.1.0');
    expect(published.map((o) => [o.id, o.status])).toEqual(published.map((o) => [o.id, 'published']));
    // Four jobs, one record each: build, scan, sign and publish ran apart.
    for (const o of published) {
      expect(
        run.files.filter((f) => f.startsWith(`${o.id}.`) && /\.(build|scan|sign|publish)\.json$/.test(f)),
        o.id,
      ).toEqual(['build', 'publish', 'scan', 'sign'].map((phase) => `${o.id}.${phase}.json`));
    }
    // The lock-down check stopped it in the build job; no later job wrote for it.
    expect(run.files.filter((f) => f.startsWith('noncompliant-0.1.0.'))).toEqual(['noncompliant-0.1.0.build.json']);
    const key = join(dirname(labStatePath()), 'cosign', 'cosign.pub');
    for (const o of published) {
      const digest = parseDigestReference(o.image ?? '', o.id).digest;
      for (const tag of o.published) {
        const ref = parseReference(tag);
        expect((await registry.manifest(ref.registry, ref.repository, ref.tag ?? '')).digest, tag).toBe(digest);
      }
      const env = { ...process.env, ...l.env };
      const args = ['--key', key, '--insecure-ignore-tlog=true', o.image ?? ''];
      expect(execFileSync(l.bin.cosign, ['verify', ...args], { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] })).toContain(
        digest,
      );
      execFileSync(l.bin.cosign, ['verify-attestation', '--type', 'cyclonedx', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    }
    expect(run.stdout).toMatch(/^\s+noncompliant-0\.1\.0: stopped at lock-down: .*; no tag$/m);
  });
});
