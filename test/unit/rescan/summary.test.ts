import { describe, expect, it } from 'vitest';
import { imagesToRebuild, rescanCategory, summaryMarkdown, tagLines } from '../../../packages/rescan/index.js';
import { DIGEST_A, GZIP, image, REPOSITORY, result, tag } from './fixtures.js';

describe('what a rescan prints', () => {
  const velero = image([
    tag('1.0.0', { blocking: [GZIP], changes: { new: [GZIP], resolved: [], expiredIgnores: [] } }),
    tag('1.1.0', { status: 'tampered', reason: 'TAMPERED: the tag names sha256:bbb…, which carries no signature that verifies' }),
  ]);
  const python = image([tag('3.11.9')], {
    application: 'python-runner',
    key: 'ghcr.io/o/r/python-runner',
    unpublished: ['ghcr.io/o/r/python-runner:3.12.0'],
  });
  const run = result([velero, python]);

  it('one line per published tag', () => {
    expect(tagLines(run)).toEqual([
      `${REPOSITORY}:1.0.0: findings: TEST-2026-0101`,
      `${REPOSITORY}:1.1.0: TAMPERED: the tag names sha256:bbb…, which carries no signature that verifies`,
      `${REPOSITORY}:3.11.9: clean: no finding at HIGH or above`,
    ]);
  });

  it('a summary table: a row per tag, what is new, what is tampered, what is not published', () => {
    const text = summaryMarkdown(run);
    expect(text).toContain(
      'Gate: fail on HIGH or above with a fix available. Vulnerability DB: download from mirror.gcr.io/aquasec/trivy-db:2; trivy 0.74.0.',
    );
    expect(text).toContain(`| velero | \`velero:1.0.0\` | \`${DIGEST_A.slice(0, 19)}…\` | findings | TEST-2026-0101 | TEST-2026-0101 |  |`);
    expect(text).toContain('| velero | `velero:1.1.0` |');
    expect(text).toContain('| TAMPERED |');
    expect(text).toContain('Planned but not published (not rescanned): `ghcr.io/o/r/python-runner:3.12.0`.');
    expect(text).toContain('#### Tampered or not checked');
  });

  it('only verified tags with a fixable finding at the gate ask for a rebuild', () => {
    expect(imagesToRebuild(run).map((i) => i.application)).toEqual(['velero']);
    const { fixedVersion: _fix, ...noFix } = GZIP;
    const unfixable = image([tag('1.0.0', { blocking: [noFix], fixable: false })]);
    expect(imagesToRebuild(result([unfixable]))).toEqual([]);
  });
});

describe('rescanCategory: one code-scanning category per image and tag', () => {
  it.each([
    {
      tag: 'ghcr.io/example-org/curated-images/velero:1.12.3-aws1.8.2',
      category: 'rescan/example-org/curated-images/velero:1.12.3-aws1.8.2/',
    },
    { tag: '127.0.0.1:5001/lab/app:1.0.0', category: 'rescan/lab/app:1.0.0/' },
  ])('$tag', ({ tag, category }) => expect(rescanCategory(tag)).toBe(category));
});
