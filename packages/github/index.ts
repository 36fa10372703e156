export * from './api.js';
export * from './dispatch.js';
export * from './issues.js';
export * from './octokit-options.js';
export * from './owner-issues.js';
export * from './packages-api.js';
export * from './pulls.js';
