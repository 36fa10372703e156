export * from './logger.js';
export * from './markdown.js';
