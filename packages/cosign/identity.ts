import { readFileSync } from 'node:fs';
import { UserError } from '../errors/index.js';
import { GITHUB_OIDC_ISSUER, type Verification, type WorkflowRun } from './arguments.js';

/** The GitHub Actions variables the keyless path reads; a plain record so tests can give any. */
export type RunEnvironment = Readonly<Record<string, string | undefined>>;

export interface IdentityInputs {
  /** `certificate-identity`: the exact SAN of the signing certificate. */
  identity?: string;
  /** `certificate-identity-regexp` */
  identityRegexp?: string;
  /** `certificate-oidc-issuer` */
  issuer?: string;
}

/**
 * The identity a keyless signature must carry to count. By default it is this
 * workflow's own: Fulcio puts the workflow's `job_workflow_ref` in the
 * certificate's SAN, as `https://github.com/OWNER/REPO/.github/workflows/FILE@REF`,
 * which for a workflow run directly is GITHUB_WORKFLOW_REF. A reusable workflow
 * signs as itself, not as its caller, so its callers give `certificate-identity`.
 */
export function keylessVerification(inputs: IdentityInputs, env: RunEnvironment): Verification {
  if (inputs.identity !== undefined && inputs.identityRegexp !== undefined) {
    throw new UserError({
      message: `inputs 'certificate-identity' and 'certificate-identity-regexp' are both set.`,
      hint: 'Keep one: an exact identity, or a regular expression it must match.',
    });
  }
  const issuer = inputs.issuer ?? GITHUB_OIDC_ISSUER;
  if (inputs.identity !== undefined) return { kind: 'keyless', identity: { exact: inputs.identity }, issuer };
  if (inputs.identityRegexp !== undefined) return { kind: 'keyless', identity: { regexp: inputs.identityRegexp }, issuer };
  const workflowRef = env.GITHUB_WORKFLOW_REF;
  if (!workflowRef) {
    throw new UserError({
      message: 'keyless signing needs an identity to verify against, and GITHUB_WORKFLOW_REF is not set.',
      hint: `Run on GitHub Actions, or set 'certificate-identity' (or 'certificate-identity-regexp').`,
    });
  }
  return { kind: 'keyless', identity: { exact: `${serverUrl(env)}/${workflowRef}` }, issuer };
}

/**
 * Keyless signing takes the workflow's OIDC token, which the runner only
 * offers to jobs granted `id-token: write`; without it cosign would fail
 * later with a less helpful message.
 */
export function requireOidcToken(env: RunEnvironment): void {
  if (env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) return;
  throw new UserError({
    message: "keyless signing needs the workflow's OIDC token, and this job cannot request one.",
    hint: `Add 'permissions: { id-token: write }' to the job (and keep 'contents: read'), or sign with a key: set 'key' and 'key-password'.`,
  });
}

/**
 * The runs whose keyless signatures count: the repository and ref they ran
 * in, and the events that may have started them. A signature passes when its
 * certificate names that repository, that ref and one of the triggers.
 */
export interface RunPolicy {
  repository: string;
  ref: string;
  triggers: readonly string[];
}

/**
 * The events whose runs may publish: the nightly (`schedule`) and a run
 * started by hand (`workflow_dispatch`). Never `pull_request`, whose code is
 * the proposer's, nor `pull_request_target`, which runs on the default branch
 * with its secrets for a stranger's change; a push to the default branch
 * waits for the nightly.
 */
export const PUBLISHING_TRIGGERS = ['schedule', 'workflow_dispatch'] as const;

/** This run, as its own certificate will name it: what a step checks right after signing. */
export function thisRun(env: RunEnvironment): RunPolicy {
  const missing = (['GITHUB_REPOSITORY', 'GITHUB_REF', 'GITHUB_EVENT_NAME'] as const).filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new UserError({
      message: `keyless verification pins the repository, ref and trigger of the run that signed, and ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set.`,
      hint: 'Run on GitHub Actions, where the runner sets them, or sign with a key.',
    });
  }
  return { repository: env.GITHUB_REPOSITORY ?? '', ref: env.GITHUB_REF ?? '', triggers: [env.GITHUB_EVENT_NAME ?? ''] };
}

/** The fields of the run's event payload (GITHUB_EVENT_PATH) this reads. */
export interface EventPayload {
  repository?: { default_branch?: string };
}

/** The run's event payload, or an empty one when the runner wrote none (a `schedule` run's holds no repository). */
export function readEventPayload(env: RunEnvironment): EventPayload {
  const path = env.GITHUB_EVENT_PATH;
  if (!path) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as EventPayload;
  } catch {
    return {};
  }
}

/**
 * The run policy of a publishing run, or the reason this run may not
 * publish: it must be started by a publishing trigger, on the default
 * branch. A `schedule` run is always on the default branch (GitHub runs it
 * there; its payload names no branch); a `workflow_dispatch` run's payload
 * names the default branch, and its GITHUB_REF must be it.
 */
export function publishingRun(env: RunEnvironment, event: EventPayload): RunPolicy {
  const run = thisRun(env);
  const trigger = run.triggers[0] ?? '';
  if (!(PUBLISHING_TRIGGERS as readonly string[]).includes(trigger)) {
    throw new UserError({
      message: `this run was started by '${trigger}', and only ${PUBLISHING_TRIGGERS.join(' and ')} runs publish.`,
      hint: `Build and scan without publishing on '${trigger}' ('publish: false'); the nightly or a manual run on the default branch publishes.`,
    });
  }
  const branch = trigger === 'schedule' ? run.ref.replace(/^refs\/heads\//, '') : event.repository?.default_branch;
  if (!branch) {
    throw new UserError({
      message: `this ${trigger} run's event names no default branch, so it cannot be told that ${run.ref} may publish.`,
      hint: 'Start the run on GitHub from the default branch.',
    });
  }
  const ref = `refs/heads/${branch}`;
  if (run.ref !== ref) {
    throw new UserError({
      message: `this run is on ${run.ref}, and only the default branch (${ref}) publishes.`,
      hint: `Run it from ${branch}, or build and scan without publishing ('publish: false').`,
    });
  }
  return { repository: run.repository, ref, triggers: [trigger] };
}

/** One keyless constraint per trigger the policy allows (cosign pins one trigger per call). */
/**
 * The runs that may have published what is in the registry now: this
 * repository, its default branch, and every publishing trigger (an image the
 * nightly signed is as good as one a manual run signed). What steps after
 * publishing (propagation, retention, the rescan) verify against.
 */
export function publishedRuns(env: RunEnvironment, event: EventPayload): RunPolicy {
  const run = thisRun(env);
  const trigger = run.triggers[0] ?? '';
  const branch = event.repository?.default_branch ?? (trigger === 'schedule' ? run.ref.replace(/^refs\/heads\//, '') : undefined);
  if (!branch) {
    throw new UserError({
      message: `this ${trigger} run's event names no default branch, so the runs that may have published cannot be pinned.`,
      hint: 'Run it on GitHub from the default branch, or verify with a key (public-key).',
    });
  }
  return { repository: run.repository, ref: `refs/heads/${branch}`, triggers: [...PUBLISHING_TRIGGERS] };
}

export function pinnedVerifications(verification: Verification, policy: RunPolicy | undefined): Verification[] {
  if (verification.kind === 'key' || policy === undefined) return [verification];
  return policy.triggers.map((trigger): Verification => {
    const run: WorkflowRun = { repository: policy.repository, ref: policy.ref, trigger };
    return { ...verification, run };
  });
}

export function serverUrl(env: RunEnvironment): string {
  return (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '');
}
