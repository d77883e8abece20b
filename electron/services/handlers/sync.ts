import type { HandlersFor } from '../../../shared/api/contract.js';
import type { syncMethods } from '../../../shared/api/methods/sync.js';
import type { AppService } from '../app-service.js';

export const syncHandlers = (app: AppService): HandlersFor<typeof syncMethods> => ({
  'sync.status': () => app.sync.status(),
  'sync.signIn': ({ serverUrl, user, password }) => app.sync.signIn(serverUrl, user, password),
  'sync.signOut': ({ serverUrl }) => app.sync.signOut(serverUrl),
  'sync.projects': ({ serverUrl }) => app.sync.projects(serverUrl),
  'sync.setMember': ({ user, role }) => app.sync.members(user, role),
  'sync.publish': ({ serverUrl }) => app.sync.publish(serverUrl),
  'sync.join': ({ serverUrl, projectGuid, path }) => app.sync.join(serverUrl, projectGuid, path),
  'sync.now': () => app.sync.now(),
  'sync.setAuto': ({ auto }) => app.sync.setAuto(auto),
  'sync.conflicts': ({ includeRestored }) => app.sync.conflicts(includeRestored ?? false),
  'sync.restoreConflict': ({ id }) => app.sync.restore(id),
});
