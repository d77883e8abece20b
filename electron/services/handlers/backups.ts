import type { HandlersFor } from '../../../shared/api/contract.js';
import type { backupMethods } from '../../../shared/api/methods/backups.js';
import type { AppService } from '../app-service.js';
import { localCopyOrigin, saveLocalCopyBack, storageWarningFor } from '../backups/local-copy.js';
import { listBackups, saveProjectCopy } from '../backups/restore.js';

export const backupHandlers = (app: AppService): HandlersFor<typeof backupMethods> => ({
  'backups.list': () => {
    const s = app.current();
    return listBackups(s.db, s.path, app.backupsDir);
  },
  'backups.create': () => app.current().backup('manual'),
  'backups.restore': ({ id }) => app.restoreBackup(id),
  'project.storage': () => {
    const s = app.current();
    const localCopyOf = localCopyOrigin(s.path);
    return { path: s.path, warning: localCopyOf ? null : storageWarningFor(s.path), localCopyOf };
  },
  'project.workLocally': () => app.workLocally(),
  'project.saveCopyBack': () => {
    const s = app.current();
    return saveLocalCopyBack(s.db, s.path);
  },
  'project.saveCopyAs': ({ path, overwrite }) => {
    const s = app.current();
    return saveProjectCopy(s.db, s.path, path, overwrite === undefined ? {} : { overwrite });
  },
});
