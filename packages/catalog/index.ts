export * from './dockerfile.js';
export * from './load.js';
export * from './mirrors.js';
export * from './model.js';
export { closest } from './schema.js';
