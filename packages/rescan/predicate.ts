import type { Statement } from '../cosign/index.js';
import { type Finding, type ImageVerdict, isSeverity } from '../trivy/index.js';
import { type DigestScan, findingKey, type RecordedFinding } from './model.js';

/** cosign's vulnerability scan predicate (`cosign attest --type vuln`). */
export const VULN_PREDICATE_TYPE = 'https://cosign.sigstore.dev/attestation/vuln/v1';
/** What this project keeps in the predicate's free-form `scanner.result`. */
export const RESULT_SCHEMA = 'image-actions/rescan/v1';

export interface ScanContext {
  trivyVersion: string;
  dbRepository?: string;
  run?: { url: string; id: string };
  startedAt: string;
}

export function toRecorded(finding: Finding): RecordedFinding {
  return {
    id: finding.id,
    pkg: finding.pkg,
    installedVersion: finding.installedVersion,
    severity: finding.severity,
    ...(finding.fixedVersion !== undefined ? { fixedVersion: finding.fixedVersion } : {}),
    ...(finding.title !== undefined ? { title: finding.title } : {}),
    ...(finding.url !== undefined ? { url: finding.url } : {}),
  };
}

/** What a digest's scan found, every platform together (see digestView in rescan.ts). */
export interface ScannedDigest {
  findings: readonly Finding[];
  verdict: ImageVerdict;
}

/** A digest's scan as the rescan keeps it: the gate's view of trivy's reports, every platform together. */
export function digestScan(digest: string, scan: ScannedDigest, policy: DigestScan['policy'], scannedAt: string): DigestScan {
  const { verdict } = scan;
  return {
    digest,
    verdict: verdict.verdict,
    policy,
    counts: verdict.counts,
    findings: dedupe(scan.findings.map(toRecorded)),
    blocking: [...new Set(verdict.blocking.map(findingKey))],
    ignored: verdict.ignored.map(({ finding, entry }) => ({
      key: findingKey(finding),
      reason: entry.reason,
      ...(entry.expires !== undefined ? { expires: entry.expires } : {}),
    })),
    expired: verdict.expired.map(({ finding, entry }) => ({
      key: findingKey(finding),
      reason: entry.reason,
      ...(entry.expires !== undefined ? { expires: entry.expires } : {}),
    })),
    scannedAt,
  };
}

/** The same vulnerability in the same package can appear once per target (OS, lock file); the gate counts it once. */
function dedupe(findings: RecordedFinding[]): RecordedFinding[] {
  const seen = new Map<string, RecordedFinding>();
  for (const finding of findings) if (!seen.has(findingKey(finding))) seen.set(findingKey(finding), finding);
  return [...seen.values()];
}

/** The predicate cosign wraps into the in-toto statement (cosign's `CosignVulnPredicate`). */
export function vulnPredicate(scan: DigestScan, context: ScanContext): object {
  return {
    invocation: {
      parameters: { policy: scan.policy },
      uri: context.run?.url ?? '',
      event_id: context.run?.id ?? '',
      'builder.id': 'image-actions rescan',
    },
    scanner: {
      uri: `pkg:github/aquasecurity/trivy@v${context.trivyVersion.replace(/^v/, '')}`,
      version: context.trivyVersion,
      db: { uri: context.dbRepository ?? '', version: '2' },
      result: { schema: RESULT_SCHEMA, ...scan },
    },
    metadata: { scanStartedOn: context.startedAt, scanFinishedOn: scan.scannedAt },
  };
}

/** This project's result in a verified vuln statement; undefined for another scanner's attestation. */
export function scanOfStatement(statement: Statement, digest: string): DigestScan | undefined {
  if (statement.predicateType !== VULN_PREDICATE_TYPE) return undefined;
  const result = (statement.predicate as { scanner?: { result?: unknown } } | null)?.scanner?.result;
  if (typeof result !== 'object' || result === null) return undefined;
  const scan = result as Partial<DigestScan> & { schema?: unknown };
  if (scan.schema !== RESULT_SCHEMA || scan.digest !== digest) return undefined;
  if (
    !Array.isArray(scan.findings) ||
    !Array.isArray(scan.blocking) ||
    !Array.isArray(scan.ignored) ||
    typeof scan.scannedAt !== 'string'
  ) {
    return undefined;
  }
  const findings = scan.findings.filter(
    (f: unknown): f is RecordedFinding =>
      typeof f === 'object' &&
      f !== null &&
      typeof (f as RecordedFinding).id === 'string' &&
      isSeverity(String((f as RecordedFinding).severity)),
  );
  return {
    digest,
    verdict: scan.verdict === 'fail' ? 'fail' : 'pass',
    policy: scan.policy ?? { threshold: 'HIGH', ignoreUnfixed: false },
    counts: scan.counts ?? { UNKNOWN: 0, LOW: 0, MEDIUM: 0, HIGH: 0, CRITICAL: 0 },
    findings,
    blocking: scan.blocking.filter((b): b is string => typeof b === 'string'),
    ignored: scan.ignored,
    expired: Array.isArray(scan.expired) ? scan.expired : [],
    scannedAt: scan.scannedAt,
  };
}

/** The newest of this project's results among the statements. */
export function latestScan(statements: readonly Statement[], digest: string): DigestScan | undefined {
  return statements
    .map((s) => scanOfStatement(s, digest))
    .filter((s): s is DigestScan => s !== undefined)
    .sort((a, b) => b.scannedAt.localeCompare(a.scannedAt))[0];
}
