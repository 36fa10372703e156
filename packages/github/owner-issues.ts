import type { Logger } from '../logging/index.js';
import type { Issue, Issues } from './issues.js';

/**
 * One issue per thing an owner answers for (an image), found again by a
 * hidden marker in its body, never by its title: titles change, and people
 * edit them. The body also carries, hidden, what the last run saw (its
 * state), so the next run can say what changed instead of repeating itself.
 */
const MARKER = /<!-- image-actions:owner-issue key="([^"]+)" -->/;
const STATE = /<!-- image-actions:state ([A-Za-z0-9+/=]+) -->/;

export function markerComment(key: string): string {
  return `<!-- image-actions:owner-issue key="${encodeURIComponent(key)}" -->`;
}

export function readMarker(body: string): string | undefined {
  const match = MARKER.exec(body);
  if (!match?.[1]) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
}

export function stateComment(state: unknown): string {
  return `<!-- image-actions:state ${Buffer.from(JSON.stringify(state)).toString('base64')} -->`;
}

/** The state the last run left, or undefined when there is none or someone edited it beyond reading. */
export function readState(body: string): unknown {
  const match = STATE.exec(body);
  if (!match?.[1]) return undefined;
  try {
    return JSON.parse(Buffer.from(match[1], 'base64').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

export interface KnownIssue {
  issue: Issue;
  /** What the last run stored in the body. */
  state: unknown;
}

/**
 * The label's issues by marker. When two carry the same marker (someone
 * copied one), the open one wins, else the oldest, and the run says so.
 */
export async function findOwnerIssues(issues: Issues, label: string, log: Logger): Promise<Map<string, KnownIssue>> {
  const found = new Map<string, KnownIssue>();
  for (const issue of await issues.withLabel(label)) {
    const key = readMarker(issue.body);
    if (key === undefined) continue;
    const known = found.get(key);
    if (known) {
      log.warning(
        `issues #${known.issue.number} and #${issue.number} both carry the marker of ${key}; using one, leaving the other alone.`,
      );
      if (known.issue.state === 'open' || issue.state !== 'open') continue;
    }
    found.set(key, { issue, state: readState(issue.body) });
  }
  return found;
}

/** `Owners: @org/team, team@example.com (e-mail).`: GitHub handles are mentioned, e-mail addresses named. */
export function ownersLine(owners: readonly string[]): string {
  const github = owners.filter((o) => o.startsWith('@'));
  const email = owners.filter((o) => !o.startsWith('@'));
  return `Owners: ${[...github, ...email.map((e) => `${e} (e-mail)`)].join(', ') || 'none named in the catalog'}.`;
}

/** What this run wants the issue of one key to be. */
export interface WantedIssue {
  key: string;
  /** Whether something is wrong: the issue should be open. */
  open: boolean;
  title: string;
  /** The visible body; the marker and the state are added to it. */
  body: string;
  state: unknown;
  /** Said as a comment, when something changed since the last run (or when closing or reopening). */
  comment?: string;
}

export type IssueAction = 'opened' | 'reopened' | 'commented' | 'updated' | 'closed' | 'unchanged' | 'none';

export interface IssueOutcome {
  key: string;
  action: IssueAction;
  number?: number;
  url?: string;
  /** Comments this run added. */
  comments: number;
}

/**
 * Brings one key's issue to what the run wants, with as few writes as that
 * takes: none when nothing changed; a comment only when the run has
 * something new to say; closed with a comment when it is clean again;
 * reopened (the same issue, its history kept) when it goes bad again.
 */
export async function syncOwnerIssue(
  issues: Issues,
  label: string,
  known: KnownIssue | undefined,
  wanted: WantedIssue,
): Promise<IssueOutcome> {
  const body = `${markerComment(wanted.key)}\n${wanted.body.trimEnd()}\n\n${stateComment(wanted.state)}\n`;
  const outcome = (action: IssueAction, issue: Issue | undefined, comments: number): IssueOutcome => ({
    key: wanted.key,
    action,
    ...(issue ? { number: issue.number, url: issue.htmlUrl } : {}),
    comments,
  });
  if (!known) {
    if (!wanted.open) return outcome('none', undefined, 0);
    const created = await issues.create({ title: wanted.title, body, labels: [label] });
    // GitHub drops labels it will not set; without it this issue could not be found again.
    if (!created.labels.includes(label)) {
      throw new Error(
        `issue #${created.number} was opened without the label '${label}' (GitHub dropped it), so the next run could not find it; give the token permission to label issues, then label #${created.number} '${label}'`,
      );
    }
    return outcome('opened', created, 0);
  }
  const { issue } = known;
  if (!wanted.open) {
    if (issue.state === 'closed') return outcome('none', issue, 0);
    if (wanted.comment !== undefined) await issues.comment(issue.number, wanted.comment);
    const closed = await issues.update(issue.number, { body, state: 'closed', stateReason: 'completed' });
    return outcome('closed', closed, wanted.comment !== undefined ? 1 : 0);
  }
  if (issue.state === 'closed') {
    const reopened = await issues.update(issue.number, { title: wanted.title, body, state: 'open', stateReason: 'reopened' });
    if (wanted.comment !== undefined) await issues.comment(issue.number, wanted.comment);
    return outcome('reopened', reopened, wanted.comment !== undefined ? 1 : 0);
  }
  const changed = issue.title !== wanted.title || issue.body !== body;
  const updated = changed ? await issues.update(issue.number, { title: wanted.title, body }) : issue;
  if (wanted.comment !== undefined) {
    await issues.comment(issue.number, wanted.comment);
    return outcome('commented', updated, 1);
  }
  return outcome(changed ? 'updated' : 'unchanged', updated, 0);
}
