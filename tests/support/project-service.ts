/**
 * A real AppService on a real project file for each test, and calls through the real dispatcher
 * (validation and error mapping as the window and the CLI get them). No mocks.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
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

export interface LargeProjectService {
  /** The test's own folder. */
  dir: string;
  /** The project file open in the service, in `dir`. */
  home: string;
  call: ReturnType<typeof callsAndEvents>['call'];
  /** Every event the service pushed, in order. */
  events: ApiEvent[];
  app: AppService;
  /** Shuts the service down now (as closing the window does); it is not shut down again after the test. */
  shutDown(): void;
}

/**
 * For tests of long jobs on a large generated project. Before all tests, `write(folder)` makes the
 * large file once (up to 120 s) in a folder removed after all, and answers its path (`large()`).
 * `start()` in a test: a fresh folder with a service (host 'browser', data in dir/data) that has the
 * project file `home` open — a copy of the large project (`open: 'copy'`) or a new empty project
 * (`open: 'new'`, when the large file is something to import) — with calls through the real
 * dispatcher and the events it pushes. The service is shut down after each test.
 */
export function useLargeProjectService(options: { prefix: string; write(folder: string): string; home: string; open: 'copy' | 'new' }): {
  large(): string;
  start(): LargeProjectService;
} {
  const tempDir = useTempDir();
  let shared = '';
  let large = '';
  beforeAll(() => {
    shared = mkdtempSync(join(tmpdir(), options.prefix));
    large = options.write(shared);
  }, 120_000);
  afterAll(() => rmSync(shared, { recursive: true, force: true }));

  let service: AppService | null = null;
  afterEach(() => {
    service?.shutdown();
    service = null;
  });

  return {
    large: () => large,
    start() {
      const dir = tempDir();
      const home = join(dir, options.home);
      if (options.open === 'copy') copyFileSync(large, home);
      const app = new AppService({ host: 'browser', dataDir: join(dir, 'data') });
      service = app;
      if (options.open === 'copy') app.openProject(home);
      else app.createProject(home);
      const { call, events } = callsAndEvents(app);
      return {
        dir,
        home,
        call,
        events,
        app,
        shutDown: () => {
          app.shutdown();
          if (service === app) service = null;
        },
      };
    },
  };
}
