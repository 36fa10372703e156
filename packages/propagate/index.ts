export * from './closure.js';
export * from './pins.js';
export * from './propagate.js';
export * from './regctl.js';
export * from './report.js';
export * from './run.js';
export * from './targets.js';
export * from './tools.js';
