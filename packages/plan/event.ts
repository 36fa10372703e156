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
  const base = request.baseRef ?? pullRequest?.base.sha;
  if (base === undefined) {
    throw new UserError({
      message: 'the plan should hold only affected entries, but there is no pull request event, changed-files or base-ref to compare with.',
      hint: "Set 'base-ref' (for example origin/main) or 'changed-files', or set 'changes' to 'all'.",
    });
  }
  try {
    const changes = await changesFromGit(request.runner, {
      base,
      ...(pullRequest ? { head: pullRequest.head.sha } : {}),
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
  const result = await runner
    .run({ file: 'git', args: ['log', '-1', '--format=%H%n%cI', sha ?? 'HEAD'], cwd: workspace, quiet: true })
    .catch(() => ({ exitCode: 127, stdout: '', stderr: 'git is not installed' }));
  const [fromGit, time] = result.stdout.trim().split('\n');
  if (result.exitCode === 0 && fromGit && time) return { sha: fromGit, time: new Date(time).toISOString().replace('.000Z', 'Z') };
  const timestamp = event?.head_commit?.timestamp;
  if (sha !== undefined && timestamp !== undefined) return { sha, time: new Date(timestamp).toISOString().replace('.000Z', 'Z') };
  throw new UserError({
    message: `cannot find the commit to plan (${sha ?? 'HEAD'}) or its time: the workspace is not a git checkout and the event has no head commit.`,
    hint: 'Run actions/checkout before matrix-expand.',
  });
}
