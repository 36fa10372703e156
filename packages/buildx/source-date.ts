import { UserError } from '../errors/index.js';
import { type CommandRunner, runChecked } from '../process/index.js';

/**
 * The commit time, as SOURCE_DATE_EPOCH: two builds of the same commit write
 * the same timestamps, so their layers (and with rewrite-timestamp, their
 * digests) can match.
 */
export async function commitTime(runner: CommandRunner, git: string, workspace: string, commit: string): Promise<number> {
  const result = await runChecked(runner, { file: git, args: ['log', '-1', '--format=%ct', commit, '--'], cwd: workspace, quiet: true });
  return parseEpoch(result.stdout.trim(), `the time of commit ${commit}`);
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
