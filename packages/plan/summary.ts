import { tableCell } from '../logging/markdown.js';
import { deprecationLines } from './expand.js';
import { importLines, unavailableLine } from './imports.js';
import type { Plan } from './plan.js';

/** Rows beyond this go to the plan file only: a job summary holds at most 1 MiB. */
export const SUMMARY_ROWS = 500;

/**
 * The plan as a job summary: how many entries in how many stages, the
 * deprecation warnings, and a row per entry (stage, tags, platforms, parents,
 * build id). `narrowed` when the plan holds only what a change affects.
 */
export function planMarkdown(plan: Plan, narrowed: boolean): string {
  const lines = [
    `${plan.entries.length} entries in ${plan.stages.length} stage(s), commit \`${plan.commit.slice(0, 12)}\`` +
      (narrowed ? `, only what the change affects (${plan.skipped.length} entries unchanged)` : '') +
      (plan.unchanged.length > 0 ? `; ${plan.unchanged.length} unchanged, not built` : '') +
      '.',
    '',
  ];
  for (const line of deprecationLines(plan)) lines.push(`> [!WARNING]`, `> ${line}`, '');
  for (const gone of plan.unavailable ?? []) lines.push(`> [!WARNING]`, `> ${tableCell(unavailableLine(gone))}`, '');
  const imports = importLines(plan);
  if (imports.length > 0) lines.push('Imports:', '', ...imports.map((line) => `- ${tableCell(line)}`), '');
  const skipping = plan.unchanged.length > 0 || plan.entries.some((e) => e.rebuild !== undefined);
  lines.push(
    `| Stage | Entry | Tags | Platforms | Parents | Build id |${skipping ? ' Why built |' : ''}`,
    `|---|---|---|---|---|---|${skipping ? '---|' : ''}`,
  );
  for (const e of plan.entries.slice(0, SUMMARY_ROWS)) {
    const code = (text: string) => `<code>${tableCell(text)}</code>`;
    const parents = [...e.parents.map((p) => tableCell(p.entry)), ...e.publishedParents.map((p) => `${code(p.image)} (published)`)];
    const cells = [
      String(e.stage),
      tableCell(e.id),
      e.tags.map(code).join('<br>'),
      tableCell(e.platform ?? e.platforms.join(', ')),
      parents.join('<br>') || '-',
      code(e.buildId.slice(7, 19)),
      ...(skipping ? [(e.rebuild ?? []).map((r) => tableCell(r)).join('<br>')] : []),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  if (plan.entries.length > SUMMARY_ROWS) lines.push('', `…and ${plan.entries.length - SUMMARY_ROWS} more entries: see the plan file.`);
  if (plan.unchanged.length > 0) {
    lines.push('', 'Unchanged, not built:', '', '| Entry | Digest | Checked |', '|---|---|---|');
    for (const u of plan.unchanged.slice(0, SUMMARY_ROWS))
      lines.push(`| ${tableCell(u.id)} | <code>${tableCell(u.image)}</code> | ${tableCell(u.reason)} |`);
    if (plan.unchanged.length > SUMMARY_ROWS) lines.push('', `…and ${plan.unchanged.length - SUMMARY_ROWS} more: see the plan file.`);
  }
  return `${lines.join('\n')}\n`;
}
