import { defineAction } from '../../_common/spec.js';

export const spec = defineAction({
  name: 'matrix-expand',
  inputs: ['catalog', 'per-platform'],
  outputs: ['matrix'],
});
