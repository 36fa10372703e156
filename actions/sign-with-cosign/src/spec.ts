import { defineAction } from '../../_common/spec.js';

export const spec = defineAction({
  name: 'sign-with-cosign',
  inputs: ['image', 'attest-sbom'],
  outputs: ['digest'],
});
