export * from './actions-tool-cache.js';
export * from './checksum.js';
export * from './download.js';
export * from './install.js';
export * from './pin.js';
export * from './tool-cache.js';
