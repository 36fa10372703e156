import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, parseIgnoreFile, parseReport, sarifCategory, toSarif } from '../../../packages/trivy/index.js';
import { sarifValidator } from '../../harness/sarif-schema.js';

const fixture = (name: string) => parseReport(readFileSync(join(import.meta.dirname, '../../fixtures/trivy', name), 'utf8'), name).findings;
const debian = '127.0.0.1:5001/lab/debian@sha256:6618e4843038966a6b82fdaf21c056c5236869b4336072c5214a41bd78b9df48';
const busybox = '127.0.0.1:5001/lab/busybox@sha256:69d727058f4d7becc3c4774d7aa016f9e1590553b1837c91ed38d6995418beff';
const app = 'ghcr.io/org/apps/velero@sha256:' + 'b'.repeat(64);
const policy = { threshold: 'HIGH', ignoreUnfixed: false } as const;
const ignores = parseIgnoreFile('- id: TEST-2026-0002\n  reason: no fix in Debian\n', 'ignore.yaml');

function log() {
  const scans = [debian, busybox, app].map((image, i) => {
    const findings = i === 1 ? fixture('busybox-lab.json') : fixture('debian-lab.json');
    return { image, findings, verdict: evaluate(image, findings, policy, ignores, '2026-11-22'), toolVersion: 'v0.74.0' };
  });
  return toSarif(scans) as {
    runs: Array<{ automationDetails: { id: string }; results: Array<Record<string, unknown>>; tool: { driver: { rules: unknown[] } } }>;
  };
}

describe('toSarif', () => {
  it('validates against the SARIF 2.1.0 schema', () => {
    const validate = sarifValidator();
    const valid = validate(log());
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('one run per platform, each with its own category, an unscannable one saying so as a failed tool execution', () => {
    const findings = fixture('debian-lab.json');
    const arm = `127.0.0.1:5001/lab/debian@sha256:${'d'.repeat(64)}`;
    const sarif = toSarif([
      {
        image: debian,
        platform: 'linux/amd64',
        findings,
        verdict: evaluate(debian, findings, policy, [], '2026-11-22'),
        toolVersion: 'v0.74.0',
      },
      {
        image: arm,
        platform: 'linux/arm64',
        findings: [],
        verdict: evaluate(arm, [], policy, [], '2026-11-22'),
        toolVersion: 'v0.74.0',
        unscannable: 'trivy detected no OS: ship /etc/debian_version',
      },
    ]) as { runs: Array<{ automationDetails: { id: string }; invocations?: unknown[]; results: Array<{ message: { text: string } }> }> };
    const validate = sarifValidator();
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    expect(sarif.runs.map((r) => r.automationDetails.id)).toEqual([
      'scan-with-trivy/127.0.0.1/lab/debian/linux/amd64/',
      'scan-with-trivy/127.0.0.1/lab/debian/linux/arm64/',
    ]);
    expect(sarif.runs[0]?.results[0]?.message.text).toContain(`${debian} (linux/amd64)`);
    expect(sarif.runs[0]?.invocations).toBeUndefined();
    expect(sarif.runs[1]?.invocations).toEqual([
      {
        executionSuccessful: false,
        toolExecutionNotifications: [{ level: 'error', message: { text: 'unscannable: trivy detected no OS: ship /etc/debian_version' } }],
      },
    ]);
  });

  it('the validator does catch an invalid log', () => {
    const validate = sarifValidator();
    expect(validate({ version: '2.1.0', runs: [{ results: [] }] })).toBe(false);
  });

  it('writes one run per image, each with its own category', () => {
    const { runs } = log();
    expect(runs.map((r) => r.automationDetails.id)).toEqual([
      'scan-with-trivy/127.0.0.1/lab/debian/',
      'scan-with-trivy/127.0.0.1/lab/busybox/',
      'scan-with-trivy/ghcr.io/org/apps/velero/',
    ]);
    expect(new Set(runs.map((r) => r.automationDetails.id)).size).toBe(runs.length);
  });

  it('has every finding of the JSON report, the ignored one suppressed with its reason', () => {
    const [run] = log().runs;
    expect(run?.results.map((r) => [r.ruleId, r.level, r.suppressions ?? null])).toEqual([
      ['TEST-2026-0001', 'error', null],
      ['TEST-2026-0002', 'error', [{ kind: 'external', status: 'accepted', justification: 'no fix in Debian' }]],
      ['TEST-2026-0004', 'note', null],
    ]);
    expect(run?.tool.driver.rules).toHaveLength(3);
  });

  it.each([
    { image: debian, category: 'scan-with-trivy/127.0.0.1/lab/debian/' },
    { image: 'docker.io/library/alpine@sha256:' + 'c'.repeat(64), category: 'scan-with-trivy/docker.io/library/alpine/' },
    { image: 'localhost:5000/a/b@sha256:' + 'c'.repeat(64), category: 'scan-with-trivy/localhost/a/b/' },
  ])('category of $image', ({ image, category }) => {
    expect(sarifCategory(image)).toBe(category);
  });

  it('takes the category it is given, for runs that must stay apart per tag', () => {
    const findings = fixture('debian-lab.json');
    const verdict = evaluate(debian, findings, policy, [], '2026-11-22');
    const sarif = toSarif([{ image: debian, findings, verdict, toolVersion: '0.74.0', category: 'rescan/lab/debian:12/' }]) as {
      runs: { automationDetails: { id: string } }[];
    };
    expect(sarif.runs[0]?.automationDetails.id).toBe('rescan/lab/debian:12/');
  });
});
