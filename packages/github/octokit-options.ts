import type { Logger } from '../logging/index.js';

/**
 * How long and how often a run waits out GitHub's limits. The waiting itself
 * is done by Octokit's plugins, not by code of ours: `@octokit/plugin-throttling`
 * queues writes (GitHub asks for a second between them) and, on a rate-limit
 * answer, waits what GitHub says (`retry-after`, or until `x-ratelimit-reset`)
 * when the handlers below say so; `@octokit/plugin-retry` retries 5xx and
 * dropped connections with a growing wait.
 */
export interface GitHubLimits {
  /** Retries after a rate-limit answer, per request. */
  rateLimitRetries: number;
  /** A wait GitHub asks for that is longer than this is not taken: the request fails instead. */
  maxWaitSeconds: number;
  /** Retries of 5xx and dropped connections, per request. */
  serverErrorRetries: number;
}

/**
 * Three of each: GitHub documents that a secondary limit may come back, and
 * a job should not sit for an hour on a primary limit's reset; ten minutes
 * covers the secondary limit's usual "wait a minute" several times over.
 */
export const DEFAULT_GITHUB_LIMITS: GitHubLimits = { rateLimitRetries: 3, maxWaitSeconds: 600, serverErrorRetries: 3 };

interface RequestOptions {
  method?: string;
  url?: string;
}

type LimitHandler = (retryAfter: number, options: RequestOptions, octokit: unknown, retryCount: number) => boolean;

/** What Octokit's constructor takes for the two plugins (`throttle` and `retry`). */
export interface OctokitPluginOptions {
  throttle: { onRateLimit: LimitHandler; onSecondaryRateLimit: LimitHandler };
  retry: { retries: number; doNotRetry: number[] };
}

/**
 * plugin-retry's own list, plus 429: a rate limit is the throttling plugin's
 * to wait out, for as long as `x-ratelimit-reset` or `retry-after` says;
 * plugin-retry would try again after a second, which GitHub asks clients not to.
 */
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];

export function octokitPluginOptions(log: Logger, limits: GitHubLimits = DEFAULT_GITHUB_LIMITS): OctokitPluginOptions {
  const decide =
    (kind: string): LimitHandler =>
    (retryAfter, options, _octokit, retryCount) => {
      const what = `${options.method ?? 'GET'} ${options.url ?? ''}`;
      if (retryCount >= limits.rateLimitRetries) {
        log.warning(`GitHub API: ${what} hit the ${kind} rate limit again; giving up after ${retryCount} retries.`);
        return false;
      }
      if (retryAfter > limits.maxWaitSeconds) {
        log.warning(
          `GitHub API: ${what} hit the ${kind} rate limit, and GitHub asks to wait ${retryAfter}s, longer than ${limits.maxWaitSeconds}s; not waiting.`,
        );
        return false;
      }
      log.warning(
        `GitHub API: ${what} hit the ${kind} rate limit; waiting ${retryAfter}s as GitHub asks (retry ${retryCount + 1} of ${limits.rateLimitRetries}).`,
      );
      return true;
    };
  return {
    throttle: { onRateLimit: decide('primary'), onSecondaryRateLimit: decide('secondary') },
    retry: { retries: limits.serverErrorRetries, doNotRetry: DO_NOT_RETRY },
  };
}
