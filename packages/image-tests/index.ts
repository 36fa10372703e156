export * from './docker-args.js';
export * from './judge.js';
export * from './probe.js';
export * from './report.js';
export * from './run-tests.js';
