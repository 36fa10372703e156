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

/** One sentence on why an image failed (or that it passed), naming the findings. */
export function verdictReason(verdict: ImageVerdict, policy: GatePolicy, shown = 5): string {
  const scope = `${policy.threshold} or above${policy.ignoreUnfixed ? ' with a fix available' : ''}`;
  if (verdict.verdict === 'pass') return `no finding at ${scope} (${verdict.ignored.length} ignored)`;
  const named = verdict.blocking
    .slice(0, shown)
    .map((f) => `${f.id} (${f.severity}) in ${f.pkg} ${f.installedVersion}${f.fixedVersion ? `, fixed in ${f.fixedVersion}` : ', no fix'}`);
  const more = verdict.blocking.length > shown ? `, and ${verdict.blocking.length - shown} more` : '';
  return `${verdict.blocking.length} finding${verdict.blocking.length === 1 ? '' : 's'} at ${scope}: ${named.join('; ')}${more}`;
}
