import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerfileFroms, loadCatalog } from '../../packages/catalog/index.js';
import { type ChainReport, type ImageOutcome, runChain } from '../../packages/chain/index.js';
import { parseTree, sbomPackages } from '../../packages/cosign/index.js';
import { MemoryLogger } from '../../packages/logging/index.js';
import { parseDigestReference, parseReference } from '../../packages/oci/index.js';
import { expandPlan, type PlanEntry, resolveCommit } from '../../packages/plan/index.js';
import { type Command, type CommandResult, type CommandRunner, ExecRunner } from '../../packages/process/index.js';
import { RegistryClient } from '../../packages/registry/index.js';
import { DirectoryDbCache, parseIgnoreFile } from '../../packages/trivy/index.js';
import { repoRoot } from '../harness/run-dist.js';
import { type Lab, lab, restoreEnvironment, runToolOk } from './lab.js';
import { attestedSbom, labChainSteps } from './lab-chain.js';

/**
 * The example catalog through the whole chain, with the real tools against
 * the lab: buildx (push by digest), the lock-down checks on the pushed image,
 * trivy with the lab's test DB, cosign with a key and no transparency log, and
 * the registry for the tags. The registry is the lab's; the catalog's
 * repository is kept, because the child image's Dockerfile names its parent
 * there. The plan is made once, so both runs build the same commit.
 */
let l: Lab;
let work: string;
let entries: PlanEntry[];
let first: ChainReport;
let second: ChainReport;
const registry = new RegistryClient();
const PASSWORD = `pw-${randomBytes(6).toString('hex')}`;
const savedEnv = { ...process.env };

/** The real tools, their output kept out of the test's log. */
class QuietRunner implements CommandRunner {
  private readonly exec = new ExecRunner();
  run(command: Command): Promise<CommandResult> {
    return this.exec.run({ ...command, quiet: true });
  }
}

const tool = (file: string, args: string[], cwd?: string): string => runToolOk(l, file, args, cwd ? { cwd } : {}).stdout;

function runChainOnce(): Promise<ChainReport> {
  const runner = new QuietRunner();
  const log = new MemoryLogger();
  const runDir = mkdtempSync(join(work, 'run-'));
  // The lab's seeded advisory (test data) has a fix only in the test DB; accept just that one, as nightly.sh does.
  const ignores = parseIgnoreFile(
    `- id: ${l.trivy.seeded.id}\n  packages: [${l.trivy.seeded.pkg}]\n  reason: lab test advisory\n  expires: 2099-01-01\n`,
    join(runDir, 'ignores.yaml'),
  );
  const steps = labChainSteps(l, {
    runner,
    log,
    registry,
    workspace: repoRoot,
    runDir,
    key: { privateKey: readFileSync(join(work, 'cosign.key'), 'utf8'), password: PASSWORD },
    registryCache: true,
    trivyCacheDir: join(work, 'trivy-cache'),
    dbStore: new DirectoryDbCache(join(work, 'db-cache')),
    ignores,
  });
  return runChain(entries, steps, { sign: true, publish: true, log });
}

/** The examples that must stop: one at its lock-down check, one at its tests. */
const STOPPING = ['noncompliant-0.1.0', 'jq-1.6'];

function outcome(report: ChainReport, id: string): ImageOutcome {
  const found = report.outcomes.find((o) => o.id === id);
  if (!found) throw new Error(`no outcome for ${id}: ${report.outcomes.map((o) => o.id).join(', ')}`);
  return found;
}

/** Signatures and attestations attached to a digest, as cosign lists them. */
function attached(image: string): { signatures: number; attestations: number } {
  const tree = parseTree(tool(l.bin.cosign, ['tree', image]));
  return { signatures: tree.signatures.length, attestations: tree.attestations.length };
}

beforeAll(async () => {
  l = lab();
  work = mkdtempSync(join(tmpdir(), 'chain-e2e-'));
  for (const [name, value] of Object.entries(l.env)) process.env[name] = value;
  process.env.COSIGN_PASSWORD = PASSWORD;
  tool(l.bin.cosign, ['generate-key-pair'], work);
  delete process.env.COSIGN_PASSWORD;

  const catalog = await loadCatalog(join(repoRoot, 'examples', 'images.yaml'));
  const plan = await expandPlan(catalog, {
    workspace: repoRoot,
    commit: await resolveCommit(new QuietRunner(), repoRoot, undefined, undefined),
    today: new Date().toISOString().slice(0, 10),
    registry: l.registry,
    readFroms: async (dockerfile) => (await dockerfileFroms(dockerfile)).map((f) => ({ reference: f.reference, line: f.line })),
    // The examples' import (Docker Hub's busybox) is read where the lab serves Docker Hub, as nightly.sh does.
    reader: registry,
    upstreamMirrors: { 'docker.io': l.registry },
  });
  entries = plan.entries;
  first = await runChainOnce();
});

