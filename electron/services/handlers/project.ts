import type { HandlersFor } from '../../../shared/api/contract.js';
import type { projectMethods } from '../../../shared/api/methods/project.js';
import { existsSync } from 'node:fs';
import type { AppService } from '../app-service.js';
import { projectSummary } from '../summary.js';

export const projectHandlers = (app: AppService): HandlersFor<typeof projectMethods> => ({
  'app.info': () => app.info(),
  'project.current': () => app.currentOrNull()?.info() ?? null,
  // Switching or closing first stops a running import (it keeps whole files) and waits for it.
  'project.create': async ({ path }) => (await app.stopImports(), app.createProject(path)),
  'project.open': async ({ path }) => (await app.stopImports(), app.openProject(path)),
  'project.openSample': async ({ reset }) => (await app.stopImports(), app.openSample(reset)),
  'project.close': async () => {
    await app.stopImports();
    app.closeProject();
    return null;
  },
  'project.recent': () => app.settings.get().recent.map((r) => ({ ...r, exists: existsSync(r.path) })),
  'project.summary': () => projectSummary(app.current().db),
  'files.list': ({ path }) => app.listDirectory(path),
});
