import type { Logger } from '../logging/index.js';
import { CommandFailedError, type CommandRunner, runChecked } from '../process/index.js';
import type { RetryPolicy } from '../retry/index.js';
import { retry, transientRegistryFailure } from '../retry/index.js';

export interface Login {
  registry: string;
  username: string;
  password: string;
}

/**
 * `docker login` with the password on stdin: masked first, never on a
 * command line, never logged. Retried like a push when the registry is
 * briefly unavailable; a wrong password fails at once.
 */
export async function dockerLogin(runner: CommandRunner, log: Logger, docker: string, login: Login, policy: RetryPolicy): Promise<void> {
  log.secret(login.password);
  await retry(
    () =>
      runChecked(runner, {
        file: docker,
        args: ['login', login.registry, '--username', login.username, '--password-stdin'],
        stdin: login.password,
        quiet: true,
      }),
    {
      policy,
      transient: (failure) => (failure instanceof CommandFailedError ? transientRegistryFailure(failure.result.stderr) : undefined),
      onRetry: ({ attempt, of, reason }) =>
        log.warning(`login to ${login.registry}, attempt ${attempt} of ${of}, failed: ${reason}; retrying`),
    },
  );
  log.info(`logged in to ${login.registry} as ${login.username}`);
}

/** Forgets the credentials `dockerLogin` stored, so a shared runner does not keep them. */
export async function dockerLogout(runner: CommandRunner, docker: string, registry: string): Promise<void> {
  await runChecked(runner, { file: docker, args: ['logout', registry], quiet: true });
}
