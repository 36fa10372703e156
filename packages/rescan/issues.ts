import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  findOwnerIssues,
  type IssueOutcome,
  type Issues,
  type KnownIssue,
  ownersLine,
  syncOwnerIssue,
  type WantedIssue,
} from '../github/index.js';
import type { Logger } from '../logging/index.js';
import { findingKey, type ImageResult, type RecordedFinding, type RescanResult, type TagResult, type TagStatus } from './model.js';
import type { RebuildRecord } from './rebuild.js';

/** The label every rescan issue carries; the rescan lists its issues by it and finds each by its marker. */
export const DEFAULT_ISSUE_LABEL = 'image-rescan';

/** What the last run saw, kept hidden in the issue's body. */
export interface IssueState {
  v: 1;
  tags: Record<string, { digest?: string; status: TagStatus; blocking: string[] }>;
  /** The rebuild requested for the digests that failed then, until a rescan sees it fixed or the image is clean. */
  rebuild?: { requestedAt: string; url?: string; digests: Record<string, string> };
}

export function readIssueState(state: unknown): IssueState | undefined {
  if (typeof state !== 'object' || state === null || (state as { v?: unknown }).v !== 1) return undefined;
  const tags = (state as { tags?: unknown }).tags;
  if (typeof tags !== 'object' || tags === null) return undefined;
  return state as IssueState;
}

export interface IssueContext {
  result: RescanResult;
  /** What the rebuild phase did, when it ran. */
  rebuild?: RebuildRecord | undefined;
}

/**
 * What the image's issue should say now: open while a tag fails its gate or
 * does not verify, with the owners mentioned (GitHub users and teams) or
 * named (e-mail), the findings, digests, tags and the run; a comment only
 * for what changed since the last run; closed, with a comment, once every
 * tag passes. Undefined for an image that could not be checked: its issue
 * is left as it is, since nothing was learned.
 */
export function wantedIssue(image: ImageResult, known: KnownIssue | undefined, context: IssueContext): WantedIssue | undefined {
  if (image.status === 'error') return undefined;
  const previous = readIssueState(known?.state);
  const open = image.status === 'fail';
  const state: IssueState = { v: 1, tags: {} };
  for (const tag of image.tags) {
    state.tags[tag.tag] = { ...(tag.digest ? { digest: tag.digest } : {}), status: tag.status, blocking: tag.blocking.map(findingKey) };
  }
  const requested = context.rebuild?.images.includes(image.application) ? context.rebuild : undefined;
  const rebuildDigests = Object.fromEntries(
    image.tags.filter((t) => t.status === 'findings' && t.fixable && t.digest).map((t) => [t.tag, t.digest ?? '']),
  );
  if (open && previous?.rebuild && sameDigests(previous.rebuild.digests, rebuildDigests)) {
    state.rebuild = previous.rebuild;
  } else if (open && requested) {
    state.rebuild = {
      requestedAt: requested.requestedAt,
      ...(requested.run?.htmlUrl ? { url: requested.run.htmlUrl } : {}),
      digests: rebuildDigests,
    };
  } else if (open && previous?.rebuild) {
    state.rebuild = previous.rebuild;
  }
  const runLink = context.result.run ? `[this run](${context.result.run.url})` : 'this run';
  const changes = known ? changeLines(image, previous) : [];
  if (state.rebuild && state.rebuild !== previous?.rebuild && known) {
    changes.push(`- A rebuild was requested${state.rebuild.url ? `: [the rebuild run](${state.rebuild.url})` : ''}.`);
  }
  let comment: string | undefined;
  if (known && !open && known.issue.state === 'open') {
    comment = [
      `Clean again in ${runLink}: every published tag of **${image.application}** passes its gate.`,
      '',
      ...closingLines(image, previous),
    ]
      .join('\n')
      .trimEnd();
  } else if (known && open && known.issue.state === 'closed') {
    comment = [`Failing again in ${runLink}.`, '', ...(changes.length > 0 ? changes : failingLines(image))].join('\n');
  } else if (known && open && changes.length > 0) {
    comment = [`What changed in ${runLink}:`, '', ...changes].join('\n');
  }
  return {
    key: image.key,
    open,
    title: title(image),
    body: body(image, state, context),
    state,
    ...(comment !== undefined ? { comment } : {}),
  };
}

function sameDigests(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(b);
  return keys.length > 0 && keys.every((k) => a[k] === b[k]);
}

