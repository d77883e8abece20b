/** Pseudonymised copies (issue 16): terms, replacement with moved positions, residue, suggestions. */
export * from './terms.js';
export * from './replace.js';
export * from './residue.js';
export * from './suggest.js';
