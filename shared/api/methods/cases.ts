/** Cases (participants), attributes, queries and search (analysis). */
import type { Case } from '../../types/entities.js';
import { method, none } from './base.js';

export const caseMethods = {
  'cases.list': method<Case[]>()(none),
} as const;
