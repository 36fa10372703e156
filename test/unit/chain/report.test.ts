import { describe, expect, it } from 'vitest';
import { type ChainReport, type ImageOutcome, outcomeLine, reportMarkdown, reportText } from '../../../packages/chain/index.js';

const IMAGE = `127.0.0.1:5001/org/velero@sha256:${'a'.repeat(64)}`;
const base: ImageOutcome = {
  id: 'velero-1.12.3-aws1.8.2',
  application: 'velero',
  repository: '127.0.0.1:5001/org/velero',
  plannedTags: ['127.0.0.1:5001/org/velero:1.12.3-aws1.8.2'],
  status: 'published',
  image: IMAGE,
  passed: ['build', 'lock-down', 'scan', 'sign', 'publish'],
  phase: 'publish',
  evidence: {},
  published: ['127.0.0.1:5001/org/velero:1.12.3-aws1.8.2'],
  verifyCommand: `cosign verify --key cosign.pub ${IMAGE}`,
};

describe('outcomeLine', () => {
  const cases: Array<{ name: string; outcome: ImageOutcome; line: string }> = [
    {
      name: 'published: the tags and the digest',
      outcome: base,
      line: `velero-1.12.3-aws1.8.2: published 127.0.0.1:5001/org/velero:1.12.3-aws1.8.2 -> ${IMAGE}`,
    },
    {
      name: 'passed with publishing off',
      outcome: { ...base, status: 'passed', published: [], passed: ['build', 'lock-down', 'scan'] },
      line: `velero-1.12.3-aws1.8.2: passed build, lock-down, scan, not published: ${IMAGE}`,
    },
    {
      name: 'stopped: the gate and the reason',
      outcome: { ...base, status: 'stopped', published: [], stoppedAt: 'lock-down', reason: 'has a shell: /bin/sh' },
      line: 'velero-1.12.3-aws1.8.2: stopped at lock-down: has a shell: /bin/sh; no tag',
    },
  ];
  for (const c of cases) it(c.name, () => expect(outcomeLine(c.outcome)).toBe(c.line));
});

describe('reports', () => {
  const report: ChainReport = {
    outcomes: [base, { ...base, id: 'noncompliant-1.0.0', status: 'stopped', published: [], stoppedAt: 'lock-down', reason: 'a | b\nc' }],
  };

  it('markup in a reason is shown, not rendered', () => {
    const md = reportMarkdown({
      outcomes: [{ ...base, status: 'stopped', published: [], stoppedAt: 'scan', reason: '<img src=x> & <b>' }],
    });
    expect(md).toContain('&lt;img src=x&gt; &amp; &lt;b&gt;');
    expect(md).not.toContain('<img');
  });

  it('text ends with the totals', () => {
    expect(reportText(report).trim().split('\n').at(-1)).toBe('2 images: 1 published, 0 passed unpublished, 1 stopped');
  });

  it('markdown keeps each image on one table row, and lists verify commands of published images only', () => {
    const md = reportMarkdown(report);
    expect(md).toContain('| `noncompliant-1.0.0` | stopped at **lock-down** |');
    expect(md).toContain('a \\| b<br>c');
    expect(md.match(/^cosign verify/gm)).toHaveLength(1);
  });
});
