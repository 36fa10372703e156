import type { ImageResult, RecordedFinding, RescanResult, TagResult } from './model.js';

/** One line per published tag (and per tag that could not be read): what the rescan says about it. */
export function tagLines(result: RescanResult): string[] {
  return result.images.flatMap((image) => image.tags.map((tag) => `${tag.tag}: ${tag.reason}`));
}

const STATUS: Record<TagResult['status'], string> = { clean: 'clean', findings: 'findings', tampered: 'TAMPERED', error: 'not checked' };

/** The job summary: per image, a row per tag, what is new since the last rescan, and what is not published. */
export function summaryMarkdown(result: RescanResult): string {
  const gate = `${result.policy.threshold} or above${result.policy.ignoreUnfixed ? ' with a fix available' : ''}`;
  const lines = [
    `Gate: fail on ${gate}. Vulnerability DB: ${result.db.source}${result.db.repository ? ` from ${result.db.repository}` : ''}; trivy ${result.trivyVersion}.`,
    '',
    '| image | tag | digest | result | at the gate | new since last rescan | resolved |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const image of result.images) {
    for (const tag of image.tags) {
      lines.push(
        `| ${cell(image.application)} | \`${cell(tagPart(tag.tag))}\` | ${tag.digest ? `\`${tag.digest.slice(0, 19)}…\`` : ''} | ${STATUS[tag.status]} | ${ids(tag.blocking)} | ${ids(tag.changes?.new ?? [])} | ${ids(tag.changes?.resolved ?? [])} |`,
      );
    }
    if (image.tags.length === 0) lines.push(`| ${cell(image.application)} | | | nothing published | | | |`);
  }
  const unpublished = result.images.flatMap((i) => i.unpublished);
  if (unpublished.length > 0)
    lines.push('', `Planned but not published (not rescanned): ${unpublished.map((t) => `\`${t}\``).join(', ')}.`);
  const problems = result.images.flatMap((i) => i.tags.filter((t) => t.status === 'tampered' || t.status === 'error'));
  if (problems.length > 0) {
    lines.push('', '#### Tampered or not checked', '');
    for (const tag of problems) lines.push(`- \`${tag.tag}\`: ${cell(tag.reason)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The images a rebuild may fix: a verified tag with a fixable finding at the gate. */
export function imagesToRebuild(result: RescanResult): ImageResult[] {
  return result.images.filter((image) => image.rebuild);
}

function ids(findings: readonly RecordedFinding[]): string {
  return [...new Set(findings.map((f) => f.id))].map(cell).join(', ');
}

function tagPart(tag: string): string {
  return tag.slice(tag.lastIndexOf('/') + 1);
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
