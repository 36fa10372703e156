import { UserError } from '../errors/index.js';
import type { Logger } from '../logging/index.js';
import { CommandFailedError, type CommandRunner } from '../process/index.js';
import { type Changes, changesFromGit, changesFromPullRequestFiles, type PullRequestFile } from './changes.js';

/** The parts of a GitHub event payload (GITHUB_EVENT_PATH) the plan uses. */
export interface GitHubEvent {
  pull_request?: { number: number; base: { sha: string; ref?: string }; head: { sha: string } };
  head_commit?: { id?: string; timestamp?: string };
}

export const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_target'];

export interface ChangeRequest {
  /** `auto`: affected entries only on pull requests or when changes are given; `all`: everything; `affected`: always affected only. */
  mode: 'auto' | 'all' | 'affected';
  eventName?: string;
  event?: GitHubEvent;
  /** Explicit changed files (input `changed-files`), relative to the repository root. */
  changedFiles: readonly string[];
  /** Explicit base for `git diff base...HEAD` (input `base-ref`). */
  baseRef?: string;
  catalogFile: string;
  workspace: string;
  runner: CommandRunner;
  /** GitHub's list of the pull request's files, all pages; undefined when there is no token. */
  listPullRequestFiles?: (pullNumber: number) => Promise<PullRequestFile[]>;
  log: Logger;
}

/**
 * Which changes narrow the plan, or undefined for the whole plan. Git first
 * (the diff a pull request shows, when the checkout has the history); the
 * GitHub API when it does not (a shallow checkout has no merge base).
 */
export async function resolveChanges(request: ChangeRequest): Promise<Changes | undefined> {
  const pullRequest =
    request.eventName !== undefined && PULL_REQUEST_EVENTS.includes(request.eventName) ? request.event?.pull_request : undefined;
  const wanted =
    request.mode === 'affected' ||
    (request.mode === 'auto' && (pullRequest !== undefined || request.changedFiles.length > 0 || request.baseRef !== undefined));
  if (!wanted) return undefined;
  if (request.changedFiles.length > 0) {
    const files = [...request.changedFiles].sort();
    return { files, catalogLines: files.includes(request.catalogFile) ? 'all' : [] };
  }
  const base =
    request.baseRef !== undefined
      ? gitRevision(request.baseRef, "input 'base-ref'")
      : pullRequest && commitId(pullRequest.base.sha, "the event's pull_request.base.sha");
  if (base === undefined) {
    throw new UserError({
      message: 'the plan should hold only affected entries, but there is no pull request event, changed-files or base-ref to compare with.',
      hint: "Set 'base-ref' (for example origin/main) or 'changed-files', or set 'changes' to 'all'.",
    });
  }
  try {
    const changes = await changesFromGit(request.runner, {
      base,
      ...(pullRequest ? { head: commitId(pullRequest.head.sha, "the event's pull_request.head.sha") } : {}),
      catalogFile: request.catalogFile,
      cwd: request.workspace,
    });
    request.log.info(`changes: ${changes.files.length} files changed since ${base} (git)`);
    return changes;
  } catch (error: unknown) {
    if (!(error instanceof CommandFailedError)) throw error;
    if (pullRequest === undefined || request.listPullRequestFiles === undefined) {
      throw new UserError({
        message: `git cannot compare with ${base}: ${error.result.stderr.trim().split('\n').pop() ?? 'no output'}.`,
        hint: "Check out with the history (actions/checkout with fetch-depth: 0), or give 'github-token' on a pull request so the files come from the GitHub API.",
      });
    }
    request.log.info(`changes: git cannot compare with ${base} (shallow checkout?); asking the GitHub API`);
    if (!Number.isSafeInteger(pullRequest.number) || pullRequest.number < 1) {
      throw new UserError({
        message: `the event's pull_request.number is ${JSON.stringify(pullRequest.number)}, not a pull request number.`,
      });
    }
    const files = await request.listPullRequestFiles(pullRequest.number);
    request.log.info(`changes: ${files.length} files in pull request #${pullRequest.number} (GitHub API)`);
    return changesFromPullRequestFiles(files, request.catalogFile);
  }
}

/** The commit being planned and its commit time: from git, else the push event; never the clock. */
export async function resolveCommit(
  runner: CommandRunner,
  workspace: string,
  sha: string | undefined,
  event: GitHubEvent | undefined,
): Promise<{ sha: string; time: string }> {
  if (sha !== undefined) commitId(sha, 'GITHUB_SHA');
  const result = await runner
    .run({ file: 'git', args: ['log', '-1', '--format=%H%n%cI', sha ?? 'HEAD', '--'], cwd: workspace, quiet: true })
    .catch(() => ({ exitCode: 127, stdout: '', stderr: 'git is not installed' }));
  const [fromGit, time] = result.stdout.trim().split('\n');
  if (result.exitCode === 0 && fromGit && time) return { sha: fromGit, time: new Date(time).toISOString().replace('.000Z', 'Z') };
  const timestamp = event?.head_commit?.timestamp;
  if (sha !== undefined && timestamp !== undefined) {
    const time = new Date(timestamp);
    if (Number.isNaN(time.getTime())) {
      throw new UserError({ message: `the event's head_commit.timestamp is ${JSON.stringify(timestamp)}, not a time.` });
    }
    return { sha, time: time.toISOString().replace('.000Z', 'Z') };
  }
  throw new UserError({
    message: `cannot find the commit to plan (${sha ?? 'HEAD'}) or its time: the workspace is not a git checkout and the event has no head commit.`,
    hint: 'Run actions/checkout before matrix-expand.',
  });
}

