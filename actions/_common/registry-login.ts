import { UserError } from '../../packages/errors/index.js';
import type { Logger } from '../../packages/logging/index.js';
import type { Inputs } from './inputs.js';

/**
 * An explicit registry login from `registry-username` and `registry-password`
 * (the password masked); undefined without a password, and then logins come
 * from the docker config, as docker finds them.
 */
export function registryLoginInput(
  inputs: Inputs<'registry-username' | 'registry-password'>,
  log: Logger,
): { username: string; password: string } | undefined {
  const username = inputs.string('registry-username');
  const password = inputs.secret('registry-password');
  if (password === undefined) {
    if (username !== undefined)
      log.info(`no 'registry-password': not logging in as ${username}; logins come from the docker config, if any`);
    return undefined;
  }
  if (username === undefined) {
    throw new UserError({
      message: `input 'registry-password' is set but 'registry-username' is empty.`,
      hint: 'Set registry-username to the user the password belongs to.',
    });
  }
  return { username, password };
}
