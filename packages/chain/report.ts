import { tableCell } from '../logging/index.js';
import { type ChainReport, debugTwinId, type ImageOutcome } from './chain.js';
import { PHASE_GATES, PHASES, type Phase } from './steps.js';

/** One line per image: where it ended, for a terminal or a log. */
export function outcomeLine(outcome: ImageOutcome): string {
  const where = outcome.image ?? outcome.repository;
  const upstream = upstreamNote(outcome);
  const note = upstream !== undefined ? ` (${upstream})` : '';
  switch (outcome.status) {
    case 'published':
      return `${outcome.id}: published ${outcome.published.join(', ')} -> ${where}${note}`;
    case 'passed':
      return `${outcome.id}: passed ${outcome.passed.join(', ')}, not published: ${where}${note}`;
    case 'stopped':
      return `${outcome.id}: stopped at ${outcome.stoppedAt ?? 'an unknown gate'}: ${outcome.reason ?? 'no reason given'}; no tag${note}`;
    case 'unchanged':
      return `${outcome.id}: unchanged ${outcome.published.join(', ')} -> ${where} (${(outcome.rebuild ?? []).join('; ')})`;
  }
}

/**
 * What an import's outcome says of its upstream: that it moved (from the
 * digest published before to the one gated now), and, when the new digest
 * was stopped, that the previous one stays published.
 */
export function upstreamNote(outcome: Pick<ImageOutcome, 'upstream' | 'status'>): string | undefined {
  const upstream = outcome.upstream;
  if (upstream === undefined) return undefined;
  if (upstream.previous === undefined) return `imported from ${upstream.reference}`;
  const moved = `upstream moved from ${upstream.previous} to ${upstream.digest} (${upstream.reference})`;
  return outcome.status === 'stopped' ? `${moved}; ${upstream.previous} stays published` : moved;
}

export function countByStatus(report: ChainReport): Record<ImageOutcome['status'], number> {
  const counts = { published: 0, passed: 0, stopped: 0, unchanged: 0 };
  for (const outcome of report.outcomes) counts[outcome.status] += 1;
  return counts;
}

/** The whole run as plain text: one line per image, then the totals. */
export function reportText(report: ChainReport): string {
  const counts = countByStatus(report);
  const lines = report.outcomes.map(outcomeLine);
  lines.push(
    `${report.outcomes.length} images: ${counts.published} published, ${counts.passed} passed unpublished, ${counts.stopped} stopped, ${counts.unchanged} unchanged`,
  );
  return `${lines.join('\n')}\n`;
}

/** The job summary: a table of where each image ended, with the command to verify what was published. */
export function reportMarkdown(report: ChainReport): string {
  const rows = report.outcomes.map((o) => `| \`${o.id}\` | ${statusCell(o)} | ${o.image ? `\`${o.image}\`` : ''} | ${detailCell(o)} |`);
  const verify = report.outcomes.filter((o) => o.status === 'published' && o.verifyCommand !== undefined);
  const parts = ['| image | ended | digest | details |', '|---|---|---|---|', ...rows];
  if (verify.length > 0) {
    parts.push('', 'Verify a published image:', '', '```sh', ...verify.map((o) => o.verifyCommand ?? ''), '```');
  }
  // What each scan saw (the DB's age, each platform's OS and packages, what it did not see), under the table.
  for (const outcome of report.outcomes.filter((o) => o.scanSummary !== undefined)) {
    parts.push(
      '',
      `<details><summary>Scan of ${outcome.id}: ${outcome.scanVerdict ?? '?'}</summary>`,
      '',
      outcome.scanSummary ?? '',
      '</details>',
    );
  }
  return `${parts.join('\n')}\n`;
}

function statusCell(outcome: ImageOutcome): string {
  if (outcome.status === 'published') return 'published';
  if (outcome.status === 'passed') return `passed ${outcome.passed.join(', ')}; not published`;
  if (outcome.status === 'unchanged') return 'unchanged';
  return `stopped at **${outcome.stoppedAt ?? '?'}**`;
}

function detailCell(outcome: ImageOutcome): string {
  const upstream = tableCell(upstreamNote(outcome) ?? '');
  const why = (outcome.rebuild ?? []).map((r) => tableCell(outcome.status === 'unchanged' ? r : `rebuilt: ${r}`));
  if (outcome.status === 'stopped') return [tableCell(outcome.reason ?? ''), upstream, ...why].filter((s) => s !== '').join('<br>');
  return [...outcome.published.map((t) => `\`${t}\``), upstream, tableCell(testsLine(outcome)), tableCell(outcome.scanReason ?? ''), ...why]
    .filter((s) => s !== '')
    .join('<br>');
}

/**
 * Why a whole run failed, one line per image: it stopped, it did not get
 * through the run's last phase, or fewer images reported than were planned.
 */
export function runProblems(report: ChainReport, run: { planned: number; last: Phase; resultsDir: string }): string[] {
  const problems: string[] = [];
  const ids = new Set(report.outcomes.map((o) => o.id));
  // Debug twins report too, but were not planned as entries of their own.
  const twins = new Set([...ids].map(debugTwinId));
  const entries = [...ids].filter((id) => !twins.has(id));
  if (entries.length < run.planned) {
    problems.push(`only ${entries.length} of ${run.planned} planned images reported an outcome in ${run.resultsDir}`);
  }
  for (const outcome of report.outcomes) {
    if (outcome.status === 'stopped') problems.push(outcomeLine(outcome));
    else if (outcome.status === 'unchanged') continue;
    else if (!PHASE_GATES[run.last].every((gate) => outcome.passed.includes(gate))) {
      problems.push(
        `${outcome.id}: got through ${outcome.passed.join(', ')} only; its ${PHASES[PHASES.indexOf(outcome.phase) + 1] ?? 'next'} phase left no record`,
      );
    }
  }
  return problems;
}

/** What the image's tests did, in one line; empty when it declares none. */
export function testsLine(outcome: ImageOutcome): string {
  return outcome.tests ? `tests: ${outcome.tests.summary}` : '';
}
