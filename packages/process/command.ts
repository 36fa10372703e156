/**
 * Every external tool (docker, trivy, cosign, git) runs through this interface:
 * an executable and an argument array, never a shell string. Packages take a
 * CommandRunner; the actions and the e2e tests give them the real one.
 */
export interface Command {
  file: string;
  args: readonly string[];
  cwd?: string;
  /** Extra variables on top of the current environment. */
  env?: Record<string, string>;
  /** Written to the tool's stdin (how passwords reach `docker login`). */
  stdin?: string | Buffer;
  /** Do not echo the tool's output to our own stdout. */
  quiet?: boolean;
}

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface CommandRunner {
  run(command: Command): Promise<CommandResult>;
}

/** A tool exited non-zero where the caller needed it to succeed. */
export class CommandFailedError extends Error {
  readonly result: CommandResult;
  readonly command: Command;

  constructor(command: Command, result: CommandResult) {
    const tail = lastLines(result.stderr || result.stdout, 20);
    super(`${describeCommand(command)} exited with code ${result.exitCode}${tail ? `:\n${tail}` : ''}`);
    this.name = 'CommandFailedError';
    this.command = command;
    this.result = result;
  }
}

/** Runs a command and throws CommandFailedError unless it exits 0. */
export async function runChecked(runner: CommandRunner, command: Command): Promise<CommandResult> {
  const result = await runner.run(command);
  if (result.exitCode !== 0) throw new CommandFailedError(command, result);
  return result;
}

/** The executable and its first argument: enough to say what failed, never the arguments' values. */
export function describeCommand(command: Command): string {
  const name = command.file.split('/').pop() ?? command.file;
  const sub = command.args.find((a) => !a.startsWith('-'));
  return sub ? `${name} ${sub}` : name;
}

function lastLines(text: string, count: number): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}

/**
 * A runner that gives every command these variables too (the command's own
 * win): how a step points the tools it runs at files of its own, such as a
 * private docker config, without changing its own environment.
 */
export function withEnvironment(runner: CommandRunner, env: Readonly<Record<string, string>>): CommandRunner {
  return { run: (command) => runner.run({ ...command, env: { ...env, ...command.env } }) };
}

/**
 * A runner that prints nothing itself and tells `log` each command and what
 * it printed, once it ended: with a BufferedLogger, the output of commands
 * run at the same time stays with the work that ran them.
 */
export function loggingRunner(runner: CommandRunner, log: { info(message: string): void }): CommandRunner {
  return {
    async run(command) {
      const result = await runner.run({ ...command, quiet: true });
      if (command.quiet !== true) {
        log.info(`[command]${command.file} ${command.args.join(' ')}`);
        const printed = `${result.stdout}${result.stderr}`.trimEnd();
        if (printed !== '') log.info(printed);
      }
      return result;
    },
  };
}
