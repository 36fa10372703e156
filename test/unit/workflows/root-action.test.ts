import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { spec } from '../../../src/chain/spec.js';
import { readActionYaml, repoRoot } from '../../harness/run-dist.js';

/** The root action.yml is checked as test/action/harness.test.ts checks the others. */
describe('root action.yml', () => {
  const yaml = readActionYaml('.');
  const raw = parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as Record<string, unknown>;

  it('runs on node24 from the chain bundle', () => {
    expect(yaml.runs).toEqual({ using: 'node24', main: 'dist/chain/index.js' });
  });

  it('declares in src/chain/spec.ts exactly the inputs and outputs of action.yml', () => {
    expect([...spec.inputs].sort()).toEqual(Object.keys(yaml.inputs ?? {}).sort());
    expect([...spec.outputs].sort()).toEqual(Object.keys(yaml.outputs ?? {}).sort());
    expect(spec.name).toBe(raw.name);
  });

  it('documents every input and output, and has a description and branding', () => {
    expect(typeof raw.description).toBe('string');
    expect(raw.branding).toMatchObject({ icon: expect.any(String), color: expect.any(String) });
    for (const [name, entry] of Object.entries({ ...(yaml.inputs ?? {}), ...(yaml.outputs ?? {}) })) {
      expect((entry as { description?: string }).description, name).toMatch(/\w/);
    }
  });

  it('has no required input: an entry or a catalog selection is checked by the code, naming both', () => {
    for (const [name, entry] of Object.entries(yaml.inputs ?? {})) expect(entry.required, name).not.toBe(true);
  });

  it('reads inputs only through the typed reader of its spec', () => {
    for (const file of readdirSync(join(repoRoot, 'src', 'chain'))) {
      const text = readFileSync(join(repoRoot, 'src', 'chain', file), 'utf8');
      expect(text, file).not.toMatch(/core\.get(Boolean|Multiline)?Input|process\.env\.INPUT_|core\.setOutput/);
    }
  });
});
