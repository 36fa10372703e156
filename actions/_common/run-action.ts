import * as core from '@actions/core';
import { formatLocation, isUserError } from '../../packages/errors/index.js';
import type { Logger } from '../../packages/logging/index.js';
import { annotation, coreLogger } from './core-logger.js';
import { Inputs } from './inputs.js';
import { Outputs } from './outputs.js';
import type { ActionSpec } from './spec.js';

export interface ActionContext<I extends string, O extends string> {
  inputs: Inputs<I>;
  outputs: Outputs<O>;
  log: Logger;
  /** Appends Markdown to the job summary (written once, at the end). */
  summary: typeof core.summary;
}

/**
 * The one entry wrapper of every action: times the run, and turns whatever is
 * thrown (an Error, a string, anything) into a failed step whose message starts
 * with the action's name. A user's mistake is reported as one error per
 * problem, with its file and line as an annotation and how to fix it; anything
 * else is reported as an internal error with its stack in the debug log.
 */
export async function runAction<I extends string, O extends string>(
  spec: ActionSpec<I, O>,
  body: (context: ActionContext<I, O>) => Promise<void>,
): Promise<void> {
  const started = performance.now();
  try {
    await body({ inputs: new Inputs<I>(spec.name), outputs: new Outputs<O>(), log: coreLogger, summary: core.summary });
    core.info(`${spec.name}: done in ${seconds(started)}`);
  } catch (thrown: unknown) {
    reportFailure(spec.name, thrown);
    core.info(`${spec.name}: failed after ${seconds(started)}`);
  } finally {
    if (core.summary.stringify() !== '') {
      try {
        await core.summary.write();
      } catch (thrown: unknown) {
        core.warning(`${spec.name}: could not write the job summary: ${describe(thrown)}`);
      }
    }
  }
}

export function reportFailure(actionName: string, thrown: unknown): void {
  process.exitCode = 1;
  if (isUserError(thrown)) {
    for (const problem of thrown.problems) {
      const where = problem.location ? `${formatLocation(problem.location)}: ` : '';
      const hint = problem.hint ? ` ${problem.hint}` : '';
      core.error(`${actionName}: ${where}${problem.message}${hint}`, annotation(problem.location));
    }
    return;
  }
  if (thrown instanceof Error && thrown.stack) core.debug(thrown.stack);
  // Not the user's mistake: a tool or a service failed, or we have a bug. The
  // stack goes to the debug log (ACTIONS_STEP_DEBUG) rather than the annotation.
  core.error(`${actionName}: ${describe(thrown)}`);
}

function describe(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message;
  if (typeof thrown === 'string') return thrown;
  try {
    return JSON.stringify(thrown) ?? String(thrown);
  } catch {
    return String(thrown);
  }
}

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)}s`;
}
