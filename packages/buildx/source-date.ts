import { UserError } from '../errors/index.js';
import { type CommandRunner, runChecked } from '../process/index.js';

/**
 * SOURCE_DATE_EPOCH for a build: the time of the last commit (up to `commit`)
 * that changed what the image is built from (`paths`: its context and
 * Dockerfile). An unchanged image keeps its timestamps from one commit to
 * the next, so its layers, its build cache (BuildKit's cache keys depend on
 * SOURCE_DATE_EPOCH: a new value invalidates the cache from the first WORKDIR
 * on) and, with rewrite-timestamp, its digests stay the same; the
 * repository's own HEAD time would change them on every unrelated commit.
 */
export async function commitTime(
  runner: CommandRunner,
  git: string,
  workspace: string,
  commit: string,
  paths: readonly string[] = [],
): Promise<number> {
  const result = await runChecked(runner, {
    file: git,
    args: ['log', '-1', '--format=%ct', commit, '--', ...paths],
    cwd: workspace,
    quiet: true,
  });
  const text = result.stdout.trim();
  // Paths no commit touched yet (new files): the commit's own time.
  if (text === '' && paths.length > 0) return commitTime(runner, git, workspace, commit);
  return parseEpoch(text, `the time of commit ${commit}`);
}

/** A whole number of seconds since 1970, as an input or git gives it. */
export function parseEpoch(text: string, what: string): number {
  if (!/^\d{1,12}$/.test(text)) {
    throw new UserError({
      message: `${what} is '${text}', which is not a number of seconds since 1970.`,
      hint: 'Give a Unix time, e.g. the output of git log -1 --format=%ct.',
    });
  }
  return Number(text);
}

/**
 * The one SOURCE_DATE_EPOCH of a plan entry, whichever action builds it: the
 * time of the last commit, up to GITHUB_SHA (or HEAD), that changed its
 * context or Dockerfile; undefined outside a git checkout.
 */
export async function sourceDateEpoch(
  runner: CommandRunner,
  workspace: string,
  entry: { context: string; dockerfile: string },
  env: Readonly<Record<string, string | undefined>>,
): Promise<number | undefined> {
  return commitTime(runner, 'git', workspace, env.GITHUB_SHA || 'HEAD', [entry.context, entry.dockerfile]).catch(() => undefined);
}
