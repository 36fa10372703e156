import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDist } from '../harness/run-dist.js';

/** The bundled action, run as the runner runs it. */

interface Reported {
  tag: string;
  rule: string;
  message: string;
  hint: string;
  file?: string;
  line?: number;
}
const violationsOf = (outputs: Record<string, string>) => JSON.parse(outputs.violations ?? '[]') as Reported[];

describe('verify-tag-scheme with given tags', () => {
  const cases: Array<{ name: string; tags: string; template?: string; rules: string[] }> = [
    { name: 'the ADR example', tags: 'ghcr.io/elastisys/compliantkubernetes-apps/velero:1.12.3-aws1.8.2', rules: [] },
    { name: 'an image without variants', tags: 'ghcr.io/o/r/python-runner:3.11.9', rules: [] },
    {
      name: 'several, one per rule broken',
      tags: 'ghcr.io/o/r/velero:v1.12.3-aws1.8.2\nghcr.io/o/r/velero:1.12.3-AWS1.8.2, ghcr.io/o/r/velero:1.12.3-aws-1.8.2\nghcr.io/o/r/velero:latest',
      rules: ['no-version-prefix', 'lowercase-identifier', 'no-identifier-separator', 'template'],
    },
    {
      name: 'an organisation template',
      tags: 'ghcr.io/o/r/velero:1.12.3_aws-1.8.2',
      template: '{application}:{version}_{variant}-{variant-version}',
      rules: [],
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const run = await runDist('verify-tag-scheme', { tags: c.tags, ...(c.template ? { 'tag-template': c.template } : {}) });
      expect(violationsOf(run.outputs).map((v) => v.rule)).toEqual(c.rules);
      expect(run.outputs.valid).toBe(String(c.rules.length === 0));
      expect(run.exitCode).toBe(c.rules.length === 0 ? 0 : 1);
      expect(run.errors).toHaveLength(c.rules.length);
      for (const [i, rule] of c.rules.entries()) expect(run.errors[i]).toMatch(new RegExp(`^verify-tag-scheme: \\[${rule}\\] `));
    });
  }

  it('warns instead of failing when asked', async () => {
    const run = await runDist('verify-tag-scheme', { tags: 'ghcr.io/o/r/velero:v1.0', 'fail-on-violation': 'false' });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.valid).toBe('false');
    expect(run.warnings).toEqual([
      expect.stringMatching(/^verify-tag-scheme: \[no-version-prefix\] 'v1.0': version 'v1.0' is not a tag version/),
    ]);
    expect(run.summary).toContain('no-version-prefix');
  });

  it('refuses an ambiguous template', async () => {
    const run = await runDist('verify-tag-scheme', {
      tags: 'ghcr.io/o/r/a:1.0',
      'tag-template': '{application}:{version}.{variant-version}-{variant}',
    });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toEqual([expect.stringMatching(/^verify-tag-scheme: input 'tag-template' .* is refused/)]);
  });

  it('needs tags or a catalog', async () => {
    const run = await runDist('verify-tag-scheme', {});
    expect(run.errors).toEqual([expect.stringMatching(/^verify-tag-scheme: input 'tags' is required when 'catalog' is not set/)]);
  });
});

describe('verify-tag-scheme with a catalog', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'verify-action-'));
    for (const name of ['velero', 'node-app']) {
      mkdirSync(join(dir, 'images', name), { recursive: true });
      writeFileSync(join(dir, 'images', name, 'Dockerfile'), 'FROM 127.0.0.1:5001/lab/busybox:stable AS debug\nFROM scratch AS runtime\n');
    }
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, body: string) => {
    writeFileSync(join(dir, name), `registry: ghcr.io\nrepository: example-org/curated-images\nimages:\n${body}`);
    return name;
  };

  it('the example catalog plans only good tags', async () => {
    const run = await runDist('verify-tag-scheme', { catalog: 'examples/images.yaml' });
    expect(run.errors).toEqual([]);
    expect(run.outputs.valid).toBe('true');
    expect(Number(run.outputs.checked)).toBeGreaterThan(5);
  });

  it('blames two entries with one tag on the catalog line', async () => {
    const file = write(
      'dup.yaml',
      [
        '  node-app:',
        '    owner: team@example.com',
        '    context: images/node-app',
        '    mode: prebuilt',
        '    debug: { target: debug }',
        '    versions: ["20.11.1"]',
        '  node-app-debug:',
        '    owner: team@example.com',
        '    context: images/velero',
        '    versions: ["20.11.1"]',
        '',
      ].join('\n'),
    );
    const run = await runDist('verify-tag-scheme', { catalog: file }, { cwd: dir });
    expect(run.exitCode).toBe(1);
    expect(violationsOf(run.outputs)).toEqual([
      expect.objectContaining({ rule: 'duplicate-tag', tag: 'ghcr.io/example-org/curated-images/node-app-debug:20.11.1', file, line: 13 }),
    ]);
    expect(run.stdout).toMatch(
      new RegExp(`::error file=${file.replace('.', '\\.')},line=13[^:]*::verify-tag-scheme: .*\\[duplicate-tag\\]`),
    );
  });
});
