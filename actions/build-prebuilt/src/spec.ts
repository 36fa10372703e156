import { defineAction } from '../../_common/spec.js';

export const spec = defineAction({
  name: 'build-prebuilt',
  inputs: ['context', 'push'],
  outputs: ['digest'],
});
