import { displayCommand } from './judge.js';
import type { ImageTestReport, TestRun } from './run-tests.js';

/**
 * Why the tests stopped the image: for each test that did not pass, its
 * name, platform, command, exit code, what went wrong, and the tail of its
 * output. One block per run, for the summary and the log.
 */
export function testFailureReason(report: ImageTestReport): string {
  const bad = report.runs.filter((r) => r.status === 'failed' || r.status === 'not-tested');
  return bad.map(describeRun).join('\n');
}

export function describeRun(run: TestRun): string {
  const verdict = run.status === 'not-tested' ? 'was not tested' : run.status;
  const exit = run.exitCode !== undefined ? `, exit code ${run.exitCode}` : '';
  const lines = [
    `test '${run.test}' ${verdict} on ${run.platform} (${run.image}${exit}): ${run.problems.join('; ')}`,
    `  command: ${run.command.length > 0 ? displayCommand(run.command) : '(none)'}, as user ${run.user || 'root'}`,
  ];
  if (run.output !== '') lines.push(`  output: ${run.output.split('\n').join(' \u23ce ')}`);
  return lines.join('\n');
}

/** One line: how many tests passed where, and which were skipped or failed. */
export function testSummaryLine(report: ImageTestReport): string {
  const names = [...new Set(report.runs.map((r) => r.test))];
  const platforms = report.platforms.map((p) => p.platform).join(', ');
  const skipped = names.filter((n) => report.runs.some((r) => r.test === n && r.status === 'skipped'));
  const failed = names.filter((n) => report.runs.some((r) => r.test === n && r.status === 'failed'));
  const untested = names.filter((n) => report.runs.some((r) => r.test === n && r.status === 'not-tested'));
  const parts = [`${report.passedTests} of ${names.length - skipped.length} passed on ${platforms}`];
  if (failed.length > 0) parts.push(`failed: ${failed.join(', ')}`);
  if (untested.length > 0) parts.push(`not tested on every platform: ${untested.join(', ')}`);
  if (skipped.length > 0) parts.push(`skipped: ${skipped.join(', ')}`);
  return parts.join('; ');
}
