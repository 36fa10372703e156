import { tableCell } from '../logging/index.js';
import type { BuiltImage } from './build-image.js';
import type { BuildPrebuiltResult } from './build-prebuilt.js';

/** The job summary of one build: what, where, how big, how long, and each lock-down rule. */
export function buildSummary(entryId: string, mode: string, result: BuildPrebuiltResult): string {
  const lines = [`### build-prebuilt: ${entryId}`, '', '| | |', '|---|---|'];
  lines.push(...imageRows('image', result.main));
  lines.push(`| mode | ${mode} |`, `| buildx | ${result.buildxVersion} |`);
  if (result.debug) lines.push(...imageRows('debug twin', result.debug));
  if (result.cacheWarning) lines.push(`| cache | ${tableCell(result.cacheWarning)} |`);
  for (const warning of result.main.warnings) lines.push(`| warning | ${tableCell(warning)} |`);
  lines.push('');
  if (result.checks) {
    lines.push('#### Lock-down checks', '', '| rule | result | found |', '|---|---|---|');
    for (const check of result.checks) {
      lines.push(`| ${check.rule} | ${check.passed ? 'pass' : '**FAIL**'} | ${check.problems.map((p) => tableCell(p)).join('<br>')} |`);
    }
    lines.push('');
  } else {
    lines.push('Layered image: no lock-down checks.', '');
  }
  return lines.join('\n');
}

function imageRows(what: string, image: BuiltImage): string[] {
  return [
    `| ${what} | \`${image.image}\` |`,
    `| platforms | ${image.platforms.map((p) => `${p.platform} (\`${p.digest.slice(0, 19)}\`, ${formatBytes(p.size)})`).join('<br>')} |`,
    `| size | ${formatBytes(image.size)} |`,
    `| duration | ${(image.durationMs / 1000).toFixed(1)} s${image.attempts > 1 ? ` (${image.attempts} attempts)` : ''} |`,
  ];
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
