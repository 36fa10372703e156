import type { IdentityInputs, RunEnvironment, RunPolicy } from '../../packages/cosign/index.js';
import type { Inputs } from './inputs.js';
import { keylessRuns } from './keyless.js';

/**
 * The keyless identity a signature must carry, from the inputs
 * `certificate-identity` (exact) and `certificate-identity-regexp`, as every
 * action that verifies reads them; packages/cosign refuses both at once.
 */
export function identityInputs(inputs: Inputs<'certificate-identity' | 'certificate-identity-regexp'>): IdentityInputs {
  const identity = inputs.string('certificate-identity');
  const identityRegexp = inputs.string('certificate-identity-regexp');
  return {
    ...(identity !== undefined ? { identity } : {}),
    ...(identityRegexp !== undefined ? { identityRegexp } : {}),
  };
}

/** How a published image's signature is checked, as the publish job checked it: with the key, or keylessly. */
export interface PublishedSignatureCheck {
  /** PEM of cosign.pub, newline-terminated as cosign writes it. */
  publicKey?: string;
  identity: IdentityInputs;
  /** Keyless: only signatures of this repository's publishing runs count. */
  run?: RunPolicy;
  transparencyLog: boolean;
}

/**
 * The inputs `public-key`, `certificate-identity(-regexp)` and
 * `transparency-log` of the steps that verify what is already published
 * (propagate, retain-versions, rescan). `pinRuns: false` for a run that
 * verifies nothing (a dry run).
 */
export function publishedSignatureInputs(
  inputs: Inputs<'public-key' | 'certificate-identity' | 'certificate-identity-regexp' | 'transparency-log'>,
  env: RunEnvironment,
  options: { pinRuns?: boolean } = {},
): PublishedSignatureCheck {
  const publicKey = inputs.string('public-key');
  const run = publicKey === undefined && options.pinRuns !== false ? keylessRuns(env) : undefined;
  return {
    ...(publicKey !== undefined ? { publicKey: `${publicKey}\n` } : {}),
    identity: identityInputs(inputs),
    ...(run !== undefined ? { run } : {}),
    transparencyLog: inputs.boolean('transparency-log', true),
  };
}
