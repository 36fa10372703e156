import { formatLocation } from '../errors/index.js';
import { tableCell } from '../logging/index.js';
import type { ImageVerdict } from './gate.js';
import type { IgnoreEntry } from './ignore-file.js';
import { type Finding, isFixable } from './report.js';
import { SEVERITIES } from './severity.js';

const TOP = 10;

/**
 * Markdown for the job summary: per image, the counts by severity, how many
 * are fixable, the findings that fail the gate (linked to their advisory),
 * and what the ignore file accepted or no longer accepts.
 */
export function summaryMarkdown(verdicts: readonly ImageVerdict[], threshold: string, expired: readonly IgnoreEntry[]): string {
  const parts: string[] = [];
  for (const verdict of verdicts) parts.push(imageSection(verdict, threshold));
  if (expired.length > 0) {
    parts.push(
      `### Expired ignore entries\n\nThese no longer apply; renew them with a new date and reason, or fix the finding.\n\n| id | expired | reason | where |\n|---|---|---|---|\n${expired
        .map((e) => `| ${tableCell(e.id)} | ${e.expires ?? ''} | ${tableCell(e.reason)} | ${tableCell(formatLocation(e.location))} |`)
        .join('\n')}\n`,
    );
  }
  return parts.join('\n');
}

function imageSection(verdict: ImageVerdict, threshold: string): string {
  const icon = verdict.verdict === 'pass' ? 'pass' : 'FAIL';
  const lines = [
    `### ${icon}: \`${verdict.image}\``,
    '',
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
  return lines.join('\n');
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
