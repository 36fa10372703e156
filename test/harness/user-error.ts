import { isUserError } from '../../packages/errors/index.js';

/** The message of the UserError `run` throws; anything else thrown, or nothing, fails the test. */
export function userErrorOf(run: () => unknown): string {
  try {
    run();
  } catch (error: unknown) {
    if (isUserError(error)) return error.message;
    throw error;
  }
  throw new Error('expected a UserError');
}

/** The same for a promise. */
export async function userErrorFrom(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error: unknown) {
    if (isUserError(error)) return error.message;
    throw error;
  }
  throw new Error('expected a UserError');
}
