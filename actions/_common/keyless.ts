import { publishedRuns, type RunEnvironment, type RunPolicy, readEventPayload } from '../../packages/cosign/index.js';

/**
 * For steps that verify what is already published (propagation,
 * retention): the runs whose keyless signatures count, read from the run's
 * environment and event. Undefined outside GitHub Actions, where the step
 * is given a key or fails with the identity's own message.
 */
export function keylessRuns(env: RunEnvironment): RunPolicy | undefined {
  if (!env.GITHUB_REPOSITORY || !env.GITHUB_REF || !env.GITHUB_EVENT_NAME) return undefined;
  return publishedRuns(env, readEventPayload(env));
}
