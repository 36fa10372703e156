export * from './dockerfile.js';
export * from './files.js';
export * from './load.js';
export * from './mirrors.js';
export * from './model.js';
export { closest, compileSchema, type SchemaWording, schemaProblems } from './schema.js';
export { SourceMap } from './source-map.js';
