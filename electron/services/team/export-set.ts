/**
 * Saves one coder's set (typically the consensus set) as a project of its own: a copy of this
 * project in which only that coder's codings remain, ready for themes and reports.
 */
import { forgetSync } from '../sync/replica.js';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DB } from '../../db/connection.js';
import { openProjectFile } from '../../db/connection.js';
import { DomainError } from '../../../shared/api/errors.js';
import { newGuid } from '../project-session.js';
import { coderName } from './coders.js';

export interface CoderSetExport {
  path: string;
  coder: string;
  codings: number;
  documents: number;
}

export function exportCoderSet(db: DB, coderId: number, path: string): CoderSetExport {
  const coder = coderName(db, coderId);
  let abs = resolve(path);
  if (!/\.weft$/i.test(abs)) abs += '.weft';
  if (existsSync(abs)) throw new DomainError('CONFLICT', `“${abs}” already exists. Choose another name.`);
  if (!existsSync(dirname(abs))) throw new DomainError('NOT_FOUND', `The folder “${dirname(abs)}” does not exist.`);
  db.prepare('VACUUM INTO ?').run(abs);
  const copy = openProjectFile(abs);
  try {
    return copy.transaction(() => {
      forgetSync(copy);
      const id = copy.prepare('SELECT id FROM coders WHERE name = ?').pluck().get(coder) as number;
      copy.prepare('DELETE FROM codings WHERE coder_id <> ?').run(id);
      copy.prepare('DELETE FROM consensus_decisions').run();
      copy.prepare('DELETE FROM merge_aliases').run();
      copy.prepare('DELETE FROM coders WHERE id <> ? AND id NOT IN (SELECT coder_id FROM codings)').run(id);
      const name = (copy.prepare("SELECT value FROM project_meta WHERE key = 'name'").pluck().get() as string | undefined) ?? 'Project';
      const put = copy.prepare('INSERT INTO project_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
      put.run('name', `${name} — ${coder}`);
      put.run('guid', newGuid());
      const counts = copy.prepare('SELECT count(*) AS codings, count(DISTINCT document_id) AS documents FROM codings').get() as { codings: number; documents: number };
      return { path: abs, coder, ...counts };
    })();
  } finally {
    copy.close();
  }
}