function title(image: ImageResult): string {
  if (image.tags.some((t) => t.status === 'tampered')) return `Rescan: ${image.application} has a published tag that does not verify`;
  return `Rescan: ${image.application} fails its vulnerability gate`;
}

function body(image: ImageResult, state: IssueState, context: IssueContext): string {
  const { result } = context;
  const gate = `${result.policy.threshold} or above${result.policy.ignoreUnfixed ? ', with a fix available' : ''}`;
  const failing = image.tags.filter((t) => t.status !== 'clean');
  const lines = [
    image.status === 'fail'
      ? `**${image.application}**: ${failing.length} of ${image.tags.length} published tag${image.tags.length === 1 ? '' : 's'} fail${failing.length === 1 ? 's' : ''} the rescan.`
      : `**${image.application}**: every published tag passes the rescan.`,
    '',
    ownersLine(image.owners),
    `Rescanned ${result.finishedAt.slice(0, 16).replace('T', ' ')} UTC in ${result.run ? `[run ${result.run.id}](${result.run.url})` : 'a local run'}, with the build's gate (${gate}) and ignore file, trivy ${result.trivyVersion}.`,
    '',
    '| tag | digest | result |',
    '|---|---|---|',
    ...image.tags.map((t) => `| \`${t.tag}\` | ${t.digest ? `\`${t.digest}\`` : ''} | ${cell(t.reason)} |`),
    '',
  ];
  const findings = findingsByKey(image.tags);
  if (findings.size > 0) {
    lines.push(`#### Findings at the gate`, '', '| id | severity | package | installed | fixed in | tags |', '|---|---|---|---|---|---|');
    for (const { finding, tags } of findings.values()) {
      const id = finding.url ? `[${cell(finding.id)}](${finding.url})` : cell(finding.id);
      lines.push(
        `| ${id} | ${finding.severity} | ${cell(finding.pkg)} | ${cell(finding.installedVersion)} | ${cell(finding.fixedVersion ?? 'no fix yet')} | ${tags.map((t) => `\`${tagPart(t)}\``).join(', ')} |`,
      );
    }
    lines.push('');
  }
  const tampered = image.tags.filter((t) => t.status === 'tampered');
  if (tampered.length > 0) {
    lines.push(
      '#### Tampered',
      '',
      'These tags name a digest with no signature from the publisher. The rescan changes nothing: find out who moved the tag, then publish the image again through the nightly (its publish job puts the tag back on a verified digest).',
      '',
      ...tampered.map((t) => `- \`${t.tag}\` -> \`${t.digest ?? ''}\``),
      '',
    );
  }
  if (state.rebuild) {
    lines.push(
      '#### Rebuild',
      '',
      `A rebuild was requested on ${state.rebuild.requestedAt.slice(0, 10)}${state.rebuild.url ? ` ([run](${state.rebuild.url}))` : ''} for the digests above with a fix available; the next rescan says whether it fixed them.`,
      '',
    );
  } else if (image.rebuild) {
    lines.push(
      '#### Rebuild',
      '',
      'A fix is available, but no rebuild was requested by this run (the rebuild job did not run or failed).',
      '',
    );
  }
  lines.push(
    `<sub>Kept by the scheduled rescan: it finds this issue by a hidden marker and the \`${DEFAULT_ISSUE_LABEL}\` label, comments when something changes, and closes it when every tag passes.</sub>`,
  );
  return lines.join('\n');
}

/** What changed since the last run, tag by tag. */
function changeLines(image: ImageResult, previous: IssueState | undefined): string[] {
  const lines: string[] = [];
  for (const tag of image.tags) {
    const before = previous?.tags[tag.tag];
    const name = `\`${tag.tag}\``;
    if (!before) {
      if (tag.status !== 'clean') lines.push(`- ${name}: ${tag.reason}`);
      continue;
    }
    if (before.digest !== tag.digest) {
      lines.push(`- ${name} ${digestMove(tag, before.digest, previous?.rebuild)}`);
      continue;
    }
    const now = new Set(tag.blocking.map(findingKey));
    const was = new Set(before.blocking);
    const added = tag.blocking.filter((f) => !was.has(findingKey(f)));
    const gone = before.blocking.filter((k) => !now.has(k));
    if (added.length > 0) lines.push(`- ${name}: new at the gate: ${added.map(describe).join('; ')}`);
    if (gone.length > 0) lines.push(`- ${name}: no longer at the gate: ${gone.join('; ')}`);
    if (before.status !== tag.status && added.length === 0 && gone.length === 0) lines.push(`- ${name}: ${tag.reason}`);
  }
  for (const [tag, before] of Object.entries(previous?.tags ?? {})) {
    if (!image.tags.some((t) => t.tag === tag) && before.status !== 'clean') lines.push(`- \`${tag}\` is no longer published.`);
  }
  return lines;
}

