export * from './import-step.js';
