import { describe, expect, it } from 'vitest';
import type { KnownIssue } from '../../../packages/github/index.js';
import { type IssueState, type RebuildRecord, wantedIssue } from '../../../packages/rescan/index.js';
import { DIGEST_A, DIGEST_B, GZIP, image, REPOSITORY, result, TAR, tag } from './fixtures.js';

const known = (state: IssueState | undefined, issueState: 'open' | 'closed' = 'open'): KnownIssue => ({
  issue: { number: 7, state: issueState, title: 't', body: 'b', htmlUrl: 'https://github.com/o/r/issues/7', labels: ['image-rescan'] },
  state,
});
const stateOf = (tags: IssueState['tags'], rebuild?: IssueState['rebuild']): IssueState => ({
  v: 1,
  tags,
  ...(rebuild ? { rebuild } : {}),
});
const failing = stateOf({ [`${REPOSITORY}:1.0.0`]: { digest: DIGEST_A, status: 'findings', blocking: ['TEST-2026-0101 gzip@1.12-1'] } });
const rebuild: RebuildRecord = {
  workflow: 'nightly.yml',
  ref: 'refs/heads/main',
  images: ['velero'],
  requestedAt: '2026-12-01T03:02:00.000Z',
  run: { runId: 99, htmlUrl: 'https://github.com/o/r/actions/runs/99' },
};

