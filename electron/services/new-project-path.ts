/**
 * Where a new project file goes, given the path a researcher typed (the app's New project dialog
 * and `weft new` alike): an absolute path ending in “.weft” (added when missing). A folder is not a
 * project file: the path of an existing folder, or one ending in a separator, is refused with a
 * message saying what to type instead, so no `<folder>.weft` is created beside it unasked.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { DomainError } from '../../shared/api/errors.js';
import { isFolder } from '../fs/user-files.js';

export function newProjectPath(path: string): string {
  const typed = path.trim();
  const abs = resolve(typed);
  if (isFolder(abs) || typed.endsWith('/') || typed.endsWith(sep)) {
    const example = join(abs, `${basename(abs) || 'Study'}.weft`);
    throw new DomainError('VALIDATION', `“${abs}” is a folder, not a project file. Give the new project a file name, e.g. “${example}”.`);
  }
  const file = /\.weft$/i.test(abs) ? abs : `${abs}.weft`;
  if (!existsSync(dirname(file))) throw new DomainError('NOT_FOUND', `The folder “${dirname(file)}” does not exist.`);
  return file;
}
