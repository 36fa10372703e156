export * from './registry.js';
export * from './summary.js';
export * from './tag-scheme.js';
export * from './template.js';
export * from './version.js';
