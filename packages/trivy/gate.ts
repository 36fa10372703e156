import { covers, type IgnoreEntry, isActive } from './ignore-file.js';
import { type Finding, isFixable } from './report.js';
import { atLeast, rank, type Severity, type SeverityCounts, zeroCounts } from './severity.js';

export interface GatePolicy {
  /** Findings at or above this severity fail the gate. */
  threshold: Severity;
  /** Only findings with a fixed version count against the gate. */
  ignoreUnfixed: boolean;
}

export interface IgnoredFinding {
  finding: Finding;
  entry: IgnoreEntry;
}

export interface ImageVerdict {
  image: string;
  /** Every finding trivy reported, per severity, ignored ones included. */
  counts: SeverityCounts;
  /** Of those, the ones with a fixed version. */
  fixable: SeverityCounts;
  /** The findings that fail the gate, most severe first. */
  blocking: Finding[];
  /** Findings an entry in force covers: not blocking. */
  ignored: IgnoredFinding[];
  /** Findings covered only by an expired entry: they count again. */
  expired: IgnoredFinding[];
  verdict: 'pass' | 'fail';
}

/**
 * The gate, from the findings of trivy's JSON report alone: nothing here
 * depends on which report formats were asked for, so table, JSON and SARIF
 * users get the same verdict for the same image.
 */
export function evaluate(
  image: string,
  findings: readonly Finding[],
  policy: GatePolicy,
  ignores: readonly IgnoreEntry[],
  today: string,
): ImageVerdict {
  const counts = zeroCounts();
  const fixable = zeroCounts();
  const blocking: Finding[] = [];
  const ignored: IgnoredFinding[] = [];
  const expired: IgnoredFinding[] = [];
  for (const finding of findings) {
    counts[finding.severity] += 1;
    if (isFixable(finding)) fixable[finding.severity] += 1;
    const matching = ignores.filter((entry) => covers(entry, finding, image));
    const inForce = matching.find((entry) => isActive(entry, today));
    if (inForce) {
      ignored.push({ finding, entry: inForce });
      continue;
    }
    for (const entry of matching) expired.push({ finding, entry });
    if (atLeast(finding.severity, policy.threshold) && (!policy.ignoreUnfixed || isFixable(finding))) blocking.push(finding);
  }
  blocking.sort(bySeverityThenId);
  return { image, counts, fixable, blocking, ignored, expired, verdict: blocking.length > 0 ? 'fail' : 'pass' };
}

/** Entries past their date, whether or not they still match anything: each is worth a warning. */
export function expiredEntries(ignores: readonly IgnoreEntry[], today: string): IgnoreEntry[] {
  return ignores.filter((entry) => !isActive(entry, today));
}

export function bySeverityThenId(a: Finding, b: Finding): number {
  return rank(b.severity) - rank(a.severity) || a.id.localeCompare(b.id) || a.pkg.localeCompare(b.pkg);
}

/** Today as the ignore file writes dates, in UTC so every runner agrees. */
export function utcDate(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/**
 * What the scan gate says of an image, worst last: `fail` (findings block),
 * `unscannable` (the scanner saw less than the image holds), `stale-db` (the
 * vulnerability DB is older than the policy allows, so nothing was scanned).
 * Anything but `pass` blocks publishing.
 */
export const SCAN_STATUSES = ['pass', 'fail', 'unscannable', 'stale-db'] as const;
export type ScanStatus = (typeof SCAN_STATUSES)[number];

export function worstStatus(statuses: readonly ScanStatus[]): ScanStatus {
  return statuses.reduce<ScanStatus>((worst, s) => (SCAN_STATUSES.indexOf(s) > SCAN_STATUSES.indexOf(worst) ? s : worst), 'pass');
}

/**
 * The gate's verdict on one image's findings in one line: what blocks (the
 * first few, by severity, with their fix), or that nothing does, with the
 * ignored ones. The one text of it: the root action, scan-with-trivy and the
 * rescan all say it this way.
 */
export function verdictReason(verdict: ImageVerdict, policy: GatePolicy, shown = 3): string {
  const gate = `at or above ${policy.threshold}${policy.ignoreUnfixed ? ' with a fixed version' : ''}`;
  const total = Object.values(verdict.counts).reduce((sum, n) => sum + n, 0);
  const ignored =
    verdict.ignored.length > 0
      ? `; ${verdict.ignored.length} ignored (${[...new Set(verdict.ignored.map((i) => i.finding.id))].join(', ')})`
      : '';
  if (verdict.blocking.length === 0) return `no finding ${gate} (${total} finding${total === 1 ? '' : 's'} in all${ignored})`;
  const named = verdict.blocking.slice(0, shown).map((f) => {
    const fix = f.fixedVersion !== undefined ? `, fixed in ${f.fixedVersion}` : '';
    return `${f.id} (${f.severity}, ${f.pkg} ${f.installedVersion}${fix})`;
  });
  const more = verdict.blocking.length > named.length ? ` and ${verdict.blocking.length - named.length} more` : '';
  return `${verdict.blocking.length} finding${verdict.blocking.length === 1 ? '' : 's'} ${gate}: ${named.join(', ')}${more}${ignored}`;
}
