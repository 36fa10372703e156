import { defineAction } from '../../_common/spec.js';

export const spec = defineAction({
  name: 'matrix-expand',
  inputs: [
    'catalog',
    'images',
    'glob',
    'per-platform',
    'changes',
    'changed-files',
    'base-ref',
    'registry',
    'mirrors',
    'upstream-mirrors',
    'tag-template',
    'max-jobs',
    'stage',
    'shard',
    'github-token',
  ],
  outputs: ['matrix', 'count', 'plan-file', 'has-entries', 'stages', 'shards', 'stage-count'],
});
