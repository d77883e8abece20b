export * from './formats.js';
export * from './timeline.js';
export * from "./wav.js";
