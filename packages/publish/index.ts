export * from './gates.js';
export * from './publish.js';
