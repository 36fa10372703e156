import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanEntry } from '../../packages/plan/index.js';
import { repoRoot, runDist } from '../harness/run-dist.js';
import { build, examplePlan, namespace, rawManifest, tagsOf } from './build-lab.js';
import { type Lab, lab } from './lab.js';

/**
 * The bundled action (dist/build-prebuilt/index.js, run as the runner runs
 * it, with INPUT_* variables) building real images on the lab: a plan entry
 * that passes the lock-down checks, one that fails them, and the merge step
 * of per-platform builds. Run `npm run build` first.
 */

let l: Lab;
let base: string;
let entries: PlanEntry[];
let scratch: string;

beforeAll(async () => {
  l = lab();
  base = namespace(l, 'action');
  entries = await examplePlan(base, ['python-runner', 'noncompliant']);
  scratch = mkdtempSync(join(tmpdir(), 'build-action-'));
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function entry(application: string): PlanEntry {
  const found = entries.find((e) => e.application === application);
  if (!found) throw new Error(`no ${application} entry`);
  return found;
}

const run = (inputs: Record<string, string>) =>
  runDist('build-prebuilt', inputs, { env: { ...l.env, GITHUB_WORKSPACE: repoRoot }, cwd: repoRoot });

describe('build-prebuilt, the bundled action', () => {
  it('builds a plan entry, pushes it by digest with no tag, and reports every check passed', async () => {
    const e = entry('python-runner');
    const result = await run({ entry: JSON.stringify(e), cache: 'none' });
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.outputs.image).toBe(`${e.repository}@${result.outputs.digest}`);
    expect(result.outputs['build-id']).toBe(e.buildId);
    expect(JSON.parse(result.outputs.metadata ?? '{}')['containerimage.digest']).toBe(result.outputs.digest);
    expect(JSON.parse(result.outputs.platforms ?? '[]')).toEqual([
      { platform: 'linux/amd64', digest: expect.stringMatching(/^sha256:/), size: expect.any(Number) },
    ]);
    expect(Number(result.outputs.size)).toBeGreaterThan(1_000_000);
    const checks = JSON.parse(result.outputs.checks ?? '[]') as Array<{ rule: string; passed: boolean }>;
    expect(checks.map((c) => `${c.rule}:${c.passed}`)).toEqual([
      'no-shell:true',
      'no-package-manager:true',
      'non-root:true',
      'exec-form:true',
      'capabilities:true',
    ]);
    expect(result.summary).toContain('### build-prebuilt: python-runner-3.11.2');
    expect(result.summary).toMatch(/\| capabilities \| pass \|/);
    expect(result.summary).toContain(result.outputs.image);
    expect(await tagsOf(e.repository)).toEqual([]);
  });

  it('fails a non-compliant prebuilt image with one error per problem, after writing its digest out', async () => {
    const e = entry('noncompliant');
    const result = await run({ entry: JSON.stringify(e), cache: 'none', sbom: 'false', provenance: 'false' });
    expect(result.exitCode).not.toBe(0);
    expect(result.outputs.image).toMatch(/@sha256:/);
    for (const rule of ['no-shell', 'no-package-manager', 'non-root', 'exec-form']) {
      expect(result.errors.some((error) => error.includes(`noncompliant-0.1.0 is not locked down: ${rule}: linux/amd64: `))).toBe(true);
    }
    expect(result.errors.some((error) => error.includes('capabilities:'))).toBe(false);
    expect(result.summary).toMatch(/\| non-root \| \*\*FAIL\*\* \|/);
    expect(await tagsOf(e.repository)).toEqual([]);
  });

  it('builds by hand from inputs, without a plan entry', async () => {
    const context = mkdtempSync(join(scratch, 'hand-'));
    writeFileSync(join(context, 'Dockerfile'), 'FROM busybox:stable\nARG GREETING\nRUN echo "$GREETING" > /greeting\n');
    const repository = `${base}/by-hand`;
    const result = await run({
      context,
      repository,
      'build-args': 'GREETING=hello, world',
      labels: 'org.opencontainers.image.title=by-hand',
      cache: 'none',
      sbom: 'false',
      provenance: 'false',
    });
    expect(result.errors).toEqual([]);
    expect(result.outputs.image).toMatch(new RegExp(`^${repository.replace(/[.]/g, '\\.')}@sha256:`));
    expect(JSON.parse(result.outputs.checks ?? 'null')).toEqual([]);
    expect(rawManifest(l, result.outputs.image ?? '').annotations?.['org.opencontainers.image.title']).toBe('by-hand');
  });

  it('merges per-platform builds into one index by digest', async () => {
    const e = { ...entry('python-runner'), repository: `${base}/merge` };
    const images: string[] = [];
    for (const variant of ['a', 'b']) {
      // Two amd64 builds stand in for two platforms: the merge step does not care which platforms it gets.
      const { result } = await build(
        l,
        { ...e, buildId: `sha256:${variant}`, platform: 'linux/amd64' },
        { sbom: false, provenance: false },
      );
      images.push(result.main.image);
    }
    const result = await run({ merge: images.join('\n'), labels: 'org.opencontainers.image.title=merged' });
    expect(result.errors).toEqual([]);
    expect(result.outputs.image).toBe(`${e.repository}@${result.outputs.digest}`);
    const index = rawManifest(l, result.outputs.image ?? '');
    expect(index.manifests?.map((m) => m.digest).sort()).toEqual(images.map((i) => i.slice(i.indexOf('@') + 1)).sort());
    expect(index.annotations?.['org.opencontainers.image.title']).toBe('merged');
    expect(await tagsOf(e.repository)).toEqual([]);
  });
});
