/** REFI-QDA and spreadsheet exchange. */
// import { z } from 'zod';
// import { method } from './base.js';

export const exchangeMethods = {} as const;
