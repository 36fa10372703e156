export * from './command.js';
export * from './exec-runner.js';
export * from './parallel.js';
