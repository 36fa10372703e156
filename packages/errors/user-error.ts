/**
 * A place in a file that a message points at. Lines and columns are 1-based,
 * as editors and GitHub annotations count them.
 */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
}

/** One thing the user got wrong, and what to do about it. */
export interface Problem {
  message: string;
  /** How to fix it, in one sentence the user can act on. */
  hint?: string;
  location?: SourceLocation;
}

/**
 * A mistake in what the user gave us (an input, a catalog, a tag): reported as
 * such, with how to fix it, and never with a stack trace. Anything else that is
 * thrown is an internal error.
 */
export class UserError extends Error {
  readonly problems: readonly Problem[];

  constructor(problems: Problem | readonly Problem[], options?: { cause?: unknown }) {
    const list = Array.isArray(problems) ? (problems as readonly Problem[]) : [problems as Problem];
    if (list.length === 0) throw new Error('UserError needs at least one problem');
    super(list.map(formatProblem).join('\n'), options);
    this.name = 'UserError';
    this.problems = list;
  }
}

export function isUserError(value: unknown): value is UserError {
  return value instanceof UserError;
}

export function formatLocation(location: SourceLocation): string {
  let text = location.file;
  if (location.line !== undefined) {
    text += `:${location.line}`;
    if (location.column !== undefined) text += `:${location.column}`;
  }
  return text;
}

/** `file:line:col: message (hint)`, the form compilers use, so editors can jump to it. */
export function formatProblem(problem: Problem): string {
  const where = problem.location ? `${formatLocation(problem.location)}: ` : '';
  const hint = problem.hint ? ` ${problem.hint}` : '';
  return `${where}${problem.message}${hint}`;
}

/**
 * `JSON.parse`, with the parser's complaint handed to `fail`, which throws the
 * error that names the input or file the text came from.
 */
export function parseJson(text: string, fail: (reason: string) => never): unknown {
  try {
    return JSON.parse(text);
  } catch (error: unknown) {
    return fail(error instanceof Error ? error.message : String(error));
  }
}
