export * from './command.js';
export * from './exec-runner.js';
