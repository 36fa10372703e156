import { laggingOf, type PropagationReport } from './propagate.js';

/** The job summary: per image, which mirrors hold it and which lag (and why). */
export function reportMarkdown(report: PropagationReport): string {
  const rows = report.images.map((image) => {
    const holding = image.mirrors.filter((m) => m.state === 'in-sync' || m.state === 'updated');
    const lagging = image.mirrors.filter((m) => m.state === 'lagging' || m.state === 'refused');
    const held = holding.map((m) => `\`${m.mirror}\` (${m.state === 'in-sync' ? 'already' : cell(m.detail)})`).join('<br>');
    const lags = lagging.map((m) => `\`${m.mirror}\`: **${m.state}**: ${cell(m.detail)}`).join('<br>');
    const what =
      image.digest !== undefined ? `\`${image.digest}\`<br>${image.tags.map((t) => `\`${t}\``).join(' ')}` : cell(image.note ?? '');
    return `| \`${image.id}\` | ${what} | ${held || '-'} | ${lags || '-'} |`;
  });
  const lag = laggingOf(report);
  const total = report.images.filter((i) => i.digest !== undefined).length;
  const head =
    lag.length === 0
      ? `${total} published image(s); every mirror holds each of them, and put its tags only after it verified there.`
      : `${total} published image(s); ${lag.length} copy(ies) lag: the step fails, and the next run copies what is missing.`;
  return `${[head, '', '| image | published | held by | lagging |', '|---|---|---|---|', ...rows].join('\n')}\n`;
}

/** One line per image and mirror, for a terminal. */
export function reportLines(report: PropagationReport): string[] {
  return report.images.flatMap((image) =>
    image.mirrors.length === 0
      ? [`${image.id}: ${image.note ?? 'no mirrors'}`]
      : image.mirrors.map((m) => `${image.id}: ${m.mirror}: ${m.state}: ${m.detail}`),
  );
}

function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}
