export * from './gates.js';
export * from './publish.js';
export * from './published-images.js';
