import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandPlan, type Plan, verifyTags } from '../../packages/plan/index.js';
import { ANONYMOUS, ExplicitCredentials, RegistryClient } from '../../packages/registry/index.js';
import { BUILD_ID_LABEL, RegistryTags, SOURCE_ID_LABEL } from '../../packages/tags/index.js';
import { runDist } from '../harness/run-dist.js';
import { makeWorkspace, type Workspace } from '../unit/plan/example-catalog.js';
import { type Lab, lab } from './lab.js';

/**
 * verify-tag-scheme against the lab's real registry: images pushed with oras
 * (an OCI image manifest whose config carries the build id label, as
 * build-prebuilt's images do), then read back over the distribution API.
 */
let l: Lab;
let ws: Workspace;
let plan: Plan;
let files: string;
// A fresh repository per run: the lab registry keeps what earlier runs pushed.
const repository = `e2e-verify-${randomBytes(4).toString('hex')}/curated-images`;

function push(registry: string, reference: string, labels: Record<string, string>, login?: { username: string; password: string }): void {
  const config = join(files, 'config.json');
  writeFileSync(
    config,
    JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Labels: labels }, rootfs: { type: 'layers', diff_ids: [] } }),
  );
  const layer = join(files, 'layer.txt');
  writeFileSync(layer, reference);
  const auth = login ? ['--username', login.username, '--password-stdin'] : [];
  execFileSync(
    l.bin.oras,
    [
      'push',
      '--plain-http',
      ...auth,
      `${registry}/${reference}`,
      '--config',
      'config.json:application/vnd.oci.image.config.v1+json',
      'layer.txt:application/vnd.oci.image.layer.v1.tar',
    ],
    { cwd: files, stdio: 'pipe', ...(login ? { input: login.password } : {}) },
  );
}

function idOf(id: string): string {
  const entry = plan.entries.find((e) => e.id === id);
  if (!entry) throw new Error(`no entry ${id}`);
  return entry.sourceId;
}

beforeAll(async () => {
  l = lab();
  files = mkdtempSync(join(tmpdir(), 'verify-e2e-'));
  ws = makeWorkspace();
  ws.catalog.repository = repository;
  plan = await expandPlan(ws.catalog, ws.context({ registry: l.registry }));
  const base = `${repository}`;
  // Unchanged content: same source id.
  push(l.registry, `${base}/python-runner:3.11.9`, { [SOURCE_ID_LABEL]: idOf('python-runner-3.11.9') });
  push(l.registry, `${base}/velero:1.12.3-gcp1.8.1`, { [SOURCE_ID_LABEL]: idOf('velero-1.12.3-gcp1.8.1') });
  // Changed content under an unchanged version: a silent overwrite.
  push(l.registry, `${base}/velero:1.12.3-aws1.8.2`, { [SOURCE_ID_LABEL]: `sha256:${'1'.repeat(64)}` });
  // Not built by this suite.
  push(l.registry, `${base}/node-app:20.11.1`, {});
  // Tags outside the scheme, and tags that are not image tags.
  push(l.registry, `${base}/velero:v1.12.3-aws1.8.2`, {});
  push(l.registry, `${base}/velero:latest`, {});
  push(l.registry, `${base}/velero:sha256-${'a'.repeat(64)}.sig`, {});
  push(l.registry, `${base}/velero:buildcache-velero`, {});
}, 120_000);

/** Anonymous on purpose: the lab's own docker config must not lend these tests a login. */
function anonymous(): RegistryTags {
  return new RegistryTags(new RegistryClient({ credentials: ANONYMOUS }));
}

afterAll(() => {
  ws?.remove();
  if (files) rmSync(files, { recursive: true, force: true });
});

describe('verify-tag-scheme against the lab registry', () => {
  it('lists the tags of a repository, sorted; none for a repository that does not exist', async () => {
    const registry = anonymous();
    expect(await registry.listTags(`${l.registry}/${repository}/velero`)).toEqual([
      '1.12.3-aws1.8.2',
      '1.12.3-gcp1.8.1',
      'buildcache-velero',
      'latest',
      `sha256-${'a'.repeat(64)}.sig`,
      'v1.12.3-aws1.8.2',
    ]);
    expect(await registry.listTags(`${l.registry}/${repository}/nothing-here`)).toEqual([]);
  });

  it('reads the source id label of a tag, and nothing for a missing tag', async () => {
    const registry = anonymous();
    const runner = `${l.registry}/${repository}/python-runner`;
    expect(await registry.labelValues(runner, '3.11.9', SOURCE_ID_LABEL)).toEqual([idOf('python-runner-3.11.9')]);
    expect(await registry.labelValues(runner, '3.11.9', BUILD_ID_LABEL)).toEqual([undefined]);
    expect(await registry.labelValues(runner, '9.9.9', SOURCE_ID_LABEL)).toBeUndefined();
  });

  it('reports tags outside the scheme and silent overwrites, each with its rule and catalog line', async () => {
    const result = await verifyTags({
      tags: [],
      catalog: ws.catalog,
      plan: ws.context(),
      registry: l.registry,
      tagRegistry: anonymous(),
    });
    const base = `${l.registry}/${repository}`;
    expect(result.violations.map((v) => [v.rule, v.tag, v.location?.line])).toEqual([
      ['template', `${base}/velero:latest`, 10],
      ['no-version-prefix', `${base}/velero:v1.12.3-aws1.8.2`, 10],
      ['overwrite', `${base}/velero:1.12.3-aws1.8.2`, 16],
      ['overwrite', `${base}/node-app:20.11.1`, 43],
    ]);
    expect(result.violations[2]?.message).toContain(`already exists with source id sha256:${'1'.repeat(64)}`);
  });

  it('reads a registry behind basic auth with credentials, and says so without them', async () => {
    const auth = l.authRegistry;
    push(auth.host, `${repository}/app:1.0.0`, {}, auth);
    const withLogin = new RegistryTags(new RegistryClient({ credentials: new ExplicitCredentials({ [auth.host]: auth }) }));
    expect(await withLogin.listTags(`${auth.host}/${repository}/app`)).toEqual(['1.0.0']);
    await expect(anonymous().listTags(`${auth.host}/${repository}/app`)).rejects.toThrow(/asks for a login/);
  });

  it('the bundled action reads the registry of the tags it is given (run npm run build first)', async () => {
    const base = `${l.registry}/${repository}`;
    const run = await runDist('verify-tag-scheme', {
      tags: `${base}/velero:1.12.3-aws1.8.2`,
      'check-registry': 'true',
      'fail-on-violation': 'false',
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.valid).toBe('false');
    // The given tag, and the four tags of the repository that are image tags (the signature and the cache are skipped).
    expect(run.outputs.checked).toBe('5');
    const violations = JSON.parse(run.outputs.violations ?? '[]') as Array<{ rule: string; tag: string }>;
    expect(violations.map((v) => [v.rule, v.tag])).toEqual([
      ['template', `${base}/velero:latest`],
      ['no-version-prefix', `${base}/velero:v1.12.3-aws1.8.2`],
    ]);
  });
});
