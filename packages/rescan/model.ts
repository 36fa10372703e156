import type { Finding, GatePolicy, SeverityCounts } from '../trivy/index.js';

/**
 * What a rescan found, as plain JSON: written by the scan phase
 * (`rescan-result.json`), read by the rebuild and issues phases in later
 * jobs, and (per digest) attested on the image.
 */

/** One vulnerability in one package, as the gate saw it (trivy's finding, without where in the image). */
export type RecordedFinding = Omit<Finding, 'target' | 'status'>;

/** `TEST-2026-0101 gzip@1.12-1`: the same vulnerability in the same package at the same version. */
export function findingKey(finding: Pick<RecordedFinding, 'id' | 'pkg' | 'installedVersion'>): string {
  return `${finding.id} ${finding.pkg}@${finding.installedVersion}`;
}

export interface IgnoredRecord {
  key: string;
  reason: string;
  expires?: string;
}

/** What one digest's scan found: the attestation's result, and what the next rescan compares with. */
export interface DigestScan {
  digest: string;
  verdict: 'pass' | 'fail';
  policy: GatePolicy;
  counts: SeverityCounts;
  findings: RecordedFinding[];
  /** Keys of the findings that fail the gate. */
  blocking: string[];
  /** Findings an ignore entry in force covers. */
  ignored: IgnoredRecord[];
  /** Findings covered only by an ignore entry past its date: they count again. */
  expired: IgnoredRecord[];
  /** When the scan finished (ISO 8601). */
  scannedAt: string;
}

/** What changed since the last rescan of the same digest. */
export interface Changes {
  /** When the scan compared with was made; absent for a digest's first rescan. */
  since?: string;
  new: RecordedFinding[];
  resolved: RecordedFinding[];
  /** Findings that an ignore entry covered last time, and no longer does (it expired). */
  expiredIgnores: (RecordedFinding & { expired: string })[];
}

/**
 * `clean`: verified, nothing at the gate. `findings`: verified, something at
 * the gate. `tampered`: the digest the tag names has no signature that
 * verifies. `error`: it could not be checked (the registry, the scan).
 */
export type TagStatus = 'clean' | 'findings' | 'tampered' | 'error';

export interface TagResult {
  /** `registry/repository/application:tag` */
  tag: string;
  /** `registry/repository/application` */
  repository: string;
  digest?: string;
  status: TagStatus;
  /** One line: why this status. */
  reason: string;
  /** The findings that fail the gate, most severe first. */
  blocking: RecordedFinding[];
  changes?: Changes;
  /** Whether a blocking finding has a fixed version: a rebuild may fix it. */
  fixable: boolean;
  /** trivy's JSON reports of the digest, one per platform (every package and finding, what the gate read). */
  reports?: string[];
  /** `written`: this rescan's result was attested on the digest; `unchanged`: the last attestation says the same. */
  attestation?: 'written' | 'unchanged' | 'off';
}

export interface ImageResult {
  /** The catalog's application name. */
  application: string;
  /** The stable key of the image's issue: `registry/repository/application`. */
  key: string;
  /** Who answers for the image: e-mail addresses and GitHub handles (`@org/team`). */
  owners: string[];
  /** `fail`: a tag has findings at the gate or is tampered; `error`: a tag could not be checked. */
  status: 'pass' | 'fail' | 'error';
  /** A verified tag has a fixable finding at the gate. */
  rebuild: boolean;
  tags: TagResult[];
  /** Tags the catalog plans that the registry does not have. */
  unpublished: string[];
  /** The image's SARIF file (a run per tag). */
  sarif?: string;
}

export interface RescanResult {
  schema: 1;
  startedAt: string;
  finishedAt: string;
  /** The workflow run, when there is one. */
  run?: { url: string; id: string };
  policy: GatePolicy;
  trivyVersion: string;
  db: { source: string; repository?: string };
  images: ImageResult[];
}

export const RESULT_FILE = 'rescan-result.json';
export const REBUILD_FILE = 'rescan-rebuild.json';
