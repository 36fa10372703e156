export * from './chain.js';
export * from './outcomes.js';
export * from './report.js';
export * from './select.js';
export * from './steps.js';
export * from './tool-steps.js';
