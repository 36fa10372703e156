import { defineAction } from '../../_common/spec.js';

/**
 * The inputs of a build described by hand, which `entry` replaces: given
 * together with `entry` they are refused. (`mode` is left out: it has a
 * default, so it is always set.)
 */
export const MANUAL_INPUTS = [
  'context',
  'dockerfile',
  'target',
  'build-args',
  'platforms',
  'labels',
  'repository',
  'requires',
  'application',
  'build-id',
] as const;

export const spec = defineAction({
  name: 'build-prebuilt',
  inputs: [
    'entry',
    'merge',
    'parents',
    ...MANUAL_INPUTS,
    'mode',
    'debug-twin',
    'registry',
    'username',
    'password',
    'logout',
    'cache',
    'cache-ref',
    'secrets',
    'secret-files',
    'sbom',
    'provenance',
    'source-date-epoch',
    'builder',
    'attempts',
    'docker',
  ],
  outputs: ['digest', 'image', 'build-id', 'metadata', 'platforms', 'size', 'checks', 'debug-image', 'debug-digest'],
});
