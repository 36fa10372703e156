import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../packages/catalog/index.js';
import type { ImageOutcome } from '../../packages/chain/index.js';
import { readOutcomes } from '../../packages/chain/index.js';
import { parseTree, sbomPackages } from '../../packages/cosign/index.js';
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
  /** act's log of the run. */
  log: string;
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
  const logFile = /, log in (\S+)/.exec(result.stderr)?.[1] ?? '';
  const log = readFileSync(logFile, 'utf8');
  return { status: result.status ?? 1, stderr: result.stderr, stdout: result.stdout, outcomes, files: readdirSync(dir).sort(), log };
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

  it('nightly.yml: publishes every compliant example, signed with a verifiable SBOM attestation; the non-compliant one gets no tag; a second run changes nothing', async () => {
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
      const attestation = execFileSync(l.bin.cosign, ['verify-attestation', '--type', 'cyclonedx', ...args], {
        encoding: 'utf8',
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      // The attested SBOM describes the image: it lists its packages (every example has some).
      const envelope = JSON.parse(attestation.trim().split('\n')[0] ?? '{}') as { payload?: string };
      const statement = JSON.parse(Buffer.from(envelope.payload ?? '', 'base64').toString('utf8')) as { predicate?: unknown };
      expect(sbomPackages(statement.predicate).length, `${o.id}: packages in its attested SBOM`).toBeGreaterThan(0);
    }
    expect(run.stdout).toMatch(/^\s+noncompliant-0\.1\.0: stopped at lock-down: .*; no tag$/m);
    // Stage 0 (seven images, shards of four) ran as two calls of rebuild-shard.yml, stage 1 as one.
    for (const call of ['stage 0-1', 'stage 0-2', 'stage 1']) {
      for (const job of ['matrix', 'build', 'scan', 'sign', 'publish']) expect(run.log).toContain(`[${call}/rebuild-shard/${job}`);
    }
    expect(run.log).not.toContain('[stage 0-3/');
    // The summary job read every record and failed the run for the stopped image.
    expect(run.log).toMatch(/\[rebuild\/rebuild\/summary\s*\]\s+⚙\s+Summary - <h2>Rebuild: 9 images reported<\/h2>/);
    expect(run.log).toMatch(/\[rebuild\/rebuild\/summary\s*\]\s+❗\s+::error::image-actions: noncompliant-0\.1\.0: stopped at lock-down/);

    // Again, with nothing changed: the same digests, and no signature or attestation added.
    const attached = (image: string) => {
      const tree = parseTree(execFileSync(l.bin.cosign, ['tree', image], { encoding: 'utf8', env: { ...process.env, ...l.env } }));
      return { signatures: tree.signatures.length, attestations: tree.attestations.length };
    };
    const before = new Map(published.map((o) => [o.id, attached(o.image ?? '')]));
    const again = byId(await nightly([]));
    for (const o of published) {
      expect([again.get(o.id)?.status, again.get(o.id)?.image], o.id).toEqual(['published', o.image]);
      expect(again.get(o.id)?.newSignature, o.id).toBe(false);
      expect(attached(o.image ?? ''), o.id).toEqual(before.get(o.id));
    }
  });
});
