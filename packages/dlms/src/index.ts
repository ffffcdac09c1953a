export * from './apdu/index.js';
export * from './axdr/index.js';
export * from './cosem/index.js';
export * from './framing/index.js';
export * from './security/index.js';
export * from './session/index.js';
export * from './transport/index.js';
