import { defineAction } from '../../_common/spec.js';

export const spec = defineAction({
  name: 'propagate',
  inputs: [
    'plan-file',
    'stage',
    'shard',
    'registry-username',
    'registry-password',
    'mirror-logins',
    'public-key',
    'certificate-identity',
    'certificate-identity-regexp',
    'transparency-log',
    'results-dir',
    'tools-from-path',
    'fail-on-lag',
  ],
  outputs: ['report', 'lagging', 'written'],
});