/** A tag that names another digest than last time: after a requested rebuild, whether it fixed it. */
function digestMove(tag: TagResult, was: string | undefined, rebuild: IssueState['rebuild']): string {
  const now = `\`${tag.digest ?? 'nothing'}\``;
  const rebuilt = rebuild !== undefined && was !== undefined && rebuild.digests[tag.tag] === was;
  if (tag.status === 'tampered') return `now names ${now}, which does not verify: tampered.`;
  if (rebuilt) {
    return tag.status === 'clean'
      ? `was rebuilt as ${now}: **the rebuild fixed it**.`
      : `was rebuilt as ${now}, but **the rebuild did not fix it**: ${tag.reason}`;
  }
  return `now names ${now} (was \`${was ?? 'nothing'}\`): ${tag.reason}`;
}

function closingLines(image: ImageResult, previous: IssueState | undefined): string[] {
  const lines = changeLines(image, previous);
  const rebuilt = previous?.rebuild
    ? Object.entries(previous.rebuild.digests).some(([tag, digest]) => image.tags.some((t) => t.tag === tag && t.digest !== digest))
    : false;
  if (previous?.rebuild) {
    lines.push(
      '',
      rebuilt
        ? 'The rebuild fixed it.'
        : 'The rebuild was not needed in the end: the digests are the same, and the findings are gone from the vulnerability DB or are now ignored.',
    );
  } else if (lines.length === 0) {
    lines.push('The findings are gone from the vulnerability DB, or are now ignored.');
  }
  return lines;
}

function failingLines(image: ImageResult): string[] {
  return image.tags.filter((t) => t.status !== 'clean').map((t) => `- \`${t.tag}\`: ${t.reason}`);
}

function findingsByKey(tags: readonly TagResult[]): Map<string, { finding: RecordedFinding; tags: string[] }> {
  const found = new Map<string, { finding: RecordedFinding; tags: string[] }>();
  for (const tag of tags) {
    for (const finding of tag.blocking) {
      const key = findingKey(finding);
      const entry = found.get(key) ?? { finding, tags: [] };
      entry.tags.push(tag.tag);
      found.set(key, entry);
    }
  }
  return found;
}

function describe(finding: RecordedFinding): string {
  return `${finding.id} (${finding.severity}, ${finding.pkg} ${finding.installedVersion}${finding.fixedVersion ? `, fixed in ${finding.fixedVersion}` : ''})`;
}

function tagPart(tag: string): string {
  return tag.slice(tag.lastIndexOf(':') + 1);
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export interface IssueReport {
  application: string;
  outcome: IssueOutcome;
}

/** Every image's issue brought up to date; images that could not be checked are left alone, and said so. */
export async function syncRescanIssues(issues: Issues, label: string, context: IssueContext, log: Logger): Promise<IssueReport[]> {
  const known = await findOwnerIssues(issues, label, log);
  const reports: IssueReport[] = [];
  for (const image of context.result.images) {
    const wanted = wantedIssue(image, known.get(image.key), context);
    if (!wanted) {
      log.warning(`${image.application}: not every tag could be checked; its issue is left as it is.`);
      continue;
    }
    const outcome = await syncOwnerIssue(issues, label, known.get(image.key), wanted);
    if (outcome.action !== 'none' && outcome.action !== 'unchanged') {
      log.info(`${image.application}: issue #${outcome.number ?? '?'} ${outcome.action}${outcome.url ? ` (${outcome.url})` : ''}`);
    }
    reports.push({ application: image.application, outcome });
  }
  return reports;
}

export const ISSUES_FILE = 'rescan-issues.json';

export async function writeIssueReports(dir: string, repository: string, reports: readonly IssueReport[]): Promise<string> {
  const file = join(dir, ISSUES_FILE);
  await writeFile(file, `${JSON.stringify({ repository, issues: reports }, null, 2)}\n`);
  return file;
}
