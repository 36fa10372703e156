export * from './build-step.js';
export * from './chain.js';
export * from './outcomes.js';
export * from './report.js';
export * from './scan-step.js';
export * from './select.js';
export * from './steps.js';
export * from './tool-steps.js';
