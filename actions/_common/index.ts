export * from './inputs.js';
export * from './outputs.js';
export * from './registry-login.js';
export * from './run-action.js';
export * from './signing-key.js';
export * from './spec.js';
