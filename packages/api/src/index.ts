export type * from './ports.js';
export * from './schemas/index.js';
