import { beforeAll, describe, expect, it } from 'vitest';
import type { BuildPrebuiltResult } from '../../packages/buildx/index.js';
import type { PlanEntry } from '../../packages/plan/index.js';
import { readImage } from '../../packages/prebuilt/index.js';
import { RegistryClient } from '../../packages/registry/index.js';
import { build, examplePlan, imagetools, namespace, rawManifest, tagsOf } from './build-lab.js';
import { type Lab, lab } from './lab.js';

/**
 * The example images, planned from examples/images.yaml as matrix-expand plans
 * them, built with the real buildx on the lab's BuildKit and pushed to the lab
 * registry by digest. Nothing is tagged; prebuilt images are checked on what
 * was pushed.
 */

let l: Lab;
let base: string;
let entries: PlanEntry[];
const built = new Map<string, BuildPrebuiltResult>();

function entry(id: string): PlanEntry {
  const found = entries.find((e) => e.id === id);
  if (!found) throw new Error(`no entry ${id} in ${entries.map((e) => e.id).join(', ')}`);
  return found;
}

beforeAll(async () => {
  l = lab();
  base = namespace(l, 'examples');
  entries = await examplePlan(base, ['velero', 'python-runner', 'kerberos-test', 'node-app', 'noncompliant']);
  for (const id of ['velero-1.12.3-aws1.8.2', 'velero-1.13.0-gcp1.9.0', 'python-runner-3.11.2', 'node-app-18.19.0', 'noncompliant-0.1.0']) {
    const e = entry(id);
    const { result } = await build(l, e, id.startsWith('velero') ? { cache: 'registry' } : {});
    built.set(id, result);
  }
  // The child is built on exactly the digest of its parent's build.
  const kerberos = entry('kerberos-test-1.0.0');
  const parent = built.get('python-runner-3.11.2');
  if (!parent) throw new Error('python-runner was not built');
  const parents = Object.fromEntries(kerberos.parents.map((p) => [p.reference, parent.main.image]));
  built.set(kerberos.id, (await build(l, kerberos, { parents })).result);
});

function result(id: string): BuildPrebuiltResult {
  const found = built.get(id);
  if (!found) throw new Error(`${id} was not built`);
  return found;
}

describe('every example lands in the registry by digest, with no tag', () => {
  it.each([
    'velero-1.12.3-aws1.8.2',
    'velero-1.13.0-gcp1.9.0',
    'python-runner-3.11.2',
    'kerberos-test-1.0.0',
    'node-app-18.19.0',
    'noncompliant-0.1.0',
  ])('%s', async (id) => {
    const e = entry(id);
    const r = result(id);
    expect(r.main.image).toMatch(new RegExp(`^${e.repository.replace(/[.]/g, '\\.')}@sha256:[a-f0-9]{64}$`));
    const manifest = imagetools(l, r.main.image, '{{json .Manifest}}') as { digest: string };
    expect(manifest.digest).toBe(r.main.metadata.digest);
    // Only the registry cache's own tag may exist: no image tag before scan and sign.
    const tags = await tagsOf(e.repository);
    expect(tags).toEqual(id.startsWith('velero') ? [`buildcache-${e.application}`] : []);
  });
});

