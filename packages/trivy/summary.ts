import { formatLocation } from '../errors/index.js';
import { tableCell } from '../logging/index.js';
import type { Coverage } from './coverage.js';
import { describeDb } from './db-age.js';
import type { ImageVerdict, ScanStatus } from './gate.js';
import type { IgnoreEntry } from './ignore-file.js';
import { type Finding, isFixable } from './report.js';
import type { ImageScan, ScanResult } from './scan.js';
import { SEVERITIES } from './severity.js';

const TOP = 10;
const UNOWNED_SHOWN = 10;

/**
 * Markdown for the job summary: the DB the scan used (its age, always), then
 * per image and platform what the scan saw (the OS, the packages by kind,
 * and what it did not see), the counts by severity, how many are fixable,
 * the findings that fail the gate (linked to their advisory), and what the
 * ignore file accepted or no longer accepts.
 */
export function summaryMarkdown(result: ScanResult, threshold: string): string {
  const parts: string[] = [`Vulnerability DB: ${describeDb(result.db)}.${result.dbProblem ? ` **stale-db**: ${result.dbProblem}.` : ''}\n`];
  for (const image of result.images) parts.push(imageSection(image, threshold));
  if (result.expired.length > 0) parts.push(expiredSection(result.expired));
  return parts.join('\n');
}

const LABEL: Record<ScanStatus, string> = { pass: 'pass', fail: 'FAIL', unscannable: 'UNSCANNABLE', 'stale-db': 'STALE DB' };

function imageSection(scan: ImageScan, threshold: string): string {
  const lines = [`### ${LABEL[scan.status]}: \`${scan.image}\``, ''];
  if (scan.platforms.length === 0) {
    lines.push(`Not scanned: ${tableCell(scan.reason)}`, '');
    return lines.join('\n');
  }
  lines.push(seenTable(scan), '');
  for (const platform of scan.platforms) {
    if (scan.platforms.length > 1) lines.push(`#### ${LABEL[platform.status]}: ${platform.platform} (\`${platform.image}\`)`, '');
    lines.push(...notSeen(platform.coverage), ...findingsSection(platform.verdict, threshold));
  }
  return lines.join('\n');
}

/** What the scan looked at, per platform: the OS, the packages trivy listed and the records the image holds, by kind. */
function seenTable(scan: ImageScan): string {
  const rows = scan.platforms.map((p) => {
    const listed = Object.entries(p.coverage.listed)
      .map(([type, n]) => `${type} ${n}`)
      .join(', ');
    const recorded = Object.entries(p.coverage.recorded)
      .map(([source, n]) => `${source} ${n}`)
      .join(', ');
    return `| ${p.platform} | ${p.coverage.os ?? 'none detected'} | ${listed || 'none'} | ${recorded || 'none'} | ${p.status} |`;
  });
  return ['| platform | OS | packages trivy listed | packages the image records | verdict |', '|---|---|---|---|---|', ...rows].join('\n');
}

function notSeen(coverage: Coverage): string[] {
  const lines: string[] = [];
  if (coverage.unseen.length > 0) {
    lines.push('Not seen by the scan (the gate fails closed):', '', ...coverage.unseen.map((u) => `- ${tableCell(u)}`), '');
  }
  if (coverage.unowned === undefined) {
    lines.push('Executables not in any package: cannot tell (trivy listed no files of the OS packages).', '');
  } else if (coverage.unowned.length > 0) {
    const shown = coverage.unowned.slice(0, UNOWNED_SHOWN).map((p) => `\`${p}\``);
    const more = coverage.unowned.length > UNOWNED_SHOWN ? `, and ${coverage.unowned.length - UNOWNED_SHOWN} more` : '';
    lines.push(
      `Executables no package record claims, so in no SBOM and no scan: ${shown.join(', ')}${more}. Ship each with its package record, or build it from a package.`,
      '',
    );
  }
  return lines;
}

function findingsSection(verdict: ImageVerdict, threshold: string): string[] {
  const lines = [
    `Gate: fail on ${threshold} or above. ${verdict.blocking.length} blocking, ${verdict.ignored.length} ignored.`,
    '',
    `| | ${SEVERITIES.slice().reverse().join(' | ')} |`,
    `|---|${SEVERITIES.map(() => '---:').join('|')}|`,
    `| found | ${SEVERITIES.slice()
      .reverse()
      .map((s) => verdict.counts[s])
      .join(' | ')} |`,
    `| fixable | ${SEVERITIES.slice()
      .reverse()
      .map((s) => verdict.fixable[s])
      .join(' | ')} |`,
    '',
  ];
  if (verdict.blocking.length > 0) {
    lines.push(`Top blocking findings${verdict.blocking.length > TOP ? ` (${TOP} of ${verdict.blocking.length})` : ''}:`, '');
    lines.push(findingTable(verdict.blocking.slice(0, TOP)), '');
  }
  if (verdict.ignored.length > 0) {
    lines.push('Ignored:', '', '| id | package | severity | reason | until |', '|---|---|---|---|---|');
    for (const { finding, entry } of verdict.ignored) {
      lines.push(
        `| ${link(finding)} | ${tableCell(finding.pkg)} | ${finding.severity} | ${tableCell(entry.reason)} | ${entry.expires ?? 'no expiry'} |`,
      );
    }
    lines.push('');
  }
  if (verdict.expired.length > 0) {
    lines.push('Covered only by an expired ignore entry (counted again):', '', '| id | package | expired | where |', '|---|---|---|---|');
    for (const { finding, entry } of verdict.expired) {
      lines.push(
        `| ${link(finding)} | ${tableCell(finding.pkg)} | ${entry.expires ?? ''} | ${tableCell(formatLocation(entry.location))} |`,
      );
    }
    lines.push('');
  }
  return lines;
}

function expiredSection(expired: readonly IgnoreEntry[]): string {
  return `### Expired ignore entries\n\nThese no longer apply; renew them with a new date and reason, or fix the finding.\n\n| id | expired | reason | where |\n|---|---|---|---|\n${expired
    .map((e) => `| ${tableCell(e.id)} | ${e.expires ?? ''} | ${tableCell(e.reason)} | ${tableCell(formatLocation(e.location))} |`)
    .join('\n')}\n`;
}

function findingTable(findings: readonly Finding[]): string {
  const rows = findings.map(
    (f) =>
      `| ${f.severity} | ${link(f)} | ${tableCell(f.pkg)} | ${tableCell(f.installedVersion)} | ${isFixable(f) ? tableCell(f.fixedVersion ?? '') : 'no fix'} | ${tableCell(f.title ?? '')} |`,
  );
  return ['| severity | id | package | installed | fixed in | title |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

function link(finding: Finding): string {
  return finding.url ? `[${tableCell(finding.id)}](${finding.url})` : tableCell(finding.id);
}
