/**
 * Bounded retries with exponential backoff and full jitter, for operations
 * that fail now and then for reasons outside our control (a registry that
 * answers 503 while it restarts, a connection reset). Only failures the
 * caller calls transient are retried; anything else is thrown at once.
 */
export interface RetryPolicy {
  /** Attempts in all, the first one included (1 = no retry). */
  attempts: number;
  /** The ceiling of the first wait, in milliseconds; it doubles per retry. */
  baseDelayMs: number;
  /** No wait is longer than this. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 4, baseDelayMs: 2_000, maxDelayMs: 30_000 };

export interface RetryOptions {
  policy: RetryPolicy;
  /** Why a failure is worth another attempt (a short reason), or undefined when it is not. */
  transient: (failure: unknown) => string | undefined;
  /**
   * The wait the failure itself asks for (a registry's `Retry-After`), in
   * milliseconds, or undefined to back off as the policy says. A wait longer
   * than the policy's `maxDelayMs` is not taken: the failure is thrown at once
   * as a RetryWaitTooLongError, so no job sleeps for an hour on a header.
   */
  requestedDelay?: (failure: unknown) => number | undefined;
  /** Told about every retry before its wait; `requested` when the wait is the one the failure asked for. */
  onRetry: (retry: { attempt: number; of: number; delayMs: number; reason: string; requested: boolean }) => void;
  sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1); Math.random unless a test needs it fixed. */
  random?: () => number;
}

/** The wait before retry number `retry` (1-based): uniform in [0, min(max, base * 2^(retry-1))]. */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  // Full jitter: many jobs that failed together do not come back together.
  return Math.round(ceiling * random());
}

/** Runs `operation` until it succeeds, fails for a reason that is not transient, or runs out of attempts. */
export async function retry<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  if (!Number.isInteger(options.policy.attempts) || options.policy.attempts < 1) {
    throw new Error(`a retry policy needs at least one attempt, not ${options.policy.attempts}`);
  }
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (failure: unknown) {
      const reason = options.transient(failure);
      if (reason === undefined || attempt >= options.policy.attempts) throw failure;
      const asked = options.requestedDelay?.(failure);
      if (asked !== undefined && asked > options.policy.maxDelayMs) {
        throw new RetryWaitTooLongError(failure, asked, options.policy.maxDelayMs, reason);
      }
      const delayMs = asked ?? backoffDelay(attempt, options.policy, options.random);
      options.onRetry({ attempt, of: options.policy.attempts, delayMs, reason, requested: asked !== undefined });
      await sleep(delayMs);
    }
  }
}

/** The failure asked for a longer wait than the policy allows; `cause` is the failure. */
export class RetryWaitTooLongError extends Error {
  constructor(
    readonly failure: unknown,
    readonly requestedMs: number,
    readonly limitMs: number,
    readonly reason: string,
  ) {
    super(
      `${reason}: asked to wait ${Math.ceil(requestedMs / 1000)}s before trying again, longer than the limit of ${Math.round(limitMs / 1000)}s`,
      { cause: failure },
    );
    this.name = 'RetryWaitTooLongError';
  }
}
