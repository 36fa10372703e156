import { formatLocation } from '../errors/index.js';
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
        .map((e) => `| ${cell(e.id)} | ${e.expires ?? ''} | ${cell(e.reason)} | ${cell(formatLocation(e.location))} |`)
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
        `| ${link(finding)} | ${cell(finding.pkg)} | ${finding.severity} | ${cell(entry.reason)} | ${entry.expires ?? 'no expiry'} |`,
      );
    }
    lines.push('');
  }
  if (verdict.expired.length > 0) {
    lines.push('Covered only by an expired ignore entry (counted again):', '', '| id | package | expired | where |', '|---|---|---|---|');
    for (const { finding, entry } of verdict.expired) {
      lines.push(`| ${link(finding)} | ${cell(finding.pkg)} | ${entry.expires ?? ''} | ${cell(formatLocation(entry.location))} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

function findingTable(findings: readonly Finding[]): string {
  const rows = findings.map(
    (f) =>
      `| ${f.severity} | ${link(f)} | ${cell(f.pkg)} | ${cell(f.installedVersion)} | ${isFixable(f) ? cell(f.fixedVersion ?? '') : 'no fix'} | ${cell(f.title ?? '')} |`,
  );
  return ['| severity | id | package | installed | fixed in | title |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

function link(finding: Finding): string {
  return finding.url ? `[${cell(finding.id)}](${finding.url})` : cell(finding.id);
}

/** Table cells cannot hold pipes or newlines. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
