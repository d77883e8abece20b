import { z } from 'zod';
import type { ProjectInfo } from '../../types/entities.js';
import type { BackupInfo, BackupList, ProjectStorage, RestoreResult, SavedCopy } from '../../types/backups.js';
import { method, none, path } from './base.js';

const backupId = z.string().regex(/^\d{8}T\d{9}Z(-\d+)?-[a-z-]+$/, 'A backup id looks like 20261204T184000123Z-open');

export const backupMethods = {
  /** The open project's backups, newest first, with counts to compare with the project now. */
  'backups.list': method<BackupList>()(none),
  /** Backs the open project up now. */
  'backups.create': method<BackupInfo>()(none),
  /** Replaces the open project with a backup (after backing up the project as it is). */
  'backups.restore': method<RestoreResult & { project: ProjectInfo }>()(z.object({ id: backupId }).strict()),
  /** Where the open project is stored: a warning for synced or network folders. */
  'project.storage': method<ProjectStorage>()(none),
  /** Copies the open project to Weft's data folder and opens the copy. */
  'project.workLocally': method<ProjectInfo & { localCopyOf: string }>()(none),
  /** Writes the open local copy back over the original it was made from. */
  'project.saveCopyBack': method<SavedCopy>()(none),
  /** Writes a complete copy of the open project to another file. */
  'project.saveCopyAs': method<SavedCopy>()(z.object({ path, overwrite: z.boolean().optional() }).strict()),
} as const;
