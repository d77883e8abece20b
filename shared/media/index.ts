export * from './formats.js';
export * from './timeline.js';
