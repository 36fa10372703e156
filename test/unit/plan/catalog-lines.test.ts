import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerfileFroms, loadCatalog } from '../../../packages/catalog/index.js';
import { expandPlan } from '../../../packages/plan/index.js';

/** The catalog loader's real positions drive which entries a catalog edit affects. */
const CATALOG = `registry: ghcr.io
repository: example-org/curated-images
defaults:
  platforms: [linux/amd64]
images:
  velero:
    owner: platform-team@example.com
    context: images/velero
    build-args:
      PLUGIN: "{{variant.id}}"
    versions:
      "1.12.3":
        variants:
          aws: "1.8.2"
          gcp: "1.8.1"
      "1.13.0":
        variants: { aws: "1.9.0" }
  python-runner:
    owner: data-platform@example.com
    context: images/python-runner
    versions: ["3.11.9"]
  pipeline-tool:
    owner: data-platform@example.com
    context: images/pipeline-tool
    versions: ["1.0.0"]
`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'catalog-lines-'));
  const write = (path: string, text: string) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  write('images.yaml', CATALOG);
  write('images/velero/Dockerfile', 'FROM debian:bookworm\n');
  write('images/python-runner/Dockerfile', 'FROM debian:bookworm\n');
  write('images/pipeline-tool/Dockerfile', 'FROM ghcr.io/example-org/curated-images/python-runner:3.11.9\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('catalog lines a pull request changed', () => {
  const cases: Array<{ name: string; lines: number[]; want: string[] }> = [
    { name: "a variant's line: that variant", lines: [14], want: ['velero-1.12.3-aws1.8.2'] },
    { name: "a version's key: its variants", lines: [12], want: ['velero-1.12.3-aws1.8.2', 'velero-1.12.3-gcp1.8.1'] },
    {
      name: "an image's build args: the image",
      lines: [10],
      want: ['velero-1.12.3-aws1.8.2', 'velero-1.12.3-gcp1.8.1', 'velero-1.13.0-aws1.9.0'],
    },
    { name: "an image's key", lines: [6], want: ['velero-1.12.3-aws1.8.2', 'velero-1.12.3-gcp1.8.1', 'velero-1.13.0-aws1.9.0'] },
    { name: "a parent's version line: the parent and its child", lines: [21], want: ['python-runner-3.11.9', 'pipeline-tool-1.0.0'] },
    { name: 'the last image', lines: [25], want: ['pipeline-tool-1.0.0'] },
    {
      name: 'the defaults: everything',
      lines: [4],
      want: ['velero-1.12.3-aws1.8.2', 'velero-1.12.3-gcp1.8.1', 'velero-1.13.0-aws1.9.0', 'python-runner-3.11.9', 'pipeline-tool-1.0.0'],
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const catalog = await loadCatalog(join(dir, 'images.yaml'));
      const plan = await expandPlan(catalog, {
        workspace: dir,
        commit: { sha: 'a'.repeat(40), time: '2026-11-01T12:00:00Z' },
        today: '2026-11-01',
        readFroms: dockerfileFroms,
        changes: { files: ['images.yaml'], catalogLines: c.lines },
      });
      expect(plan.entries.map((e) => e.id)).toEqual(c.want);
    });
  }
});
