import { describe, expect, it } from 'vitest';
import { evaluate, expiredEntries, type Finding, parseIgnoreFile, summaryMarkdown } from '../../../packages/trivy/index.js';

const image = 'ghcr.io/org/app@sha256:' + 'a'.repeat(64);
const finding = (id: string, severity: Finding['severity'], extra: Partial<Finding> = {}): Finding => ({
  id,
  pkg: 'openssl',
  installedVersion: '3.0.1',
  severity,
  target: 'app (debian 12)',
  ...extra,
});

describe('summaryMarkdown', () => {
  const findings = [
    finding('CVE-2024-0001', 'CRITICAL', {
      fixedVersion: '3.0.2',
      url: 'https://nvd.nist.gov/vuln/detail/CVE-2024-0001',
      title: 'a | pipe',
    }),
    finding('CVE-2024-0002', 'HIGH'),
    finding('CVE-2024-0003', 'LOW', { fixedVersion: '3.0.2' }),
  ];
  const ignores = parseIgnoreFile(
    '- id: CVE-2024-0002\n  reason: not reachable\n  expires: 2027-01-01\n- id: CVE-2024-0003\n  reason: old\n  expires: 2026-01-01\n',
    'ignore.yaml',
  );
  const verdict = evaluate(image, findings, { threshold: 'LOW', ignoreUnfixed: false }, ignores, '2026-11-22');
  const markdown = summaryMarkdown([verdict], 'LOW', expiredEntries(ignores, '2026-11-22'));

  it.each([
    { name: 'the verdict and the image', line: `### FAIL: \`${image}\`` },
    { name: 'counts by severity, most severe first', line: '| found | 1 | 1 | 0 | 1 | 0 |' },
    { name: 'fixable counts', line: '| fixable | 1 | 0 | 0 | 1 | 0 |' },
    {
      name: 'a blocking finding linked to its advisory, pipes escaped',
      line: '| CRITICAL | [CVE-2024-0001](https://nvd.nist.gov/vuln/detail/CVE-2024-0001) | openssl | 3.0.1 | 3.0.2 | a \\| pipe |',
    },
    { name: 'an ignored finding with reason and date', line: '| CVE-2024-0002 | openssl | HIGH | not reachable | 2027-01-01 |' },
    { name: 'a finding only an expired entry covered', line: '| CVE-2024-0003 | openssl | 2026-01-01 | ignore.yaml:4:3 |' },
    { name: 'the expired entry itself', line: '| CVE-2024-0003 | 2026-01-01 | old | ignore.yaml:4:3 |' },
  ])('shows $name', ({ line }) => {
    expect(markdown.split('\n')).toContain(line);
  });

  it('says pass for a clean image and lists no findings', () => {
    const clean = summaryMarkdown([evaluate(image, [], { threshold: 'HIGH', ignoreUnfixed: false }, [], '2026-11-22')], 'HIGH', []);
    expect(clean).toContain(`### pass: \`${image}\``);
    expect(clean).not.toContain('Top blocking findings');
  });

  it('shows ten blocking findings at most, and says how many there are', () => {
    const many = Array.from({ length: 12 }, (_, i) => finding(`CVE-2024-1${String(i).padStart(3, '0')}`, 'HIGH'));
    const text = summaryMarkdown([evaluate(image, many, { threshold: 'HIGH', ignoreUnfixed: false }, [], '2026-11-22')], 'HIGH', []);
    expect(text).toContain('Top blocking findings (10 of 12):');
    expect(text.split('\n').filter((l) => l.startsWith('| HIGH |'))).toHaveLength(10);
  });
});
