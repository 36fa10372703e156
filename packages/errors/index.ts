export * from './user-error.js';
