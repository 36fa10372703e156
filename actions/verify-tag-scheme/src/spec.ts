import { defineAction } from '../../_common/spec.js';

export const spec = defineAction({
  name: 'verify-tag-scheme',
  inputs: ['tags', 'catalog', 'fail-on-violation'],
  outputs: ['valid', 'violations'],
});
