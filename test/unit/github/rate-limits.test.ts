import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubApi } from '../../../actions/_common/github.js';
import { type GitHubApi, Issues, syncOwnerIssue, type WantedIssue } from '../../../packages/github/index.js';
import { MemoryLogger } from '../../../packages/logging/index.js';
import { type GitHubStandIn, startGitHubApi } from '../../harness/github-api.js';

/**
 * packages/github through the Octokit the actions build (retry and
 * throttling plugins included), against the loopback stand-in of GitHub's
 * REST API: real HTTP, GitHub's payloads and headers, faults on demand.
 */
let standIn: GitHubStandIn;
const log = new MemoryLogger();
let api: GitHubApi;

beforeAll(async () => {
  standIn = await startGitHubApi();
  api = githubApi('test-token', log, { baseUrl: standIn.url });
});
afterAll(async () => {
  await standIn.close();
});

const uniqueRepository = () => ({ owner: 'unit-tests', repo: `github-${randomBytes(4).toString('hex')}` });
const LABEL = 'image-rescan';
const wanted = (overrides: Partial<WantedIssue> = {}): WantedIssue => ({
  key: '127.0.0.1:5001/example/velero',
  open: true,
  title: 'velero fails its rescan',
  body: 'Owner: @example-org/platform\n\nOne finding.',
  state: { tags: { '1.0.0': 'sha256:aa' } },
  ...overrides,
});

describe("rate limits and 5xx: Octokit's plugins wait and retry", () => {
  const cases = [
    {
      name: 'a secondary rate limit (403, retry-after), then a 502: one issue',
      faults: [
        { kind: 'secondary' as const, retryAfter: 1 },
        { kind: 'status' as const, status: 502 },
      ],
      minimumMs: 1_000,
      warning: /secondary rate limit; waiting 1s/,
    },
    {
      name: 'a primary rate limit as 429 with x-ratelimit-remaining 0: waits for the reset',
      faults: [{ kind: 'primary' as const, status: 429, resetIn: 1 }],
      minimumMs: 1_000,
      warning: /primary rate limit; waiting [12]s/,
    },
    {
      name: 'a primary rate limit as 403',
      faults: [{ kind: 'primary' as const, resetIn: 1 }],
      minimumMs: 1_000,
      warning: /primary rate limit/,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const repository = uniqueRepository();
      const path = `/repos/${repository.owner}/${repository.repo}/issues`;
      standIn.addFaults({ method: 'POST', path, faults: c.faults });
      const started = Date.now();
      const outcome = await syncOwnerIssue(new Issues(api, repository), LABEL, undefined, wanted());
      expect(outcome.action).toBe('opened');
      expect(Date.now() - started).toBeGreaterThanOrEqual(c.minimumMs);
      const posts = standIn.requests.filter((r) => r.path === path && r.method === 'POST');
      expect(posts.map((r) => r.fault ?? r.status)).toEqual([...c.faults.map((f) => f.kind), 201]);
      expect(standIn.repository(`${repository.owner}/${repository.repo}`).issues).toHaveLength(1);
      expect(
        log.messages('warning').some((m) => c.warning.test(m)),
        log.messages('warning').join('\n'),
      ).toBe(true);
    }, 30_000);
  }

  it('a wait longer than allowed is not taken: the request fails, saying why, and opens nothing', async () => {
    const repository = uniqueRepository();
    const path = `/repos/${repository.owner}/${repository.repo}/issues`;
    const impatient = githubApi('test-token', log, {
      baseUrl: standIn.url,
      limits: { rateLimitRetries: 3, maxWaitSeconds: 5, serverErrorRetries: 0 },
    });
    standIn.addFaults({ method: 'POST', path, faults: [{ kind: 'secondary', retryAfter: 3600 }] });
    await expect(syncOwnerIssue(new Issues(impatient, repository), LABEL, undefined, wanted())).rejects.toThrow(/secondary rate limit/);
    expect(log.messages('warning').some((m) => /asks to wait 3600s, longer than 5s; not waiting/.test(m))).toBe(true);
    expect(standIn.repository(`${repository.owner}/${repository.repo}`).issues).toHaveLength(0);
  });

  it('5xx past the retries fails with the status, and opens nothing', async () => {
    const repository = uniqueRepository();
    const path = `/repos/${repository.owner}/${repository.repo}/issues`;
    const once = githubApi('test-token', log, {
      baseUrl: standIn.url,
      limits: { rateLimitRetries: 3, maxWaitSeconds: 5, serverErrorRetries: 1 },
    });
    standIn.addFaults({
      method: 'POST',
      path,
      faults: [
        { kind: 'status', status: 502 },
        { kind: 'status', status: 503 },
      ],
    });
    await expect(syncOwnerIssue(new Issues(once, repository), LABEL, undefined, wanted())).rejects.toThrow(/503/);
    expect(standIn.repository(`${repository.owner}/${repository.repo}`).issues).toHaveLength(0);
  }, 30_000);
});
