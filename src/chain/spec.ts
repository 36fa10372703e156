import { defineAction } from '../../actions/_common/spec.js';

export const spec = defineAction({
  name: 'image-actions',
  inputs: [
    'entry',
    'catalog',
    'image',
    'version',
    'variant',
    'registry',
    'publish',
    'sign',
    'results-dir',
    'registry-username',
    'registry-password',
    'registry-cache',
    'severity',
    'ignore-unfixed',
    'ignore-file',
    'trivy-db-repository',
    'key',
    'key-password',
    'certificate-identity-regexp',
    'transparency-log',
    'tools-from-path',
  ],
  outputs: ['verdict', 'stopped-at', 'reason', 'image', 'digest', 'published-tags', 'verify-command', 'sarif', 'outcome-file'],
});
