export * from './chain.js';
export * from './report.js';
export * from './steps.js';
