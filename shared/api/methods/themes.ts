/** Themes, theme board, thematic map, reports (Braun & Clarke phases). */
// import { z } from 'zod';
// import { method } from './base.js';

export const themeMethods = {} as const;
