import type { HandlersFor } from '../../../shared/api/contract.js';
import type { themeMethods } from '../../../shared/api/methods/themes.js';
import type { AppService } from '../app-service.js';

export const themeHandlers = (app: AppService): HandlersFor<typeof themeMethods> => {
  void app;
  return {};
};
