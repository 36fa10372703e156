import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../packages/logging/index.js';
import { type ChangeRequest, repositoryUrl, resolveChanges, resolveCommit } from '../../../packages/plan/index.js';
import type { Command, CommandRunner } from '../../../packages/process/index.js';

/** git as seen from a shallow checkout: the base commit is not there (git's own message). */
const shallowGit: CommandRunner = {
  run: async (_command: Command) => ({ exitCode: 128, stdout: '', stderr: 'fatal: bad revision' }),
};

const pr = { pull_request: { number: 7, base: { sha: 'b'.repeat(40) }, head: { sha: 'c'.repeat(40) } } };
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

describe('values from the event and the environment are checked before git, labels or file names see them', () => {
  const refusals: Array<{ name: string; request: ChangeRequest; message: RegExp }> = [
    {
      name: 'a base sha that git would read as an option',
      request: request({ eventName: 'pull_request', event: { pull_request: { ...pr.pull_request, base: { sha: '--output=/tmp/x' } } } }),
      message: /pull_request\.base\.sha is "--output=\/tmp\/x", not a commit id/,
    },
    {
      name: 'a head sha that is not hex',
      request: request({ eventName: 'pull_request', event: { pull_request: { ...pr.pull_request, head: { sha: 'main' } } } }),
      message: /pull_request\.head\.sha is "main", not a commit id/,
    },
    { name: 'a base-ref starting with a dash', request: request({ baseRef: '-p' }), message: /input 'base-ref' is "-p"/ },
    { name: 'a base-ref with a space', request: request({ baseRef: 'origin/main HEAD' }), message: /input 'base-ref'/ },
    { name: 'a base-ref that is a range', request: request({ baseRef: 'a..b' }), message: /input 'base-ref'/ },
    {
      name: 'a pull request number that is not one',
      request: request({
        eventName: 'pull_request',
        event: { pull_request: { ...pr.pull_request, number: -1 } },
        listPullRequestFiles: async () => [],
      }),
      message: /pull_request\.number is -1/,
    },
  ];
  for (const c of refusals) it(`refuses ${c.name}`, async () => expect(resolveChanges(c.request)).rejects.toThrow(c.message));

  it('refuses a GITHUB_SHA that is not a commit id, before running git', async () => {
    const calls: Command[] = [];
    const runner: CommandRunner = {
      run: async (command) => {
        calls.push(command);
        return { exitCode: 0, stdout: '', stderr: '' };
      },
    };
    await expect(resolveCommit(runner, '.', '--all', undefined)).rejects.toThrow(/GITHUB_SHA is "--all", not a commit id/);
    expect(calls).toEqual([]);
  });

  it('refuses an event timestamp that is not a time', async () => {
    await expect(resolveCommit(shallowGit, '.', 'a'.repeat(40), { head_commit: { timestamp: 'yesterday' } })).rejects.toThrow(
      /head_commit\.timestamp is "yesterday", not a time/,
    );
  });

  it.each([
    { name: 'GitHub', env: { GITHUB_REPOSITORY: 'org/app', GITHUB_SERVER_URL: 'https://github.com' }, url: 'https://github.com/org/app' },
    { name: 'no server URL', env: { GITHUB_REPOSITORY: 'org/app.js' }, url: 'https://github.com/org/app.js' },
    {
      name: 'GitHub Enterprise with a path',
      env: { GITHUB_REPOSITORY: 'org/app', GITHUB_SERVER_URL: 'https://ghe.example.com/git/' },
      url: 'https://ghe.example.com/git/org/app',
    },
    { name: 'no repository', env: {}, url: undefined },
  ])('source address: $name', ({ env, url }) => {
    expect(repositoryUrl(env)).toEqual(url === undefined ? {} : { url });
  });

  it.each([
    {
      name: 'a local path (act, from a clone of a local origin)',
      env: { GITHUB_REPOSITORY: '/work/main' },
      warning: /GITHUB_REPOSITORY is "\/work\/main", not owner\/name/,
    },
    { name: 'a path with dots', env: { GITHUB_REPOSITORY: '../../etc' }, warning: /not owner\/name/ },
    { name: 'a name that is ..', env: { GITHUB_REPOSITORY: 'org/..' }, warning: /not owner\/name/ },
    { name: 'a repository with markup', env: { GITHUB_REPOSITORY: 'org/<b>x</b>' }, warning: /not owner\/name/ },
    {
      name: 'a server URL with credentials',
      env: { GITHUB_REPOSITORY: 'org/app', GITHUB_SERVER_URL: 'https://u:p@github.com' },
      warning: /not a plain http\(s\) address/,
    },
    {
      name: 'a server that is not http',
      env: { GITHUB_REPOSITORY: 'org/app', GITHUB_SERVER_URL: 'javascript:alert(1)' },
      warning: /not a plain http\(s\) address/,
    },
    {
      name: 'a server that is not a URL',
      env: { GITHUB_REPOSITORY: 'org/app', GITHUB_SERVER_URL: 'github.com' },
      warning: /not a web address/,
    },
  ])('no source address for $name', ({ env, warning }) => {
    const result = repositoryUrl(env);
    expect(result.url).toBeUndefined();
    expect(result.warning).toMatch(warning);
  });
});
