import { formatLocation } from '../errors/index.js';
import { tableCell } from '../logging/markdown.js';
import { RULES, type Violation } from './tag-scheme.js';

/** Rows beyond this go to the `violations` output only: a job summary holds at most 1 MiB. */
const SUMMARY_ROWS = 500;

/** verify-tag-scheme's job summary: the verdict, and a row per violation with its rule and its catalog line. */
export function tagSchemeMarkdown(checked: number, violations: readonly Violation[]): string {
  if (violations.length === 0) return `All ${checked} tags obey the scheme.\n`;
  const lines = [`${violations.length} violations in ${checked} tags.`, '', '| Tag | Rule | Problem | Where |', '|---|---|---|---|'];
  for (const v of violations.slice(0, SUMMARY_ROWS)) {
    const cells = [
      `<code>${tableCell(v.tag)}</code>`,
      tableCell(`${v.rule}: ${RULES[v.rule]}`),
      tableCell(`${v.message} ${v.hint}`),
      v.location ? tableCell(formatLocation(v.location)) : '',
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  if (violations.length > SUMMARY_ROWS) lines.push('', `…and ${violations.length - SUMMARY_ROWS} more: see the 'violations' output.`);
  return `${lines.join('\n')}\n`;
}

/** One violation as the `violations` output lists it. */
export function violationJson(v: Violation): Record<string, string | number> {
  return {
    tag: v.tag,
    rule: v.rule,
    message: v.message,
    hint: v.hint,
    ...(v.location ? { file: v.location.file } : {}),
    ...(v.location?.line !== undefined ? { line: v.location.line } : {}),
  };
}
