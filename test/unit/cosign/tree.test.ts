import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTree } from '../../../packages/cosign/tree.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'cosign', name), 'utf8');
const HEX = 'ac7c6159ea4e415b0343584e17cf6c059eaa821a9774f16323e1d97c4aecd0be';

describe('cosign tree', () => {
  it('v3 referrers: signatures by their predicate type, the rest as attestations', () => {
    const tree = parseTree(fixture('tree-v3-referrers.txt'));
    expect(tree.signatures).toHaveLength(2);
    expect(tree.attestations.map((a) => a.predicateType)).toEqual(['https://cyclonedx.org/bom', 'https://cyclonedx.org/bom']);
    for (const reference of [...tree.signatures, ...tree.attestations.map((a) => a.reference)]) {
      expect(reference).toMatch(/^127\.0\.0\.1:5001\/cosign-probe\/a@sha256:[a-f0-9]{64}$/);
    }
  });

  it('v2 tags: the .sig and .att tags', () => {
    expect(parseTree(fixture('tree-v2-tags.txt'))).toEqual({
      signatures: [`127.0.0.1:5001/cosign-probe/b:sha256-${HEX}.sig`],
      attestations: [{ reference: `127.0.0.1:5001/cosign-probe/b:sha256-${HEX}.att` }],
    });
  });

  it('v3 reading the tag scheme', () => {
    expect(parseTree(fixture('tree-v3-tags.txt')).signatures).toEqual([`127.0.0.1:5001/cosign-probe/c:sha256-${HEX}.sig`]);
  });

  it('nothing attached', () => {
    expect(parseTree(fixture('tree-v3-unsigned.txt'))).toEqual({ signatures: [], attestations: [] });
  });
});
