import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readActionYaml, repoRoot, runDist } from '../harness/run-dist.js';

const actions = readdirSync(join(repoRoot, 'actions'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && !d.name.startsWith('_'))
  .map((d) => d.name);

describe('every action', () => {
  it('there are the actions of the design', () => {
    expect(actions.sort()).toEqual([
      'build-prebuilt',
      'matrix-expand',
      'propagate',
      'rescan',
      'retain-versions',
      'scan-with-trivy',
      'sign-with-cosign',
      'verify-tag-scheme',
    ]);
  });

  for (const action of actions) {
    describe(action, () => {
      const yaml = readActionYaml(action);

      it('runs on node24 from its dist entry', () => {
        expect(yaml.runs.using).toBe('node24');
        expect(yaml.runs.main).toBe(`../../dist/${action}/index.js`);
      });

      it('declares in its spec exactly the inputs and outputs of action.yml', async () => {
        const { spec } = (await import(join(repoRoot, 'actions', action, 'src', 'spec.ts'))) as {
          spec: { name: string; inputs: string[]; outputs: string[] };
        };
        expect(spec.name).toBe(action);
        expect([...spec.inputs].sort()).toEqual(Object.keys(yaml.inputs ?? {}).sort());
        expect([...spec.outputs].sort()).toEqual(Object.keys(yaml.outputs ?? {}).sort());
      });

      it('documents every input and output, and has name, description and branding', () => {
        const raw = readActionYaml(action) as unknown as Record<string, unknown>;
        expect(raw.name).toBe(action);
        expect(typeof raw.description).toBe('string');
        expect(raw.branding).toMatchObject({ icon: expect.any(String), color: expect.any(String) });
        for (const [name, spec] of Object.entries({ ...(yaml.inputs ?? {}), ...(yaml.outputs ?? {}) })) {
          expect((spec as { description?: string }).description, name).toMatch(/\w/);
        }
      });

      it('reads inputs only through the typed reader of its spec', () => {
        const dir = join(repoRoot, 'actions', action, 'src');
        for (const file of readdirSync(dir)) {
          const text = readFileSync(join(dir, file), 'utf8');
          expect(text, file).not.toMatch(/core\.get(Boolean|Multiline)?Input|process\.env\.INPUT_|core\.setOutput/);
        }
      });

      const required = Object.entries(yaml.inputs ?? {}).filter(([, s]) => s.required && s.default === undefined);
      for (const [name] of required) {
        it(`fails with one ::error:: naming '${name}' when it is missing`, async () => {
          const run = await runDist(action, {});
          expect(run.exitCode).not.toBe(0);
          expect(run.errors).toHaveLength(1);
          expect(run.errors[0]).toMatch(new RegExp(`^${action}: .*'${name}'`));
        });
      }
    });
  }
});

describe('strict booleans', () => {
  it('a typo in a boolean input fails naming the input', async () => {
    const run = await runDist('verify-tag-scheme', { tags: 'ghcr.io/o/r/app:1.0.0', 'fail-on-violation': 'ture' });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toEqual([expect.stringMatching(/^verify-tag-scheme: input 'fail-on-violation' is 'ture', which is not a boolean/)]);
  });
});
