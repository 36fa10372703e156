import { getExecOutput } from '@actions/exec';
import type { Command, CommandResult, CommandRunner } from './command.js';

/**
 * The real runner. @actions/exec spawns without a shell, so an argument is
 * always one argument, whatever characters it holds.
 */
export class ExecRunner implements CommandRunner {
  async run(command: Command): Promise<CommandResult> {
    const env = command.env ? mergeEnv(command.env) : undefined;
    const result = await getExecOutput(command.file, [...command.args], {
      ignoreReturnCode: true,
      silent: command.quiet ?? false,
      ...(command.cwd !== undefined ? { cwd: command.cwd } : {}),
      ...(env !== undefined ? { env } : {}),
      ...(command.stdin !== undefined ? { input: Buffer.from(command.stdin) } : {}),
    });
    return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
  }
}

function mergeEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined) env[key] = value;
  }
  return { ...env, ...extra };
}
