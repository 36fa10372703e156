export * from './ghcr.js';
export * from './inventory.js';
export * from './plan.js';
export * from './retain.js';
export * from './state.js';
export * from './summary.js';