describe('labels and annotations, read with docker buildx imagetools inspect', () => {
  it('carries the OCI labels and the build id in the config', () => {
    const e = entry('velero-1.12.3-aws1.8.2');
    const image = imagetools(l, result(e.id).main.image, '{{json .Image}}') as { config: { Labels: Record<string, string> } };
    expect(image.config.Labels['dev.image-actions.build-id']).toBe(e.buildId);
    expect(image.config.Labels['org.opencontainers.image.version']).toBe(e.labels['org.opencontainers.image.version']);
    expect(Object.keys(e.labels).length).toBeGreaterThan(2);
    for (const [key, value] of Object.entries(e.labels)) expect(image.config.Labels[key]).toBe(value);
  });

  it('annotates the index and the image manifest with the same OCI keys', () => {
    const e = entry('velero-1.12.3-aws1.8.2');
    const index = rawManifest(l, result(e.id).main.image);
    expect(index.annotations?.['dev.image-actions.build-id']).toBe(e.buildId);
    expect(index.annotations?.['org.opencontainers.image.version']).toBe(e.labels['org.opencontainers.image.version']);
    const platform = index.manifests?.find((m) => m.platform?.os === 'linux');
    if (!platform) throw new Error('no platform manifest');
    const image = rawManifest(l, `${e.repository}@${platform.digest}`);
    expect(image.annotations?.['dev.image-actions.build-id']).toBe(e.buildId);
    expect(image.annotations?.['org.opencontainers.image.version']).toBe(e.labels['org.opencontainers.image.version']);
  });

  it('builds each variant from its own build args', async () => {
    const client = new RegistryClient();
    const [gcp] = await readImage(client, result('velero-1.13.0-gcp1.9.0').main.image);
    expect(gcp?.files.has('/plugins/velero-plugin-for-gcp')).toBe(true);
    expect(gcp?.files.has('/plugins/velero-plugin-for-aws')).toBe(false);
  });
});

describe('lock-down checks on the pushed images', () => {
  it('python-runner passes every rule', () => {
    const r = result('python-runner-3.11.2');
    expect(r.checks?.map((c) => `${c.rule}:${c.passed}`)).toEqual([
      'no-shell:true',
      'no-package-manager:true',
      'non-root:true',
      'exec-form:true',
      'capabilities:true',
    ]);
    expect(r.problems).toEqual([]);
  });

  it('kerberos-test, built on the python-runner digest, passes and shares its layers', async () => {
    const r = result('kerberos-test-1.0.0');
    expect(r.problems).toEqual([]);
    const parentLayers = (imagetools(l, result('python-runner-3.11.2').main.image, '{{json .Image}}') as { rootfs: { diff_ids: string[] } })
      .rootfs.diff_ids;
    const childLayers = (imagetools(l, r.main.image, '{{json .Image}}') as { rootfs: { diff_ids: string[] } }).rootfs.diff_ids;
    expect(childLayers.slice(0, parentLayers.length)).toEqual(parentLayers);
  });

  it('node-app passes, and its debug twin (with a shell) is built into its own repository, unchecked', async () => {
    const e = entry('node-app-18.19.0');
    const r = result(e.id);
    expect(r.problems).toEqual([]);
    expect(r.debug?.image.startsWith(`${e.debug?.repository}@sha256:`)).toBe(true);
    const [twin] = await readImage(new RegistryClient(), r.debug?.image ?? '');
    expect(twin?.files.has('/busybox/sh')).toBe(true);
    expect(await tagsOf(e.debug?.repository ?? '')).toEqual([]);
  });

  it('noncompliant fails, naming each problem', () => {
    const r = result('noncompliant-0.1.0');
    const failed = Object.fromEntries((r.checks ?? []).map((c) => [c.rule, c.passed]));
    expect(failed).toEqual({ 'no-shell': false, 'no-package-manager': false, 'non-root': false, 'exec-form': false, capabilities: true });
    expect(r.problems).toEqual(
      expect.arrayContaining([
        'no-shell: linux/amd64: has a shell: /usr/bin/sh (symlink to dash)',
        'no-shell: linux/amd64: has a shell: /usr/bin/bash (file; bash, recognised as an ELF binary carrying "GNU bash, version")',
        expect.stringMatching(/^no-shell: linux\/amd64: has \d+ scripts that need a shell to run: /),
        'no-package-manager: linux/amd64: has a package manager: /usr/bin/apt-get (apt-get, recognised as an ELF binary carrying "Usage: apt-get [options] command")',
        'no-package-manager: linux/amd64: has a package manager: /usr/bin/dpkg (dpkg, recognised as an ELF binary carrying "Debian \'%s\' package management program version %s.")',
        expect.stringMatching(/^non-root: linux\/amd64: runs as root \(User is not set\)/),
        expect.stringMatching(/^exec-form: linux\/amd64: CMD is in shell form \(\["\/bin\/sh","-c",/),
      ]),
    );
    // A refused image gets no debug twin either.
    expect(r.debug).toBeUndefined();
  });
});
