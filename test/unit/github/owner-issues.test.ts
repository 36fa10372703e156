import { describe, expect, it } from 'vitest';
import { findOwnerIssues, Issues, readMarker, readState, syncOwnerIssue } from '../../../packages/github/index.js';
import { LABEL, uniqueRepository, useStandIn, wanted } from './setup.js';

const t = useStandIn();

describe('owner issues against the stand-in', () => {
  it('opens one issue, finds it again by its marker, writes nothing when nothing changed, comments, closes, reopens', async () => {
    const repository = uniqueRepository();
    const issues = new Issues(t.api, repository);
    const name = `${repository.owner}/${repository.repo}`;

    const opened = await syncOwnerIssue(issues, LABEL, (await findOwnerIssues(issues, LABEL, t.log)).get(wanted().key), wanted());
    expect(opened).toMatchObject({ action: 'opened', number: 1, comments: 0 });
    expect(opened.url).toBe(`https://github.com/${name}/issues/1`);

    // Someone renames it: the marker still finds it.
    await issues.update(1, { title: 'renamed by a person' });
    const known = (await findOwnerIssues(issues, LABEL, t.log)).get(wanted().key);
    expect(known?.issue.number).toBe(1);
    expect(readMarker(known?.issue.body ?? '')).toBe(wanted().key);
    expect(known?.state).toEqual(wanted().state);

    const writesBefore = t.standIn.requests.filter((r) => r.path.startsWith(`/repos/${name}/`) && r.method !== 'GET').length;
    const titleBack = await syncOwnerIssue(issues, LABEL, known, wanted());
    expect(titleBack.action).toBe('updated');
    const again = await syncOwnerIssue(issues, LABEL, (await findOwnerIssues(issues, LABEL, t.log)).get(wanted().key), wanted());
    expect(again).toMatchObject({ action: 'unchanged', comments: 0 });
    const writesAfter = t.standIn.requests.filter((r) => r.path.startsWith(`/repos/${name}/`) && r.method !== 'GET').length;
    expect(writesAfter - writesBefore).toBe(1); // the title put back, nothing for the unchanged run

    const commented = await syncOwnerIssue(
      issues,
      LABEL,
      (await findOwnerIssues(issues, LABEL, t.log)).get(wanted().key),
      wanted({ comment: 'New: TEST-1', state: { n: 2 } }),
    );
    expect(commented).toMatchObject({ action: 'commented', comments: 1 });

    const closed = await syncOwnerIssue(
      issues,
      LABEL,
      (await findOwnerIssues(issues, LABEL, t.log)).get(wanted().key),
      wanted({ open: false, comment: 'Clean again.' }),
    );
    expect(closed).toMatchObject({ action: 'closed', comments: 1 });
    const stored = t.standIn.repository(name);
    expect(stored.issues).toHaveLength(1);
    expect(stored.issues[0]).toMatchObject({ state: 'closed', state_reason: 'completed' });
    expect(stored.comments.map((c) => c.body)).toEqual(['New: TEST-1', 'Clean again.']);

    const none = await syncOwnerIssue(
      issues,
      LABEL,
      (await findOwnerIssues(issues, LABEL, t.log)).get(wanted().key),
      wanted({ open: false }),
    );
    expect(none.action).toBe('none');
    const reopened = await syncOwnerIssue(
      issues,
      LABEL,
      (await findOwnerIssues(issues, LABEL, t.log)).get(wanted().key),
      wanted({ comment: 'Failing again.' }),
    );
    expect(reopened).toMatchObject({ action: 'reopened', number: 1, comments: 1 });
    expect(t.standIn.repository(name).issues).toHaveLength(1);
    expect(readState(stored.issues[0]?.body ?? '')).toEqual(wanted().state);
  }, 60_000);

  it('a clean image with no issue opens none', async () => {
    const issues = new Issues(t.api, uniqueRepository());
    expect(await syncOwnerIssue(issues, LABEL, undefined, wanted({ open: false }))).toMatchObject({ action: 'none', comments: 0 });
  });

  it('lists every page of a label (Link headers), and only issues with the marker count', async () => {
    const repository = uniqueRepository();
    const issues = new Issues(t.api, repository);
    for (let i = 0; i < 103; i++) await standInIssue(repository, `other ${i}`, 'no marker here', [LABEL]);
    await standInIssue(repository, 'other label', 'no marker', ['unrelated']);
    expect(await issues.withLabel(LABEL)).toHaveLength(103);
    const listed = t.standIn.requests.filter(
      (r) => r.path === `/repos/${repository.owner}/${repository.repo}/issues` && r.method === 'GET',
    );
    expect(listed.length).toBeGreaterThanOrEqual(2);
    expect((await findOwnerIssues(issues, LABEL, t.log)).size).toBe(0);
  }, 30_000);
});

/** Issues made straight in the stand-in's store, past the API and its write queue. */
async function standInIssue(repository: { owner: string; repo: string }, title: string, body: string, labels: string[]): Promise<void> {
  const record = t.standIn.repository(`${repository.owner}/${repository.repo}`);
  const at = new Date().toISOString();
  record.issues.push({
    id: record.nextNumber + 5000,
    number: record.nextNumber++,
    title,
    body,
    state: 'open',
    state_reason: null,
    labels,
    comments: 0,
    created_at: at,
    updated_at: at,
    closed_at: null,
  });
}
