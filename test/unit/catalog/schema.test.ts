import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closest } from '../../../packages/catalog/index.js';
import { repoRoot } from '../../harness/run-dist.js';

type Schema = { [key: string]: unknown; $ref?: string; description?: string; properties?: Record<string, Schema> };

const schema = JSON.parse(readFileSync(join(repoRoot, 'schema', 'catalog.schema.json'), 'utf8')) as Schema;

function resolve(node: Schema): Schema {
  if (node.$ref === undefined) return node;
  const name = node.$ref.replace('#/definitions/', '');
  const target = (schema.definitions as Record<string, Schema> | undefined)?.[name];
  if (!target) throw new Error(`dangling $ref ${node.$ref}`);
  return target;
}

/** Every property of every object in the schema, with its path. */
function properties(node: Schema, path: string, seen = new Set<Schema>()): Array<{ path: string; schema: Schema }> {
  const target = resolve(node);
  if (seen.has(target)) return [];
  seen.add(target);
  const found: Array<{ path: string; schema: Schema }> = [];
  for (const [name, child] of Object.entries(target.properties ?? {})) {
    found.push({ path: `${path}.${name}`, schema: child }, ...properties(child, `${path}.${name}`, seen));
  }
  for (const key of ['additionalProperties', 'items'] as const) {
    const child = target[key];
    if (typeof child === 'object' && child !== null) found.push(...properties(child as Schema, `${path}.${key}`, seen));
  }
  for (const branch of (target.oneOf as Schema[] | undefined) ?? []) found.push(...properties(branch, `${path}|`, seen));
  return found;
}

describe('the catalog schema, as editors see it', () => {
  const all = properties(schema, '$');

  it('reaches every field of the catalog', () => {
    const paths = all.map((p) => p.path);
    for (const field of [
      '$.registry',
      '$.defaults.keep',
      '$.images.additionalProperties.owner',
      '$.images.additionalProperties.debug.target',
    ]) {
      expect(paths).toContain(field);
    }
  });

  for (const { path, schema: field } of all) {
    it(`${path} has a description`, () => expect(resolve(field).description ?? '').toMatch(/\w{3}/));
  }

  it('the example catalog points editors at it', () => {
    const first = readFileSync(join(repoRoot, 'examples', 'images.yaml'), 'utf8').split('\n')[0];
    expect(first).toBe('# yaml-language-server: $schema=../schema/catalog.schema.json');
  });
});

describe('the key a typo meant', () => {
  const keys = [
    'owner',
    'context',
    'dockerfile',
    'target',
    'mode',
    'platforms',
    'build-args',
    'labels',
    'requires',
    'keep',
    'debug',
    'versions',
  ];
  const cases: Array<{ typo: string; want: string | undefined }> = [
    { typo: 'contxt', want: 'context' },
    { typo: 'Context', want: 'context' },
    { typo: 'build_args', want: 'build-args' },
    { typo: 'buildargs', want: 'build-args' },
    { typo: 'version', want: 'versions' },
    { typo: 'platform', want: 'platforms' },
    { typo: 'dockerfil', want: 'dockerfile' },
    { typo: 'maintainer', want: undefined },
    { typo: 'x', want: undefined },
  ];
  for (const c of cases) {
    it(`${c.typo} -> ${c.want ?? 'nothing'}`, () => expect(closest(c.typo, keys)).toBe(c.want));
  }
});
