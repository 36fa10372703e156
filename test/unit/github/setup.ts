import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { githubApi } from '../../../actions/_common/github.js';
import type { GitHubApi, WantedIssue } from '../../../packages/github/index.js';
import { MemoryLogger } from '../../../packages/logging/index.js';
import { type GitHubStandIn, startGitHubApi } from '../../harness/github-api.js';

/**
 * packages/github through the Octokit the actions build (retry and
 * throttling plugins included), against the loopback stand-in of GitHub's
 * REST API: real HTTP, GitHub's payloads and headers, faults on demand.
 * Each test file starts its own stand-in (and its own Octokit write queue).
 */
export interface StandInContext {
  standIn: GitHubStandIn;
  api: GitHubApi;
  log: MemoryLogger;
}

export function useStandIn(): StandInContext {
  const context = { log: new MemoryLogger() } as StandInContext;
  beforeAll(async () => {
    context.standIn = await startGitHubApi();
    context.api = await githubApi('test-token', context.log, { baseUrl: context.standIn.url });
  });
  afterAll(async () => {
    await context.standIn.close();
  });
  return context;
}

/** A repository of the test's own: the stand-in makes it on first use. */
export const uniqueRepository = () => ({ owner: 'unit-tests', repo: `github-${randomBytes(4).toString('hex')}` });

export const LABEL = 'image-rescan';

export const wanted = (overrides: Partial<WantedIssue> = {}): WantedIssue => ({
  key: '127.0.0.1:5001/example/velero',
  open: true,
  title: 'velero fails its rescan',
  body: 'Owner: @example-org/platform\n\nOne finding.',
  state: { tags: { '1.0.0': 'sha256:aa' } },
  ...overrides,
});