afterAll(() => {
  restoreEnvironment(savedEnv);
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the example catalog, end to end against the lab', () => {
  it('plans every example, the child after its parent', () => {
    const ids = entries.map((e) => e.id);
    expect(ids).toEqual(expect.arrayContaining(['python-runner-3.11.2', 'kerberos-test-1.0.0', 'noncompliant-0.1.0', 'node-app-18.19.0']));
    expect(ids.indexOf('python-runner-3.11.2')).toBeLessThan(ids.indexOf('kerberos-test-1.0.0'));
  });

  it('publishes every compliant example (and the debug twin) under its scheme tags', () => {
    const compliant = first.outcomes.filter((o) => !STOPPING.includes(o.id));
    expect(compliant.map((o) => [o.id, o.status, o.stoppedAt, o.reason])).toEqual(
      compliant.map((o) => [o.id, 'published', undefined, undefined]),
    );
    expect(compliant.map((o) => o.id)).toContain('node-app-18.19.0-debug');
    for (const o of compliant) expect(o.published, o.id).toEqual(o.plannedTags);
  });

  it('every published tag names exactly the digest that passed the gates', async () => {
    for (const o of first.outcomes.filter((x) => x.status === 'published')) {
      const built = parseDigestReference(o.image ?? '', o.id);
      for (const tag of o.published) {
        const ref = parseReference(tag);
        expect((await registry.manifest(ref.registry, ref.repository, ref.tag ?? '')).digest, tag).toBe(built.digest);
      }
    }
  });

  it('the child was built on the digest its parent passed with', () => {
    const parent = outcome(first, 'python-runner-3.11.2');
    const child = entries.find((e) => e.id === 'kerberos-test-1.0.0');
    expect(child?.parents.map((p) => p.entry)).toEqual(['python-runner-3.11.2']);
    expect(outcome(first, 'kerberos-test-1.0.0').status).toBe('published');
    expect(parent.image).toMatch(/@sha256:/);
  });

  it('each published digest has a signature and an SBOM attestation that verify with the key', () => {
    for (const o of first.outcomes.filter((x) => x.status === 'published')) {
      const image = o.image ?? '';
      const verified = tool(l.bin.cosign, ['verify', '--key', join(work, 'cosign.pub'), '--insecure-ignore-tlog=true', image]);
      expect(verified, o.id).toContain(parseDigestReference(image).digest);
      const payload = attestedSbom(l, image, join(work, 'cosign.pub')) as { predicateType: string; predicate: { bomFormat?: string } };
      expect(payload.predicateType, o.id).toBe('https://cyclonedx.org/bom');
      expect(payload.predicate.bomFormat, o.id).toBe('CycloneDX');
      // An SBOM that describes the image: every built example has packages, and its SBOM lists them
      // (the imported busybox is one static binary: its records list none, and neither does its SBOM).
      if (o.upstream === undefined) expect(sbomPackages(payload.predicate).length, o.id).toBeGreaterThan(0);
      else expect([o.id, o.recordedPackages, sbomPackages(payload.predicate).length]).toEqual(['busybox-1.36.1', 0, 0]);
    }
  });

  it('the non-compliant example stops at its lock-down check, naming each problem, and gets no tag', async () => {
    const o = outcome(first, 'noncompliant-0.1.0');
    expect(o).toMatchObject({ status: 'stopped', stoppedAt: 'lock-down', published: [] });
    for (const rule of ['no-shell', 'no-package-manager', 'non-root', 'exec-form']) expect(o.reason).toContain(`${rule}:`);
    const ref = parseReference(o.plannedTags[0] ?? '');
    expect(await registry.tags(ref.registry, ref.repository)).not.toContain(ref.tag);
  });

  it('the example with a missing shared library stops at its tests, with the loader\u2019s words, and gets no tag', async () => {
    const o = outcome(first, 'jq-1.6');
    expect(o).toMatchObject({ status: 'stopped', stoppedAt: 'test', passed: ['build', 'lock-down'], published: [] });
    expect(o.reason).toMatch(/test 'prints its version' failed on linux\/amd64 .*exit code 127/);
    expect(o.reason).toMatch(/command: \/usr\/bin\/jq --version, as user 65532/);
    expect(o.reason).toMatch(/error while loading shared libraries: libjq\.so\.1/);
    const ref = parseReference(o.plannedTags[0] ?? '');
    expect(await registry.tags(ref.registry, ref.repository)).not.toContain(ref.tag);
  });

  it('a second run with nothing changed publishes the same digests and adds no signature', async () => {
    const before = new Map(first.outcomes.filter((o) => o.status === 'published').map((o) => [o.id, attached(o.image ?? '')]));
    second = await runChainOnce();
    for (const o of first.outcomes) {
      const again = outcome(second, o.id);
      expect([again.status, again.image], o.id).toEqual([o.status, o.image]);
    }
    for (const [id, counts] of before) {
      const again = outcome(second, id);
      expect(again.newSignature, id).toBe(false);
      expect(attached(again.image ?? ''), id).toEqual(counts);
    }
  });
});
