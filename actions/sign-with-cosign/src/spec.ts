import { defineAction } from '../../_common/spec.js';

export const spec = defineAction({
  name: 'sign-with-cosign',
  inputs: [
    'image',
    'key',
    'key-password',
    'public-key',
    'certificate-identity',
    'certificate-identity-regexp',
    'certificate-oidc-issuer',
    'sbom',
    'provenance',
    'signature-storage',
    'transparency-log',
    'cosign-version',
    'tool-mirror',
  ],
  outputs: [
    'image',
    'digest',
    'signed',
    'signature-refs',
    'attestation-refs',
    'verify-command',
    'verify-attestation-command',
    'cosign-version',
  ],
});
