import type { IdentityInputs } from '../../packages/cosign/index.js';
import type { Inputs } from './inputs.js';

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
