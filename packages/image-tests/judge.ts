import type { ImageTest } from '../catalog/model.js';
import { SHELLS } from '../prebuilt/lock-down.js';

/** What one run of a container gave. */
export interface ContainerRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** Killed at the test's timeout. */
  timedOut: boolean;
}

export type Judgement = { status: 'passed' } | { status: 'failed' | 'not-tested'; problems: string[] };

/** The runtime's own words when the container's process could not start (docker exits 125-127 with them). */
const START_FAILURE = /(?:Error response from daemon|OCI runtime|unable to start container process)[^\n]*/;
const EXEC_FORMAT = /exec (\S+): exec format error/;
const MISSING_LIBRARY = /error while loading shared libraries: ([^:\s]+)/;
const READ_ONLY = /Read-only file system/i;

/**
 * The verdict on one run: what the catalog expected against what happened,
 * with a hint when the output shows a failure platform teams meet often (a
 * missing shared library, a missing executable or shell, a write to the
 * read-only filesystem). A binary the engine cannot execute on a platform
 * other than its own is not a failure of the image: that platform was not
 * tested here, which is never reported as passed.
 */
export function judgeRun(
  test: ImageTest,
  run: ContainerRun,
  context: { command: string[]; foreign: boolean; platform: string },
  /** What was seen besides the run itself (a port that never answered). */
  observed: readonly string[] = [],
): Judgement {
  const output = `${run.stderr}\n${run.stdout}`;
  if (run.timedOut)
    return { status: 'failed', problems: [`did not finish within ${formatSeconds(test.timeout)}; the container was killed`] };
  const format = EXEC_FORMAT.exec(output);
  if (format && context.foreign) {
    return {
      status: 'not-tested',
      problems: [
        `this docker engine cannot execute ${context.platform} binaries (${format[0]}); register an emulator for it (QEMU, e.g. docker/setup-qemu-action) or test on a ${context.platform} runner`,
      ],
    };
  }
  const problems: string[] = [...observed];
  const start = run.exitCode >= 125 ? START_FAILURE.exec(run.stderr) : null;
  if (start) {
    problems.push(`the container did not start: ${start[0].trim()}`);
    problems.push(...startHints(context.command));
    return { status: 'failed', problems };
  }
  if (format)
    problems.push(
      `${format[1]} is not a ${context.platform} executable (exec format error): the image copied a binary built for another platform`,
    );
  if (test.expect.exit !== undefined && run.exitCode !== test.expect.exit)
    problems.push(`exited with code ${run.exitCode}, expected ${test.expect.exit}`);
  if (test.expect.stdout !== undefined && !new RegExp(test.expect.stdout, 'm').test(run.stdout))
    problems.push(`its standard output does not match /${test.expect.stdout}/`);
  if (test.expect.stderr !== undefined && !new RegExp(test.expect.stderr, 'm').test(run.stderr))
    problems.push(`its standard error does not match /${test.expect.stderr}/`);
  if (problems.length === 0) return { status: 'passed' };
  problems.push(...outputHints(output, test));
  return { status: 'failed', problems };
}

/** Why a process could not be started, in the terms of a prebuilt image. */
function startHints(command: readonly string[]): string[] {
  const executable = command[0];
  if (executable === undefined) return ['the image has no ENTRYPOINT or CMD and the test gives no entrypoint'];
  const name = executable.slice(executable.lastIndexOf('/') + 1);
  if (SHELLS.has(name)) {
    return [
      `${executable} is a shell: a prebuilt image has none, and tests never use one; run the image's own executable instead, with its arguments as an exec-form list (args: ["--version"])`,
    ];
  }
  return [
    `${executable} is what the container runs: check that the image has it at that path, and that it is executable by the image's user`,
  ];
}

function outputHints(output: string, test: ImageTest): string[] {
  const hints: string[] = [];
  const library = MISSING_LIBRARY.exec(output);
  if (library) {
    hints.push(
      `the shared library ${library[1]} is missing from the image: copy it, and what it needs in turn (ldd lists them), from the build stage`,
    );
  }
  if (READ_ONLY.test(output)) {
    hints.push(
      `it wrote to the read-only filesystem: declare the directory it writes as 'tmpfs' in the test${test.tmpfs.length > 0 ? ` (it has ${test.tmpfs.join(', ')})` : ''}, as a pod's emptyDir would be`,
    );
  }
  return hints;
}

export function formatSeconds(seconds: number): string {
  return seconds < 1 ? `${Math.round(seconds * 1000)}ms` : seconds % 60 === 0 && seconds >= 60 ? `${seconds / 60}m` : `${seconds}s`;
}

/**
 * What the container printed, cut to fit a summary: its first lines (where a
 * crash usually says why, before its stack) and its last, each line cut short.
 */
export function outputTail(stdout: string, stderr: string, head = 3, tail = 9, width = 240): string {
  const text = [stdout.trimEnd(), stderr.trimEnd()].filter((s) => s !== '').join('\n');
  const lines = text === '' ? [] : text.split('\n');
  const kept =
    lines.length <= head + tail ? lines : [...lines.slice(0, head), `[${lines.length - head - tail} lines]`, ...lines.slice(-tail)];
  return kept.map((line) => (line.length > width ? `${line.slice(0, width)}...` : line)).join('\n');
}

/** A command as a person would type it, quoting only what needs it; for reading, never for running. */
export function displayCommand(command: readonly string[]): string {
  return command.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`)).join(' ');
}
