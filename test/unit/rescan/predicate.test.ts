import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Statement } from '../../../packages/cosign/index.js';
import {
  digestScan,
  latestScan,
  RESULT_SCHEMA,
  type ScannedDigest,
  scanOfStatement,
  VULN_PREDICATE_TYPE,
  vulnPredicate,
} from '../../../packages/rescan/index.js';
import { evaluate, parseIgnoreFile, parseReport } from '../../../packages/trivy/index.js';
import { DIGEST_A, DIGEST_B, REPOSITORY } from './fixtures.js';

// trivy 0.74.0's JSON report of the lab's Debian image with the lab's test DB.
const report = 'debian-lab.json';
const findings = parseReport(readFileSync(join(import.meta.dirname, '../../fixtures/trivy', report), 'utf8'), report).findings;
const policy = { threshold: 'HIGH', ignoreUnfixed: true } as const;
const image = `${REPOSITORY}@${DIGEST_A}`;

function scanOf(ignoreText = ''): ScannedDigest {
  const ignores = ignoreText === '' ? [] : parseIgnoreFile(ignoreText, 'ignore.yaml');
  return { findings, verdict: evaluate(image, findings, policy, ignores, '2026-12-01') };
}

/** The statement cosign makes of the predicate (cosign's generateVulnStatement), as verify-attestation returns it. */
function statement(predicate: object, digest = DIGEST_A): Statement {
  return {
    predicateType: VULN_PREDICATE_TYPE,
    subject: [{ name: REPOSITORY, digest: { sha256: digest.replace('sha256:', '') } }],
    predicate: JSON.parse(JSON.stringify(predicate)) as unknown,
  };
}

describe("the rescan's vuln attestation", () => {
  it('keeps what the gate saw: findings, blocking keys, ignored with reasons', () => {
    const scan = digestScan(
      DIGEST_A,
      scanOf('- id: TEST-2026-0002\n  reason: no fix in Debian yet\n  expires: 2027-01-31\n'),
      policy,
      '2026-12-01T03:00:00Z',
    );
    expect(scan.verdict).toBe('fail');
    expect(scan.findings.map((f) => f.id).sort()).toEqual(['TEST-2026-0001', 'TEST-2026-0002', 'TEST-2026-0004']);
    expect(scan.blocking).toEqual(['TEST-2026-0001 gzip@1.12-1']);
    expect(scan.ignored).toEqual([
      { key: 'TEST-2026-0002 mawk@1.3.4.20200120-3.1', reason: 'no fix in Debian yet', expires: '2027-01-31' },
    ]);
  });

  it("is cosign's vuln predicate, and reads back as the same scan", () => {
    const scan = digestScan(DIGEST_A, scanOf(), policy, '2026-12-01T03:00:05Z');
    const predicate = vulnPredicate(scan, {
      trivyVersion: '0.74.0',
      dbRepository: 'mirror.gcr.io/aquasec/trivy-db:2',
      run: { url: 'https://github.com/o/r/actions/runs/7', id: '7' },
      startedAt: '2026-12-01T03:00:00Z',
    });
    expect(predicate).toMatchObject({
      invocation: { uri: 'https://github.com/o/r/actions/runs/7', event_id: '7' },
      scanner: {
        uri: 'pkg:github/aquasecurity/trivy@v0.74.0',
        version: '0.74.0',
        db: { uri: 'mirror.gcr.io/aquasec/trivy-db:2' },
        result: { schema: RESULT_SCHEMA },
      },
      metadata: { scanStartedOn: '2026-12-01T03:00:00Z', scanFinishedOn: '2026-12-01T03:00:05Z' },
    });
    expect(scanOfStatement(statement(predicate), DIGEST_A)).toEqual(scan);
  });

  const other = { scanner: { uri: 'pkg:github/anchore/grype', result: { matches: [] } }, metadata: {} };
  it.each([
    { name: "another scanner's vuln attestation", predicate: other, digest: DIGEST_A },
    {
      name: 'a result for another digest',
      predicate: vulnPredicate(digestScan(DIGEST_B, scanOf(), policy, '2026-12-01T03:00:00Z'), { trivyVersion: '0.74.0', startedAt: '' }),
      digest: DIGEST_B,
    },
  ])('$name is not ours', ({ predicate, digest }) => {
    expect(scanOfStatement(statement(predicate, digest), DIGEST_A)).toBeUndefined();
  });

  it('the newest of several is the one compared with', () => {
    const at = (when: string) =>
      statement(vulnPredicate(digestScan(DIGEST_A, scanOf(), policy, when), { trivyVersion: '0.74.0', startedAt: when }));
    const latest = latestScan([at('2026-11-29T03:00:00Z'), at('2026-12-01T03:00:00Z'), at('2026-11-30T03:00:00Z')], DIGEST_A);
    expect(latest?.scannedAt).toBe('2026-12-01T03:00:00Z');
    expect(latestScan([], DIGEST_A)).toBeUndefined();
  });
});
