import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../packages/logging/index.js';
import { type ChangeRequest, resolveChanges } from '../../../packages/plan/index.js';
import type { Command, CommandRunner } from '../../../packages/process/index.js';

/** git as seen from a shallow checkout: the base commit is not there (git's own message). */
const shallowGit: CommandRunner = {
  run: async (_command: Command) => ({ exitCode: 128, stdout: '', stderr: 'fatal: bad revision' }),
};

const pr = { pull_request: { number: 7, base: { sha: 'b'.repeat(40) }, head: { sha: 'h'.repeat(40) } } };
const request = (extra: Partial<ChangeRequest>): ChangeRequest => ({
  mode: 'auto',
  changedFiles: [],
  catalogFile: 'images.yaml',
  workspace: '.',
  runner: shallowGit,
  log: silentLogger,
  ...extra,
});

describe('which changes narrow the plan', () => {
  const cases: Array<{ name: string; request: ChangeRequest; want: unknown }> = [
    { name: 'a push plans everything', request: request({ eventName: 'push' }), want: undefined },
    {
      name: "'all' on a pull request plans everything",
      request: request({ mode: 'all', eventName: 'pull_request', event: pr }),
      want: undefined,
    },
    {
      name: 'explicit files; the catalog among them with unknown lines',
      request: request({ changedFiles: ['images.yaml', 'a/Dockerfile'] }),
      want: { files: ['a/Dockerfile', 'images.yaml'], catalogLines: 'all' },
    },
    {
      name: 'the API when git has no history',
      request: request({
        eventName: 'pull_request',
        event: pr,
        listPullRequestFiles: async (n) => [{ filename: `images/app${n}/Dockerfile` }],
      }),
      want: { files: ['images/app7/Dockerfile'], catalogLines: [] },
    },
  ];
  for (const c of cases) it(c.name, async () => expect(await resolveChanges(c.request)).toEqual(c.want));

  const refusals: Array<{ name: string; request: ChangeRequest; message: RegExp }> = [
    {
      name: "'affected' with nothing to compare",
      request: request({ mode: 'affected' }),
      message: /no pull request event, changed-files or base-ref/,
    },
    {
      name: 'no history and no token',
      request: request({ eventName: 'pull_request', event: pr }),
      message: /git cannot compare with b{40}: fatal: bad revision/,
    },
    { name: 'a base-ref git does not know', request: request({ baseRef: 'origin/main' }), message: /fetch-depth: 0/ },
  ];
  for (const c of refusals) it(`refuses ${c.name}`, async () => expect(resolveChanges(c.request)).rejects.toThrow(c.message));
});
