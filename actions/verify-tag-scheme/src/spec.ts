import { defineAction } from '../../_common/spec.js';

export const spec = defineAction({
  name: 'verify-tag-scheme',
  inputs: [
    'tags',
    'catalog',
    'registry',
    'upstream-mirrors',
    'tag-template',
    'check-registry',
    'ignore-tags',
    'registry-username',
    'registry-password',
    'fail-on-violation',
  ],
  outputs: ['valid', 'violations', 'checked'],
});
