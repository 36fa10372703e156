import { describe, expect, it } from 'vitest';
import { githubApi } from '../../../actions/_common/github.js';
import { Issues, syncOwnerIssue } from '../../../packages/github/index.js';
import { LABEL, uniqueRepository, useStandIn, wanted } from './setup.js';

const t = useStandIn();

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
      t.standIn.addFaults({ method: 'POST', path, faults: c.faults });
      const started = Date.now();
      const outcome = await syncOwnerIssue(new Issues(t.api, repository), LABEL, undefined, wanted());
      expect(outcome.action).toBe('opened');
      expect(Date.now() - started).toBeGreaterThanOrEqual(c.minimumMs);
      const posts = t.standIn.requests.filter((r) => r.path === path && r.method === 'POST');
      expect(posts.map((r) => r.fault ?? r.status)).toEqual([...c.faults.map((f) => f.kind), 201]);
      expect(t.standIn.repository(`${repository.owner}/${repository.repo}`).issues).toHaveLength(1);
      expect(
        t.log.messages('warning').some((m) => c.warning.test(m)),
        t.log.messages('warning').join('\n'),
      ).toBe(true);
    }, 30_000);
  }

  it('a wait longer than allowed is not taken: the request fails, saying why, and opens nothing', async () => {
    const repository = uniqueRepository();
    const path = `/repos/${repository.owner}/${repository.repo}/issues`;
    const impatient = await githubApi('test-token', t.log, {
      baseUrl: t.standIn.url,
      limits: { rateLimitRetries: 3, maxWaitSeconds: 5, serverErrorRetries: 0 },
    });
    t.standIn.addFaults({ method: 'POST', path, faults: [{ kind: 'secondary', retryAfter: 3600 }] });
    await expect(syncOwnerIssue(new Issues(impatient, repository), LABEL, undefined, wanted())).rejects.toThrow(/secondary rate limit/);
    expect(t.log.messages('warning').some((m) => /asks to wait 3600s, longer than 5s; not waiting/.test(m))).toBe(true);
    expect(t.standIn.repository(`${repository.owner}/${repository.repo}`).issues).toHaveLength(0);
  });

  it('5xx past the retries fails with the status, and opens nothing', async () => {
    const repository = uniqueRepository();
    const path = `/repos/${repository.owner}/${repository.repo}/issues`;
    const once = await githubApi('test-token', t.log, {
      baseUrl: t.standIn.url,
      limits: { rateLimitRetries: 3, maxWaitSeconds: 5, serverErrorRetries: 1 },
    });
    t.standIn.addFaults({
      method: 'POST',
      path,
      faults: [
        { kind: 'status', status: 502 },
        { kind: 'status', status: 503 },
      ],
    });
    await expect(syncOwnerIssue(new Issues(once, repository), LABEL, undefined, wanted())).rejects.toThrow(/503/);
    expect(t.standIn.repository(`${repository.owner}/${repository.repo}`).issues).toHaveLength(0);
  }, 30_000);
});
