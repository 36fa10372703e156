import type { ImageOutcome } from '../chain/index.js';
import { findOwnerIssues, type IssueOutcome, type Issues, ownersLine, syncOwnerIssue, type WantedIssue } from '../github/index.js';
import type { Logger } from '../logging/index.js';

/** The label of the issues an import's owners get when a moved upstream does not pass its gates. */
export const UPSTREAM_ISSUE_LABEL = 'image-upstream';

/** What the issue's body keeps between runs: the upstream digest it is about. */
interface UpstreamState {
  digest: string;
}

/**
 * What one import's issue should be after this run: open while upstream has
 * moved to a digest that did not pass (the one published before stays), with
 * the owners mentioned; closed once an upstream digest is published again.
 * Undefined when the run says nothing about it (not an import, or an import
 * that stopped without upstream having moved: the run's summary says that).
 */
export function wantedUpstreamIssue(outcome: ImageOutcome, last: UpstreamState | undefined): WantedIssue | undefined {
  const upstream = outcome.upstream;
  if (upstream === undefined) return undefined;
  const key = `upstream:${outcome.id}`;
  const title = `${outcome.id}: upstream moved, and the new digest did not pass`;
  if (outcome.status === 'published') {
    return {
      key,
      open: false,
      title,
      body: `**${outcome.id}**: ${upstream.reference} is published at ${upstream.digest}, which passed every gate.`,
      state: { digest: upstream.digest },
      comment: `Published ${upstream.digest} of ${upstream.reference}, which passed every gate: closing.`,
    };
  }
  if (outcome.status !== 'stopped' || upstream.previous === undefined) return undefined;
  const owners = (outcome.owner ?? '').split(', ').filter((o) => o !== '');
  const body = [
    `**${outcome.id}**: upstream moved from ${upstream.previous} to ${upstream.digest} (${upstream.reference}), and the new digest was stopped at ${outcome.stoppedAt ?? 'a gate'}: ${outcome.reason ?? 'no reason given'}.`,
    '',
    `${upstream.previous} stays published under ${outcome.plannedTags.join(', ')}; nothing moves until an upstream digest passes.`,
    '',
    ownersLine(owners),
  ].join('\n');
  return {
    key,
    open: true,
    title,
    body,
    state: { digest: upstream.digest },
    ...(last !== undefined && last.digest !== upstream.digest
      ? { comment: `Upstream moved again, to ${upstream.digest}, which did not pass either.` }
      : {}),
  };
}

/**
 * Opens, updates or closes each import's upstream issue from a run's
 * outcomes, through the one GitHub client. Each issue is found again by its
 * marker, as the rescan's are.
 */
export async function syncUpstreamIssues(
  issues: Issues,
  outcomes: readonly ImageOutcome[],
  log: Logger,
  label = UPSTREAM_ISSUE_LABEL,
): Promise<IssueOutcome[]> {
  const known = await findOwnerIssues(issues, label, log);
  const results: IssueOutcome[] = [];
  for (const outcome of outcomes) {
    const existing = known.get(`upstream:${outcome.id}`);
    const state = existing?.state as UpstreamState | undefined;
    const wanted = wantedUpstreamIssue(outcome, typeof state?.digest === 'string' ? state : undefined);
    if (wanted === undefined) continue;
    const result = await syncOwnerIssue(issues, label, existing, wanted);
    if (result.action !== 'none' && result.action !== 'unchanged')
      log.info(`${outcome.id}: upstream issue ${result.action} (${result.url ?? ''})`);
    results.push(result);
  }
  return results;
}
