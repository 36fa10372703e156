export * from './filesystem.js';
export * from './image.js';
export * from './installed-packages.js';
export * from './layer-tar.js';
export * from './lock-down.js';
export * from './read-image.js';
export * from './recognise.js';
