export * from './import-step.js';
export * from './upstream-issues.js';
