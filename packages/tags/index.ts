export * from './registry.js';
export * from './tag-scheme.js';
export * from './template.js';
export * from './version.js';
