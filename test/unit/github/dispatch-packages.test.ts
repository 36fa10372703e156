import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isUserError, type UserError } from '../../../packages/errors/index.js';
import {
  type DispatchRequest,
  deletePackageVersion,
  dispatchWorkflow,
  explainFailure,
  type GitHubApi,
  listPackageVersions,
} from '../../../packages/github/index.js';
import { uniqueRepository, useStandIn } from './setup.js';

const t = useStandIn();
describe('workflow dispatch', () => {
  it('dispatches with the inputs and returns the run GitHub created', async () => {
    const repository = uniqueRepository();
    const run = await dispatchWorkflow(t.api, repository, {
      workflow: 'nightly.yml',
      ref: 'refs/heads/main',
      inputs: { images: 'velero' },
    });
    expect(run.runId).toEqual(expect.any(Number));
    expect(run.htmlUrl).toBe(`https://github.com/${repository.owner}/${repository.repo}/actions/runs/${run.runId}`);
    expect(t.standIn.repository(`${repository.owner}/${repository.repo}`).runs).toEqual([
      expect.objectContaining({ workflow: 'nightly.yml', ref: 'refs/heads/main', inputs: { images: 'velero' } }),
    ]);
  });

  it('asks again without return_run_details where the server does not know it (GHES)', async () => {
    const calls: Record<string, unknown>[] = [];
    const ghes: GitHubApi = {
      request: async (_route, parameters = {}) => {
        calls.push(parameters);
        if ('return_run_details' in parameters) {
          throw Object.assign(new Error('Invalid request'), {
            status: 422,
            response: { data: { message: 'Invalid request.\n\n"return_run_details" is not a permitted key.' } },
          });
        }
        return { status: 204, data: undefined, headers: {} };
      },
    };
    const request: DispatchRequest = { workflow: 'nightly.yml', ref: 'main', inputs: {} };
    expect(await dispatchWorkflow(ghes, { owner: 'o', repo: 'r' }, request)).toEqual({});
    expect(calls.map((c) => 'return_run_details' in c)).toEqual([true, false]);
  });

  it('a token without actions: write is told what to grant', async () => {
    const forbidden: GitHubApi = {
      request: async () => {
        throw Object.assign(new Error('Resource not accessible by integration'), {
          status: 403,
          response: { data: { message: 'Resource not accessible by integration' } },
        });
      },
    };
    const error = asUserError(
      await dispatchWorkflow(forbidden, { owner: 'o', repo: 'r' }, { workflow: 'nightly.yml', ref: 'main', inputs: {} }).catch(
        (e: unknown) => e,
      ),
    );
    expect(error.problems[0]?.hint).toContain("'permissions: { actions: write }'");
  });
});

describe('explainFailure', () => {
  const cases = [
    { name: '401', status: 401, message: 'Bad credentials', expected: /refused the token/ },
    {
      name: '403 permission',
      status: 403,
      message: 'Resource not accessible by integration',
      expected: /permissions: \{ issues: write \}/,
    },
    { name: '404', status: 404, message: 'Not Found', expected: /does not exist for this token/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const error = explainFailure(
        Object.assign(new Error(c.message), { status: c.status, response: { data: { message: c.message } } }),
        'opened an issue',
        'issues: write',
      );
      expect(`${error.message} ${asUserError(error).problems[0]?.hint ?? ''}`).toMatch(c.expected);
    });
  }
  it('a rate limit that outlasted the retries is not called a permission problem', () => {
    const error = explainFailure(
      Object.assign(new Error('x'), { status: 403, response: { data: { message: 'You have exceeded a secondary rate limit.' } } }),
      'opened an issue',
      'issues: write',
    );
    expect(error.name).toBe('Error');
    expect(error.message).toMatch(/403 You have exceeded a secondary rate limit/);
  });
});

describe('the Packages API', () => {
  it('lists a container package’s versions with their tags, and deletes one by id', async () => {
    const owner = { kind: 'org' as const, name: `org-${randomBytes(3).toString('hex')}` };
    const [first, second] = t.standIn.addPackageVersions(owner, 'curated-images/velero', [
      { digest: 'sha256:1111', tags: ['1.12.3-aws1.8.2'] },
      { digest: 'sha256:2222', tags: [] },
    ]);
    const versions = await listPackageVersions(t.api, owner, 'curated-images/velero');
    expect(versions.map((v) => [v.id, v.digest, v.tags])).toEqual([
      [second, 'sha256:2222', []],
      [first, 'sha256:1111', ['1.12.3-aws1.8.2']],
    ]);
    await deletePackageVersion(t.api, owner, 'curated-images/velero', second ?? 0);
    expect((await listPackageVersions(t.api, owner, 'curated-images/velero')).map((v) => v.id)).toEqual([first]);
    const gone = await deletePackageVersion(t.api, owner, 'curated-images/velero', second ?? 0).catch((e: unknown) => e);
    expect(asUserError(gone).message).toMatch(/404/);
  });
});

function asUserError(value: unknown): UserError {
  if (!isUserError(value)) throw new Error(`expected a UserError, got ${String(value)}`);
  return value;
}
