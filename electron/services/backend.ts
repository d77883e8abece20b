/**
 * The one way a backend process builds the service: the AppService and the dispatcher in front of
 * it. Browser mode (electron/bridge/main.ts) and Electron's service host
 * (electron/service-host/main.ts) both start from here.
 */
import { createDispatcher, type Dispatcher } from '../ipc/dispatch.js';
import { AppService, type AppServiceOptions } from './app-service.js';

export interface Backend {
  service: AppService;
  dispatch: Dispatcher;
}

export function createBackend(options: AppServiceOptions, log?: (msg: string, err: unknown) => void): Backend {
  const service = new AppService(options);
  return { service, dispatch: createDispatcher(service.handlers, log) };
}
