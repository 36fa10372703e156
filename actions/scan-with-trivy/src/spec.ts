import { defineAction } from '../../_common/spec.js';

export const spec = defineAction({
  name: 'scan-with-trivy',
  inputs: ['images', 'fixable-only'],
  outputs: ['verdict'],
});
