import { describe, expect, it } from 'vitest';
import { listPullRequestFiles } from '../../../packages/github/index.js';
import type { PullFileRecord } from '../../harness/github-api.js';
import { uniqueRepository, useStandIn } from './setup.js';

const t = useStandIn();

describe("a pull request's files", () => {
  it('lists every page, with renames and patches as GitHub sends them', async () => {
    const repository = uniqueRepository();
    const files: PullFileRecord[] = Array.from({ length: 230 }, (_, i) => ({ filename: `images/app${i}/Dockerfile`, status: 'modified' }));
    files.push({ filename: 'images/new/Dockerfile', status: 'renamed', previous_filename: 'images/old/Dockerfile' });
    files.push({ filename: 'catalog.yaml', status: 'modified', patch: '@@ -3,1 +3,1 @@\n-  a\n+  b' });
    t.standIn.setPullRequestFiles(`${repository.owner}/${repository.repo}`, 7, files);
    const before = t.standIn.requests.length;
    const listed = await listPullRequestFiles(t.api, repository, 7);
    expect(listed).toHaveLength(232);
    expect(listed[0]).toEqual({ filename: 'images/app0/Dockerfile', status: 'modified' });
    expect(listed[230]).toEqual({ filename: 'images/new/Dockerfile', status: 'renamed', previous_filename: 'images/old/Dockerfile' });
    expect(listed[231]?.patch).toContain('+  b');
    // 100 per page: three requests, the Link header followed.
    const calls = t.standIn.requests.slice(before).filter((r) => r.path.endsWith('/pulls/7/files'));
    expect(calls.map((c) => c.status)).toEqual([200, 200, 200]);
  });

  it('a pull request GitHub does not know fails with its 404', async () => {
    await expect(listPullRequestFiles(t.api, uniqueRepository(), 99)).rejects.toMatchObject({ status: 404 });
  });
});
