import { describe, expect, it } from 'vitest';
import {
  type Coverage,
  type DbState,
  evaluate,
  expiredEntries,
  type Finding,
  type ImageScan,
  type PlatformScan,
  parseIgnoreFile,
  type ScanResult,
  summaryMarkdown,
  zeroCounts,
} from '../../../packages/trivy/index.js';

const image = 'ghcr.io/org/app@sha256:' + 'a'.repeat(64);
const arm = 'ghcr.io/org/app@sha256:' + 'b'.repeat(64);
const finding = (id: string, severity: Finding['severity'], extra: Partial<Finding> = {}): Finding => ({
  id,
  pkg: 'openssl',
  installedVersion: '3.0.1',
  severity,
  target: 'app (debian 12)',
  ...extra,
});
const db: DbState = {
  source: 'download',
  repository: 'mirror.gcr.io/aquasec/trivy-db:2',
  key: 'trivy-db-b78f6233927838a5-2026-11-22',
  saved: true,
  updatedAt: '2026-11-22T06:00:00Z',
  ageMs: 5 * 3_600_000,
  failures: [],
};
const covered: Coverage = {
  os: 'debian 12.15',
  listed: { debian: 88 },
  recorded: { dpkg: 88 },
  unseen: [],
  unowned: [],
  verdict: 'covered',
};

function platform(p: Partial<PlatformScan> & Pick<PlatformScan, 'verdict'>): PlatformScan {
  return {
    platform: 'linux/amd64',
    image,
    report: '/tmp/r.json',
    findings: [],
    coverage: covered,
    status: p.verdict.verdict,
    reason: '',
    ...p,
  };
}

function result(platforms: PlatformScan[], extra: Partial<ScanResult> = {}): ScanResult {
  const scan: ImageScan = {
    image,
    platforms,
    status: platforms.some((p) => p.status !== 'pass') ? (platforms.find((p) => p.status !== 'pass')?.status ?? 'pass') : 'pass',
    reason: '',
    counts: zeroCounts(),
    fixable: zeroCounts(),
    blocking: 0,
  };
  return { images: [scan], verdict: scan.status, counts: zeroCounts(), fixable: zeroCounts(), expired: [], db, ...extra };
}

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
  const markdown = summaryMarkdown(result([platform({ verdict })], { expired: expiredEntries(ignores, '2026-11-22') }), 'LOW');

  it.each([
    {
      name: 'the DB the scan used and how old it is',
      line: 'Vulnerability DB: 5 hours old (built 2026-11-22T06:00:00Z), downloaded from mirror.gcr.io/aquasec/trivy-db:2.',
    },
    { name: 'the verdict and the image', line: `### FAIL: \`${image}\`` },
    { name: 'what was seen: the OS and the packages by kind', line: '| linux/amd64 | debian 12.15 | debian 88 | dpkg 88 | fail |' },
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
    const clean = summaryMarkdown(
      result([platform({ verdict: evaluate(image, [], { threshold: 'HIGH', ignoreUnfixed: false }, [], '2026-11-22') })]),
      'HIGH',
    );
    expect(clean).toContain(`### pass: \`${image}\``);
    expect(clean).not.toContain('Top blocking findings');
  });

  it('shows ten blocking findings at most, and says how many there are', () => {
    const many = Array.from({ length: 12 }, (_, i) => finding(`CVE-2024-1${String(i).padStart(3, '0')}`, 'HIGH'));
    const text = summaryMarkdown(
      result([platform({ verdict: evaluate(image, many, { threshold: 'HIGH', ignoreUnfixed: false }, [], '2026-11-22') })]),
      'HIGH',
    );
    expect(text).toContain('Top blocking findings (10 of 12):');
    expect(text.split('\n').filter((l) => l.startsWith('| HIGH |'))).toHaveLength(10);
  });

  it('shows what the scan did not see, each platform named', () => {
    const pass = evaluate(image, [], { threshold: 'HIGH', ignoreUnfixed: false }, [], '2026-11-22');
    const blind: Coverage = {
      listed: {},
      recorded: { dpkg: 4 },
      unseen: [
        'trivy detected no OS, so it scanned none of the 4 packages its dpkg records list (libc6): ship /etc/debian_version in the image',
      ],
      unowned: ['/usr/bin/node'],
      verdict: 'unscannable',
    };
    const text = summaryMarkdown(
      result([
        platform({ verdict: pass }),
        platform({ platform: 'linux/arm64', image: arm, verdict: pass, coverage: blind, status: 'unscannable' }),
      ]),
      'HIGH',
    );
    const lines = text.split('\n');
    expect(lines).toContain(`### UNSCANNABLE: \`${image}\``);
    expect(lines).toContain('| linux/arm64 | none detected | none | dpkg 4 | unscannable |');
    expect(lines).toContain(`#### UNSCANNABLE: linux/arm64 (\`${arm}\`)`);
    expect(lines).toContain(`- ${blind.unseen[0]}`);
    expect(text).toContain('Executables no package record claims, so in no SBOM and no scan: `/usr/bin/node`.');
  });

  it('says when it cannot tell which executables no package claims', () => {
    const pass = evaluate(image, [], { threshold: 'HIGH', ignoreUnfixed: false }, [], '2026-11-22');
    const { unowned: _unowned, ...unknown } = covered;
    expect(summaryMarkdown(result([platform({ verdict: pass, coverage: unknown })]), 'HIGH')).toContain('cannot tell');
  });

  it('a stale DB: the age, the failures, and nothing scanned', () => {
    const stale: DbState = {
      ...db,
      source: 'stale-cache',
      restoredKey: 'trivy-db-b78f6233927838a5-2026-11-14',
      key: 'trivy-db-b78f6233927838a5-2026-11-14',
      ageMs: 200 * 3_600_000,
    };
    const problem = 'the vulnerability DB is 8 days 8 hours old (built 2026-11-22T06:00:00Z), older than max-db-age 2 days';
    const staleResult: ScanResult = {
      images: [
        {
          image,
          platforms: [],
          status: 'stale-db',
          reason: `stale-db: ${problem}`,
          counts: zeroCounts(),
          fixable: zeroCounts(),
          blocking: 0,
        },
      ],
      verdict: 'stale-db',
      counts: zeroCounts(),
      fixable: zeroCounts(),
      expired: [],
      db: stale,
      dbProblem: problem,
    };
    const text = summaryMarkdown(staleResult, 'HIGH');
    expect(text).toContain(
      'Vulnerability DB: 8 days 8 hours old (built 2026-11-22T06:00:00Z), an older cached copy (trivy-db-b78f6233927838a5-2026-11-14), every repository having failed.',
    );
    expect(text).toContain(`**stale-db**: ${problem}.`);
    expect(text).toContain(`### STALE DB: \`${image}\``);
    expect(text).toContain('Not scanned:');
  });
});
