/**
 * Working on a local copy of a project kept in a synced or network folder: the copy lives in
 * Weft's data folder (`local-copies/<guid>/<name>.weft`) with `origin.json` beside it naming the
 * original; "Save a copy back" writes it over the original, unless the original changed meanwhile.
 */
import { existsSync, mkdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { DomainError } from '../../../shared/api/errors.js';
import { storageWarning } from '../../../shared/backups/storage-location.js';
import type { SavedCopy, StorageWarning } from '../../../shared/types/backups.js';
import type { DB } from '../../db/connection.js';
import { backupKey } from './project-backups.js';
import { saveProjectCopy } from './restore.js';

interface Origin {
  original: string;
  copiedAt: string;
  /** The original's modification time and size when copied (or last saved back). */
  originalMtimeMs: number;
  originalSize: number;
}

const originFile = (localPath: string) => join(dirname(localPath), 'origin.json');

function readOrigin(localPath: string): Origin | null {
  try {
    const o = JSON.parse(readFileSync(originFile(localPath), 'utf8')) as Origin;
    return typeof o.original === 'string' ? o : null;
  } catch {
    return null;
  }
}

/** Records which original a local copy belongs to, as the original is now (call it once the original is closed). */
export function writeOrigin(localPath: string, original: string) {
  const st = statSync(original);
  const origin: Origin = { original, copiedAt: new Date().toISOString(), originalMtimeMs: st.mtimeMs, originalSize: st.size };
  writeFileSync(originFile(localPath), JSON.stringify(origin, null, 2));
}

/** The original a local copy was made from, or null for any other project. */
export function localCopyOrigin(localPath: string): string | null {
  return readOrigin(localPath)?.original ?? null;
}

function mountsText(): string | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    return readFileSync('/proc/mounts', 'utf8');
  } catch {
    return undefined;
  }
}

/** The warning for a project file at `path` on this machine, or null. */
export function storageWarningFor(path: string): StorageWarning | null {
  let real = resolve(path);
  try {
    real = realpathSync(real);
  } catch {
    // not there (yet): judge the path as given
  }
  const mounts = mountsText();
  return storageWarning({ path: real, platform: process.platform, ...(mounts === undefined ? {} : { mounts }) });
}

/**
 * Copies the open project into the data folder and returns the local path. The caller closes the
 * original, then calls writeOrigin (closing checkpoints the original, which changes its file time).
 */
export async function makeLocalCopy(db: DB, projectPath: string, dataDir: string): Promise<string> {
  const local = join(dataDir, 'local-copies', backupKey(db, projectPath), basename(projectPath));
  if (existsSync(local)) {
    throw new DomainError(
      'CONFLICT',
      `A local copy of this project already exists at “${local}”. Open it (it may hold work not yet saved back), or save it back first.`,
    );
  }
  mkdirSync(dirname(local), { recursive: true });
  await saveProjectCopy(db, projectPath, local);
  return local;
}

/**
 * Writes the open local copy back over its original. Refuses when the original changed since the
 * copy was made (another computer synced a change): then nothing is overwritten.
 */
export async function saveLocalCopyBack(db: DB, localPath: string): Promise<SavedCopy> {
  const origin = readOrigin(localPath);
  if (!origin) throw new DomainError('VALIDATION', 'This project is not a local copy of a project kept elsewhere; use “Save a copy as…” instead.');
  if (existsSync(origin.original)) {
    const st = statSync(origin.original);
    if (st.mtimeMs !== origin.originalMtimeMs || st.size !== origin.originalSize) {
      throw new DomainError(
        'CONFLICT',
        `“${origin.original}” was changed since the local copy was made (perhaps synced from another computer), so it was not overwritten. Save a copy as… under another name, then merge the two (Team → Merge).`,
      );
    }
  }
  const saved = await saveProjectCopy(db, localPath, origin.original, { overwrite: true });
  writeOrigin(localPath, origin.original);
  return saved;
}

