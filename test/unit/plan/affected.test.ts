import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Changes, changedLines, changesFromGit, changesFromPullRequestFiles, expandPlan } from '../../../packages/plan/index.js';
import { ExecRunner } from '../../../packages/process/index.js';
import { gitIn } from '../../harness/git.js';
import { makeWorkspace, type Workspace } from './example-catalog.js';

let ws: Workspace;
beforeEach(() => {
  ws = makeWorkspace();
});
afterEach(() => ws.remove());

const CATALOG = 'catalog/images.yaml';

describe('a pull request plans only what it affects, and the children', () => {
  const cases: Array<{ name: string; changes: Changes; want: string[] | 'all' }> = [
    {
      name: "one image's Dockerfile",
      changes: { files: ['catalog/images/velero/Dockerfile'], catalogLines: [] },
      want: ['velero-1.12.3-aws1.8.2', 'velero-1.12.3-gcp1.8.1', 'velero-1.13.0-aws1.9.0', 'velero-1.13.0-gcp1.9.0'],
    },
    {
      name: "a parent's Dockerfile: the parent, then its child",
      changes: { files: ['catalog/images/python-runner/Dockerfile'], catalogLines: [] },
      want: ['python-runner-3.11.9', 'pipeline-tool-1.0.0'],
    },
    {
      name: 'a file in a context',
      changes: { files: ['catalog/images/pipeline-tool/tool.py'], catalogLines: [] },
      want: ['pipeline-tool-1.0.0'],
    },
    { name: "one image's catalog lines", changes: { files: [CATALOG], catalogLines: [40, 41] }, want: ['node-app-20.11.1'] },
    { name: 'catalog lines outside any image (defaults)', changes: { files: [CATALOG], catalogLines: [3] }, want: 'all' },
    { name: 'catalog lines unknown', changes: { files: [CATALOG], catalogLines: 'all' }, want: 'all' },
    { name: 'nothing the catalog builds', changes: { files: ['README.md', 'catalog/images/velero-notes.md'], catalogLines: [] }, want: [] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const all = await expandPlan(ws.catalog, ws.context());
      const plan = await expandPlan(ws.catalog, ws.context({ changes: c.changes }));
      const want = c.want === 'all' ? all.entries.map((e) => e.id) : c.want;
      expect(plan.entries.map((e) => e.id)).toEqual(want);
      expect([...plan.skipped].sort()).toEqual(
        all.entries
          .map((e) => e.id)
          .filter((id) => !want.includes(id))
          .sort(),
      );
      // An affected child builds after its parent in the same plan; its build id is the full plan's.
      for (const e of plan.entries) expect(e.buildId).toBe(all.entries.find((a) => a.id === e.id)?.buildId);
    });
  }
});

describe('changed lines of a unified diff', () => {
  const cases: Array<{ name: string; diff: string; want: number[] }> = [
    { name: 'one changed line', diff: '@@ -12 +12 @@\n-a\n+b\n', want: [12] },
    { name: 'added lines', diff: '@@ -20,0 +21,3 @@\n+a\n+b\n+c\n', want: [21, 22, 23] },
    { name: 'a pure deletion marks both sides', diff: '@@ -5,2 +4,0 @@\n-a\n-b\n', want: [4, 5] },
    { name: 'several hunks', diff: '@@ -1 +1 @@ images:\n-a\n+b\n@@ -30,2 +30,2 @@\n-c\n-d\n+e\n+f\n', want: [1, 30, 31] },
  ];
  for (const c of cases) it(c.name, () => expect(changedLines(c.diff)).toEqual(c.want));
});

describe('changes from GitHub pull request files', () => {
  // Shaped like GitHub's "List pull requests files" response items.
  const files = [
    {
      sha: '1',
      filename: 'catalog/images.yaml',
      status: 'modified',
      additions: 1,
      deletions: 1,
      changes: 2,
      patch: '@@ -40,1 +40,1 @@\n-  owner: a\n+  owner: b',
    },
    {
      sha: '2',
      filename: 'catalog/images/new/Dockerfile',
      status: 'renamed',
      previous_filename: 'catalog/images/velero/Dockerfile',
      additions: 0,
      deletions: 0,
      changes: 0,
    },
  ];
  it('reads names, previous names and the catalog patch', () =>
    expect(changesFromPullRequestFiles(files, CATALOG)).toEqual({
      files: ['catalog/images.yaml', 'catalog/images/new/Dockerfile', 'catalog/images/velero/Dockerfile'],
      catalogLines: [40],
    }));
  it('treats a catalog diff without a patch as touching everything', () =>
    expect(changesFromPullRequestFiles([{ filename: CATALOG, status: 'modified' }], CATALOG).catalogLines).toBe('all'));
});

describe('changes from git', () => {
  const git = (...args: string[]) => gitIn(ws.root, ...args);

  it('reads the three-dot diff and the catalog lines', async () => {
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    git('checkout', '-q', '-b', 'topic');
    ws.write('catalog/images/velero/plugin.sh', 'echo changed\n');
    ws.write(CATALOG, Array.from({ length: 60 }, (_, i) => (i === 39 ? 'changed' : `# line ${i + 1}`)).join('\n'));
    git('commit', '-q', '-am', 'change');
    const changes = await changesFromGit(new ExecRunner(), { base: 'main', catalogFile: CATALOG, cwd: ws.root });
    expect(changes).toEqual({ files: [CATALOG, 'catalog/images/velero/plugin.sh'], catalogLines: [40] });
  });

  it('fails when the base is not in the history', async () => {
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    await expect(changesFromGit(new ExecRunner(), { base: 'origin/main', catalogFile: CATALOG, cwd: ws.root })).rejects.toThrow(
      /git diff exited/,
    );
  });
});
