import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog, parseCatalog } from '../../../packages/catalog/index.js';
import { expandPlan, type PlanEntry } from '../../../packages/plan/index.js';
import { repoRoot } from '../../harness/run-dist.js';

const file = join(repoRoot, 'test', 'fixtures', 'catalogs', 'good', 'tests.yaml');

async function plan(catalogText?: string): Promise<PlanEntry[]> {
  const workspace = join(repoRoot, 'test', 'fixtures', 'catalogs');
  const catalog = catalogText === undefined ? await loadCatalog(file, { workspace }) : await parseCatalog(catalogText, file, { workspace });
  const result = await expandPlan(catalog, {
    workspace: repoRoot,
    commit: { sha: 'a'.repeat(40), time: '2026-01-01T00:00:00Z' },
    today: '2026-01-01',
    readFroms: () => [],
  });
  return result.entries;
}

function byId(entries: PlanEntry[], id: string): PlanEntry {
  const found = entries.find((e) => e.id === id);
  if (!found) throw new Error(`no entry ${id}: ${entries.map((e) => e.id).join(', ')}`);
  return found;
}

describe('the tests of each plan entry', () => {
  it('merges image, version and variant tests by name, keeps skips, and fills placeholders (escaped in regexes)', async () => {
    const entries = await plan();
    const variant = byId(entries, 'app-1.0.0-aws2.0.0');
    expect(variant.tests?.map((t) => ('skip' in t ? `${t.name}: skip (${t.skip})` : `${t.name}: ${(t.args ?? []).join(' ')}`))).toEqual([
      // The version's replacement takes the image test's place; the variant adds its own.
      'prints its version: version',
      'serves health: skip (1.0 has no /healthz)',
      'loads its plugin: --plugin aws',
    ]);
    const plain = byId(entries, 'app-1.1.0');
    const version = plain.tests?.[0];
    expect(version && !('skip' in version) ? version.expect.stdout : undefined).toBe('^app 1\\.1\\.0$');
    expect(new RegExp(version && !('skip' in version) ? (version.expect.stdout ?? '') : '', 'm').test('app 1x1x0')).toBe(false);
    expect(plain.tests?.map((t) => t.name)).toEqual(['prints its version', 'serves health']);
  });

  it('gives the debug twin its own tests, not the image’s', async () => {
    const entry = byId(await plan(), 'app-1.1.0');
    expect(entry.debug?.tests?.map((t) => t.name)).toEqual(['has a shell']);
  });

  it('leaves the field out of an entry without tests, and a new test changes the build id', async () => {
    const text = readFileSync(file, 'utf8');
    const without = text.replace(/ {4}tests:\n(?: {6}.*\n| {8}.*\n)+/, '').replace(/ {8}tests:\n(?: {10}.*\n)+/, '');
    const bare = byId(await plan(without), 'app-1.1.0');
    expect(bare.tests).toBeUndefined();
    const tested = byId(await plan(), 'app-1.1.0');
    expect(tested.buildId).not.toBe(bare.buildId);
  });
});