const COMMIT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/**
 * A commit id from the event or the environment, checked before it reaches
 * git (where a value starting with `-` would be an option) or a label.
 */
export function commitId(value: string, where: string): string {
  if (typeof value === 'string' && COMMIT_ID.test(value)) return value;
  throw new UserError({
    message: `${where} is ${JSON.stringify(value)}, not a commit id (40 or 64 lowercase hex digits).`,
    hint: 'Run the action from a GitHub Actions workflow, or set it to the full id of the commit being built.',
  });
}

/** A revision given by the user (a branch, a tag, `origin/main`, a commit): what git reads as a revision, never an option. */
export function gitRevision(value: string, where: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused.
  if (value !== '' && !value.startsWith('-') && !/[\s\u0000-\u001f\u007f]|\.\./.test(value)) return value;
  throw new UserError({
    message: `${where} is ${JSON.stringify(value)}, which git would not read as one revision.`,
    hint: 'Give a branch, tag or commit, for example origin/main.',
  });
}

const OWNER_AND_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/(?!\.\.?$)[A-Za-z0-9._-]{1,100}$/;

/**
 * The repository's web address for `org.opencontainers.image.source`, from
 * GITHUB_SERVER_URL and GITHUB_REPOSITORY when both are what GitHub sets:
 * an http(s) address without credentials, and `owner/name`. Anything else
 * gives no address, and says why: a label must not carry a made-up URL.
 *
 * Under act (ACT=true) GITHUB_REPOSITORY is act's guess from the checkout's
 * `origin` remote: a local path when the origin is one, `nektos/act` when
 * there is none. There the address is given only when `origin` (the remote's
 * URL, when there is one) names that same repository.
 */
export function repositoryUrl(env: Readonly<Record<string, string | undefined>>, origin?: string): { url?: string; warning?: string } {
  const repository = env.GITHUB_REPOSITORY;
  if (repository === undefined || repository === '') return {};
  if (!OWNER_AND_NAME.test(repository)) {
    return {
      warning: `GITHUB_REPOSITORY is ${JSON.stringify(repository)}, not owner/name (a clone whose origin is not on GitHub?): the images get no org.opencontainers.image.source label`,
    };
  }
  const server = env.GITHUB_SERVER_URL || 'https://github.com';
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return { warning: `GITHUB_SERVER_URL is ${JSON.stringify(server)}, not a web address: the images get no source label` };
  }
  if (!/^https?:$/.test(url.protocol) || url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    return { warning: `GITHUB_SERVER_URL is ${JSON.stringify(server)}, not a plain http(s) address: the images get no source label` };
  }
  const address = `${url.origin}${url.pathname.replace(/\/+$/, '')}/${repository}`;
  if (env.ACT === 'true' && (origin === undefined || remoteName(origin) !== remoteName(address))) {
    return {
      warning: `under act, GITHUB_REPOSITORY (${JSON.stringify(repository)}) is a guess that the checkout's origin (${origin === undefined ? 'none' : JSON.stringify(origin)}) does not confirm: the images get no org.opencontainers.image.source label`,
    };
  }
  return { url: address };
}

/** `https://github.com/org/app.git`, `git@github.com:org/app` and `ssh://git@github.com/org/app` all name github.com/org/app. */
function remoteName(remote: string): string {
  return remote
    .trim()
    .replace(/^[a-z+]+:\/\/(?:[^@/]*@)?/i, '')
    .replace(/^[^@/:]+@([^:/]+):/, '$1/')
    .replace(/\.git$/, '')
    .replace(/\/+$/, '')
    .toLowerCase();
}

/** The source address of the workspace's repository (see repositoryUrl), reading its origin remote when act runs it. */
export async function sourceUrl(
  runner: CommandRunner,
  workspace: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<{ url?: string; warning?: string }> {
  if (env.ACT !== 'true') return repositoryUrl(env);
  const result = await runner
    .run({ file: 'git', args: ['remote', 'get-url', 'origin'], cwd: workspace, quiet: true })
    .catch(() => ({ exitCode: 127, stdout: '', stderr: '' }));
  return repositoryUrl(env, result.exitCode === 0 ? result.stdout.trim() : undefined);
}