describe('wantedIssue: what the image’s issue should say now', () => {
  it('a failing image without an issue: open, mention the GitHub owner, name the e-mail one, no comment', () => {
    const velero = image([tag('1.0.0', { blocking: [GZIP] }), tag('1.1.0')]);
    const wanted = wantedIssue(velero, undefined, { result: result([velero]), rebuild });
    expect(wanted).toMatchObject({ key: REPOSITORY, open: true, title: 'Rescan: velero fails its vulnerability gate' });
    expect(wanted?.comment).toBeUndefined();
    expect(wanted?.body).toContain('**velero**: 1 of 2 published tags fails the rescan.');
    expect(wanted?.body).toContain('Owners: @example-org/platform, platform-team@example.com (e-mail).');
    expect(wanted?.body).toContain(`| \`${REPOSITORY}:1.0.0\` | \`${DIGEST_A}\` |`);
    expect(wanted?.body).toContain('| TEST-2026-0101 | HIGH | gzip | 1.12-1 | 1.12-1+labtest2 | `1.0.0` |');
    expect(wanted?.body).toContain('[run 42](https://github.com/example-org/images/actions/runs/42)');
    expect(wanted?.body).toContain('A rebuild was requested on 2026-12-01 ([run](https://github.com/o/r/actions/runs/99))');
    expect(wanted?.state).toEqual(
      stateOf(
        {
          [`${REPOSITORY}:1.0.0`]: { digest: DIGEST_A, status: 'findings', blocking: ['TEST-2026-0101 gzip@1.12-1'] },
          [`${REPOSITORY}:1.1.0`]: { digest: DIGEST_A, status: 'clean', blocking: [] },
        },
        { requestedAt: rebuild.requestedAt, url: 'https://github.com/o/r/actions/runs/99', digests: { [`${REPOSITORY}:1.0.0`]: DIGEST_A } },
      ),
    );
  });

  it('a clean image without an issue: nothing to open', () => {
    const velero = image([tag('1.0.0')]);
    expect(wantedIssue(velero, undefined, { result: result([velero]) })).toMatchObject({ open: false });
  });

  it('nothing changed since the last run: no comment; the rebuild requested then is kept', () => {
    const velero = image([tag('1.0.0', { blocking: [GZIP] })]);
    const before = stateOf(failing.tags, { requestedAt: '2026-11-30T03:00:00Z', digests: { [`${REPOSITORY}:1.0.0`]: DIGEST_A } });
    const wanted = wantedIssue(velero, known(before), { result: result([velero]), rebuild });
    expect(wanted?.comment).toBeUndefined();
    expect((wanted?.state as IssueState | undefined)?.rebuild?.requestedAt).toBe('2026-11-30T03:00:00Z');
  });

  it('a new finding on the same digest: one comment naming it', () => {
    const velero = image([tag('1.0.0', { blocking: [TAR, GZIP] })]);
    const wanted = wantedIssue(velero, known(failing), { result: result([velero]) });
    expect(wanted?.comment).toBe(
      `What changed in [this run](https://github.com/example-org/images/actions/runs/42):\n\n- \`${REPOSITORY}:1.0.0\`: new at the gate: TEST-2026-0104 (CRITICAL, tar 1.34, fixed in 1.35)`,
    );
  });

  it('rebuilt as a new digest that is clean: closed, saying the rebuild fixed it', () => {
    const velero = image([tag('1.0.0', { digest: DIGEST_B })]);
    const before = stateOf(failing.tags, { requestedAt: '2026-11-30T03:00:00Z', digests: { [`${REPOSITORY}:1.0.0`]: DIGEST_A } });
    const wanted = wantedIssue(velero, known(before), { result: result([velero]) });
    expect(wanted?.open).toBe(false);
    expect(wanted?.comment).toContain('Clean again in [this run]');
    expect(wanted?.comment).toContain(`\`${REPOSITORY}:1.0.0\` was rebuilt as \`${DIGEST_B}\`: **the rebuild fixed it**.`);
    expect(wanted?.comment).toContain('The rebuild fixed it.');
  });

  it('rebuilt as a new digest that still fails: says the rebuild did not fix it', () => {
    const velero = image([tag('1.0.0', { digest: DIGEST_B, blocking: [GZIP] })]);
    const before = stateOf(failing.tags, { requestedAt: '2026-11-30T03:00:00Z', digests: { [`${REPOSITORY}:1.0.0`]: DIGEST_A } });
    const wanted = wantedIssue(velero, known(before), { result: result([velero]) });
    expect(wanted?.open).toBe(true);
    expect(wanted?.comment).toContain(`was rebuilt as \`${DIGEST_B}\`, but **the rebuild did not fix it**`);
  });

  it('clean again on the same digest (the advisory withdrawn): closed, no rebuild credited', () => {
    const velero = image([tag('1.0.0')]);
    const wanted = wantedIssue(velero, known(failing), { result: result([velero]) });
    expect(wanted?.open).toBe(false);
    expect(wanted?.comment).toContain('Clean again');
    expect(wanted?.comment).toContain('no longer at the gate: TEST-2026-0101 gzip@1.12-1');
    expect(wanted?.comment).not.toContain('rebuild fixed');
  });

  it('failing again after it was closed: reopened with a comment', () => {
    const velero = image([tag('1.0.0', { blocking: [GZIP] })]);
    const clean = stateOf({ [`${REPOSITORY}:1.0.0`]: { digest: DIGEST_A, status: 'clean', blocking: [] } });
    const wanted = wantedIssue(velero, known(clean, 'closed'), { result: result([velero]) });
    expect(wanted?.open).toBe(true);
    expect(wanted?.comment).toMatch(/^Failing again in \[this run\]/);
  });

  it('a tampered tag: its own title, what to do, no rebuild', () => {
    const velero = image([tag('1.0.0', { status: 'tampered', digest: DIGEST_B, reason: 'TAMPERED: no signature' })]);
    const wanted = wantedIssue(velero, undefined, { result: result([velero]) });
    expect(wanted?.title).toBe('Rescan: velero has a published tag that does not verify');
    expect(wanted?.body).toContain(`- \`${REPOSITORY}:1.0.0\` -> \`${DIGEST_B}\``);
    expect(wanted?.body).toContain('The rescan changes nothing');
    expect((wanted?.state as IssueState | undefined)?.rebuild).toBeUndefined();
  });

  it('an image that could not be checked: its issue is left alone', () => {
    const velero = image([tag('1.0.0', { status: 'error', reason: 'registry down' })]);
    expect(wantedIssue(velero, known(failing), { result: result([velero]) })).toBeUndefined();
  });

  it('a fix exists but no rebuild was requested: the body says so', () => {
    const velero = image([tag('1.0.0', { blocking: [GZIP] })]);
    expect(wantedIssue(velero, undefined, { result: result([velero]) })?.body).toContain('no rebuild was requested by this run');
  });

  it('owners with only an e-mail are named, not mentioned', () => {
    const velero = image([tag('1.0.0', { blocking: [GZIP] })], { owners: ['platform-team@example.com'] });
    const body = wantedIssue(velero, undefined, { result: result([velero]) })?.body ?? '';
    expect(body).toContain('Owners: platform-team@example.com (e-mail).');
    expect(body).not.toMatch(/(^|\s)@(?!example\.com)/);
  });
});
