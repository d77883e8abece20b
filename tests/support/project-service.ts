/**
 * A real AppService on a real project file for each test, and calls through the real dispatcher
 * (validation and error mapping as the window and the CLI get them). No mocks.
 */
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { createDispatcher } from '../../electron/ipc/dispatch';
import { AppService } from '../../electron/services/app-service';
import type { ApiEvent } from '../../shared/api/events';
import type { Result } from '../../shared/api/result';
import { useTempDir } from './temp';

/**
 * Before each test: a fresh temporary folder `dir()`, a service (host 'cli', data in dir()/data)
 * and a new project file dir()/`fileName` open in it; after each test the service is shut down
 * and the folder removed.
 */
export function useProjectService(fileName: string): { app(): AppService; dir(): string } {
  const tempDir = useTempDir();
  let app: AppService | null = null;
  let dir = '';
  beforeEach(() => {
    dir = tempDir();
    app = new AppService({ host: 'cli', dataDir: join(dir, 'data') });
    app.createProject(join(dir, fileName));
  });
  afterEach(() => app?.shutdown());
  return {
    app: () => {
      if (!app) throw new Error('useProjectService: the service exists only inside a test');
      return app;
    },
    dir: () => dir,
  };
}

/** `dispatch` answers a method's Result; `ok` its value, or throws naming the method, the error code and the message. */
export function dispatcherOf(app: () => AppService) {
  const dispatch = (method: string, input: unknown) => createDispatcher(app().handlers, () => {})(method, input) as Promise<Result<any>>;
  async function ok(method: string, input: unknown) {
    const r = await dispatch(method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
    return r.value;
  }
  return { dispatch, ok };
}

/**
 * For a test that follows background jobs: calls through the real dispatcher that answer the value
 * or throw naming the method, and every event the service pushes, in order.
 */
export function callsAndEvents(service: AppService) {
  const dispatch = createDispatcher(service.handlers, () => undefined);
  const call = async <T,>(method: string, input: unknown = {}): Promise<T> => {
    const r = (await dispatch(method, input)) as Result<T>;
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.value;
  };
  const events: ApiEvent[] = [];
  service.onEvent((e) => events.push(e));
  return { call, events };
}
