export * from './dockerfile.js';
export * from './load.js';
export * from './model.js';
export { closest } from './schema.js';
