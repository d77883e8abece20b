/**
 * The one way a backend process builds the service: the AppService and the dispatcher in front of
 * it. Browser mode (electron/bridge/main.ts) and Electron's service host
 * (electron/service-host/main.ts) both start from here.
 */
import { createDispatcher, type Dispatcher, type DispatcherOptions } from '../ipc/dispatch.js';
import { AppService, type AppServiceOptions } from './app-service.js';

export interface Backend {
  service: AppService;
  dispatch: Dispatcher;
}

/** `dispatch`: see DispatcherOptions (the loopback bridge takes answers written as JSON text as they are). */
export function createBackend(options: AppServiceOptions, log?: (msg: string, err: unknown) => void, dispatch: DispatcherOptions = {}): Backend {
  const service = new AppService(options);
  return { service, dispatch: createDispatcher(service.handlers, log, dispatch) };
}
