export * from './retry.js';
export * from './transient-registry.js';
