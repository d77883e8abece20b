/** Automatic backups of a project, and warnings about where a project is stored. */

export const BACKUP_REASONS = ['open', 'periodic', 'migration', 'import', 'merge', 'manual', 'before-restore', 'close'] as const;
export type BackupReason = (typeof BACKUP_REASONS)[number];

/** Counts that show what a backup holds, next to the same counts now. */
export interface BackupCounts {
  documents: number;
  codes: number;
  codings: number;
  themes: number;
}

export interface BackupInfo {
  /** Sortable and unique per project: the creation time and the reason, e.g. 20261204T184000123Z-open. */
  id: string;
  createdAt: string;
  reason: BackupReason;
  /** Bytes on disk. */
  size: number;
  counts: BackupCounts;
  /** The project file the backup was made from (a copy of the project elsewhere shares its backups). */
  projectPath: string;
  /** Where the backup file is. */
  file: string;
  /**
   * Later moments this backup also stands for: a backup was due (e.g. before an import) but nothing
   * had changed since this one was made, so restoring this one undoes what followed them too.
   */
  alsoBefore?: { reason: BackupReason; at: string }[];
}

export interface BackupList {
  /** The folder that holds this project's backups. */
  folder: string;
  /** Counts in the project as it is now, to compare with each backup's. */
  current: BackupCounts;
  /** Newest first. */
  backups: BackupInfo[];
}

export interface RestoreResult {
  restored: BackupInfo;
  /** The backup of the state just before the restore: restoring it undoes the restore. */
  safetyBackup: BackupInfo;
}

export type StorageKind = 'cloud' | 'network';

/** Why a project's folder is risky for a SQLite file that is open for a long time. */
export interface StorageWarning {
  kind: StorageKind;
  /** "Dropbox", "OneDrive", "iCloud Drive", "Google Drive", or the file system ("nfs", "cifs", …). */
  service: string;
  message: string;
}

export interface ProjectStorage {
  path: string;
  warning: StorageWarning | null;
  /** Set when the open project is a local working copy of a project kept elsewhere. */
  localCopyOf: string | null;
}

export interface SavedCopy {
  path: string;
  size: number;
}
