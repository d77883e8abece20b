import type { HandlersFor } from '../../../shared/api/contract.js';
import type { teamMethods } from '../../../shared/api/methods/team.js';
import type { AppService } from '../app-service.js';

export const teamHandlers = (app: AppService): HandlersFor<typeof teamMethods> => {
  void app;
  return {};
};
