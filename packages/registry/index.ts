export * from './client.js';
export * from './credentials.js';
export * from './docker-config.js';
export * from './docker-login.js';
export * from './host.js';
export * from './host-logins.js';
