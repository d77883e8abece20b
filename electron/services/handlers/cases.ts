import type { HandlersFor } from '../../../shared/api/contract.js';
import type { caseMethods } from '../../../shared/api/methods/cases.js';
import type { AppService } from '../app-service.js';
import { listCases } from '../cases.js';

export const caseHandlers = (app: AppService): HandlersFor<typeof caseMethods> => ({
  'cases.list': () => listCases(app.current().db),
});
