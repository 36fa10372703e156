import { defineAction } from '../../_common/spec.js';

export const spec = defineAction({
  name: 'retain-versions',
  inputs: [
    'catalog',
    'registry',
    'tag-template',
    'dry-run',
    'include-mirrors',
    'mirrors',
    'mirror-logins',
    'registry-username',
    'registry-password',
    'public-key',
    'certificate-identity',
    'certificate-identity-regexp',
    'transparency-log',
    'tools-from-path',
    'github-token',
    'github-api-url',
  ],
  outputs: ['removed', 'kept', 'protected', 'plan'],
});
