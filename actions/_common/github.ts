import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type { GitHubApi, GitHubLimits } from '../../packages/github/index.js';
import { DEFAULT_GITHUB_LIMITS, octokitPluginOptions } from '../../packages/github/index.js';
import type { Logger } from '../../packages/logging/index.js';

/**
 * The Octokit every action hands to packages/github: @actions/github's (the
 * runner's proxy settings, GITHUB_API_URL), with Octokit's own retry and
 * throttling plugins waiting out rate limits and 5xx as GitHub documents.
 */
export function githubApi(token: string, log: Logger, options: { baseUrl?: string; limits?: GitHubLimits } = {}): GitHubApi {
  log.secret(token);
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
