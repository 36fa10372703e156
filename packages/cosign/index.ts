export * from './arguments.js';
export * from './identity.js';
export * from './pins.js';
export * from './provenance.js';
export * from './resolve-digest.js';
export * from './sign.js';
export * from './tree.js';
export * from './version.js';
