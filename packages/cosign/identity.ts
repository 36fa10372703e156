import { UserError } from '../errors/index.js';
import { GITHUB_OIDC_ISSUER, type Verification } from './arguments.js';

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

export function serverUrl(env: RunEnvironment): string {
  return (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '');
}
