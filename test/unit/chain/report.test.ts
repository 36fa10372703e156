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
    {
      name: 'an import published after upstream moved',
      outcome: { ...base, upstream: { reference: 'docker.io/library/velero:1.12.3', digest: 'sha256:new', previous: 'sha256:old' } },
      line: `velero-1.12.3-aws1.8.2: published 127.0.0.1:5001/org/velero:1.12.3-aws1.8.2 -> ${IMAGE} (upstream moved from sha256:old to sha256:new (docker.io/library/velero:1.12.3))`,
    },
    {
      name: 'an import whose new upstream digest was stopped: the previous one stays',
      outcome: {
        ...base,
        status: 'stopped',
        published: [],
        stoppedAt: 'scan',
        reason: 'fail: 1 HIGH',
        upstream: { reference: 'docker.io/library/velero:1.12.3', digest: 'sha256:new', previous: 'sha256:old' },
      },
      line: 'velero-1.12.3-aws1.8.2: stopped at scan: fail: 1 HIGH; no tag (upstream moved from sha256:old to sha256:new (docker.io/library/velero:1.12.3); sha256:old stays published)',
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
    expect(reportText(report).trim().split('\n').at(-1)).toBe('2 images: 1 published, 0 passed unpublished, 1 stopped, 0 unchanged');
  });

  it('markdown keeps each image on one table row, and lists verify commands of published images only', () => {
    const md = reportMarkdown(report);
    expect(md).toContain('| `noncompliant-1.0.0` | stopped at **lock-down** |');
    expect(md).toContain('a \\| b<br>c');
    expect(md.match(/^cosign verify/gm)).toHaveLength(1);
  });

  it('markdown says what the tests did for each image that has them, and the failing test where one stopped', () => {
    const tested: ImageOutcome = {
      ...base,
      tests: { verdict: 'pass', summary: '1 of 1 passed on linux/amd64, linux/arm64', runs: [] },
    };
    const stopped: ImageOutcome = {
      ...base,
      id: 'jq-1.6',
      status: 'stopped',
      published: [],
      stoppedAt: 'test',
      reason:
        "test 'prints its version' failed on linux/amd64 (exit code 127): exited with code 127, expected 0\n  command: /usr/bin/jq --version",
    };
    const md = reportMarkdown({ outcomes: [tested, stopped, base] });
    const rows = md.split('\n').filter((line) => line.startsWith('| `'));
    expect(rows[0]).toContain('tests: 1 of 1 passed on linux/amd64, linux/arm64');
    expect(rows[1]).toContain('| stopped at **test** | `127.0.0.1:5001/org/velero@sha256:');
    expect(rows[1]).toContain(
      "test 'prints its version' failed on linux/amd64 (exit code 127): exited with code 127, expected 0<br>  command: /usr/bin/jq --version",
    );
    // An image without tests says nothing about them.
    expect(rows[2]).not.toContain('tests:');
  });
});
