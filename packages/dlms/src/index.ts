export * from './axdr/types.js';
