import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { advisoryUrl, isFixable, parseReport } from '../../../packages/trivy/index.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../../fixtures/trivy', name), 'utf8');

describe('parseReport', () => {
  it('reads the findings of a real trivy 0.74.0 report of the lab debian image', () => {
    const report = parseReport(fixture('debian-lab.json'), 'debian-lab.json');
    expect(report.artifact).toMatch(/^127\.0\.0\.1:5001\/lab\/debian@sha256:/);
    expect(report.findings.map((f) => [f.id, f.pkg, f.severity, f.fixedVersion ?? null, isFixable(f)])).toEqual([
      ['TEST-2026-0001', 'gzip', 'HIGH', '1.12-1+labtest1', true],
      ['TEST-2026-0002', 'mawk', 'HIGH', null, false],
      ['TEST-2026-0004', 'tar', 'LOW', '1.34+dfsg-1.2+deb12u1+labtest1', true],
    ]);
    expect(report.findings[0]?.target).toContain('(debian 12.15)');
    expect(report.findings[0]?.status).toBe('fixed');
  });

  it('reads a report without results (the lab busybox image has no OS packages trivy knows)', () => {
    expect(parseReport(fixture('busybox-lab.json'), 'busybox-lab.json').findings).toEqual([]);
  });

  it.each([
    { name: 'not JSON', text: '<html>', error: /x\.json is not JSON/ },
    { name: 'another schema version', text: '{"SchemaVersion": 1}', error: /SchemaVersion 1/ },
  ])('refuses $name', ({ text, error }) => {
    expect(() => parseReport(text, 'x.json')).toThrow(error);
  });

  it('maps an unknown severity to UNKNOWN and keeps trivy’s PrimaryURL', () => {
    const text = JSON.stringify({
      SchemaVersion: 2,
      Results: [
        {
          Target: 't',
          Vulnerabilities: [{ VulnerabilityID: 'CVE-2024-1', PkgName: 'p', Severity: 'WHATEVER', PrimaryURL: 'https://x/1' }],
        },
      ],
    });
    expect(parseReport(text, 'x').findings[0]).toMatchObject({ severity: 'UNKNOWN', url: 'https://x/1' });
  });
});

describe('advisoryUrl', () => {
  it.each([
    { id: 'CVE-2024-3094', url: 'https://nvd.nist.gov/vuln/detail/CVE-2024-3094' },
    { id: 'GHSA-jfh8-c2jp-5v3q', url: 'https://github.com/advisories/GHSA-jfh8-c2jp-5v3q' },
    { id: 'TEST-2026-0001', url: undefined },
  ])('$id', ({ id, url }) => {
    expect(advisoryUrl(id)).toBe(url);
  });
});
