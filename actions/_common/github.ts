import { UserError } from '../../packages/errors/index.js';
import type { GitHubApi, GitHubLimits, Repository } from '../../packages/github/index.js';
import { DEFAULT_GITHUB_LIMITS, octokitPluginOptions, parseRepository } from '../../packages/github/index.js';
import type { Logger } from '../../packages/logging/index.js';
import type { Inputs } from './inputs.js';

/**
 * The Octokit every action hands to packages/github: @actions/github's (the
 * runner's proxy settings, GITHUB_API_URL), with Octokit's own retry and
 * throttling plugins waiting out rate limits and 5xx as GitHub documents.
 * Octokit is loaded when a client is first made: most steps never call the
 * API, and need not load it at start-up.
 */
export async function githubApi(token: string, log: Logger, options: { baseUrl?: string; limits?: GitHubLimits } = {}): Promise<GitHubApi> {
  log.secret(token);
  const [{ getOctokit }, { retry }, { throttling }] = await Promise.all([
    import('@actions/github'),
    import('@octokit/plugin-retry'),
    import('@octokit/plugin-throttling'),
  ]);
  const octokit = getOctokit(
    token,
    {
      ...octokitPluginOptions(log, options.limits ?? DEFAULT_GITHUB_LIMITS),
      ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl.replace(/\/+$/, '') } : {}),
    },
    retry,
    throttling,
  );
  octokit.hook.error('request', (error, request) => {
    const status = (error as { status?: unknown }).status;
    log.debug(`GitHub API: ${request.method} ${request.url} failed${typeof status === 'number' ? ` (${status})` : ''}`);
    throw error;
  });
  return octokit;
}

/**
 * The inputs `github-token` and `github-api-url` (the runner's
 * GITHUB_API_URL when empty): a maker of the API client, called when the
 * API is needed, or undefined without a token.
 */
export function githubApiInputs(inputs: Inputs<'github-token' | 'github-api-url'>, log: Logger): (() => Promise<GitHubApi>) | undefined {
  const token = inputs.secret('github-token');
  if (token === undefined) return undefined;
  const baseUrl = inputs.string('github-api-url');
  return () => githubApi(token, log, baseUrl !== undefined ? { baseUrl } : {});
}

/** The repository the workflow runs in (GITHUB_REPOSITORY). */
export function runRepository(env: NodeJS.ProcessEnv = process.env): Repository {
  const name = env.GITHUB_REPOSITORY;
  if (!name) throw new UserError({ message: 'GITHUB_REPOSITORY is not set.', hint: 'Run the step in a GitHub Actions job.' });
  return parseRepository(name, 'GITHUB_REPOSITORY');
}
