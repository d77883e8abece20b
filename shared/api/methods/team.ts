/** Coders, merging projects, agreement and consensus (team coding). */
// import { z } from 'zod';
// import { method } from './base.js';

export const teamMethods = {} as const;
