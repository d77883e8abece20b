import type { HandlersFor } from '../../../shared/api/contract.js';
import type { exchangeMethods } from '../../../shared/api/methods/exchange.js';
import type { AppService } from '../app-service.js';

export const exchangeHandlers = (app: AppService): HandlersFor<typeof exchangeMethods> => {
  void app;
  return {};
};
