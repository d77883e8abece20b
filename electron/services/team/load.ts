/**
 * Reads the file to merge into an IncomingProject:
 * - a .weft file is read directly (read-only);
 * - a .qdpx (or bare .qde) from another tool is imported by the REFI-QDA importer into a
 *   temporary .weft, which is then read like any other copy and deleted. So a .qdpx merge gets
 *   exactly the importer's mapping (users → coders, selections → codings, variables → attributes)
 *   and its warnings, and the merge itself only ever deals with Weft projects.
 */
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { DomainError } from '../../../shared/api/errors.js';
import { readUserFileHead, USER_FILE_KINDS } from '../../fs/user-files.js';
import { hasSqliteMagic } from '../../db/inspect.js';
import { hasZipMagic, startsLikeXml } from '../../../shared/import/sniff.js';
import { importProjectFile } from '../exchange/index.js';
import { zipLimitsFromMb } from '../../refi/zip.js';
import type { ArchiveLimitsMb } from '../../../shared/types/exchange.js';
import { ProjectSession } from '../project-session.js';
import { readWeftDatabase, readWeftProject, type IncomingProject } from './incoming.js';

function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return resolve(a) === resolve(b);
  }
}

/** The first bytes of a file, enough to tell SQLite, zip and XML apart (an ordinary file only: never a FIFO or a device). */
const head = (path: string): Buffer => Buffer.from(readUserFileHead(path, 64, USER_FILE_KINDS.project));

/**
 * Loads `path` for merging into the project at `intoPath`. Refuses to merge a file into itself.
 * `coderName` is only used for the temporary project of a .qdpx import; `limits` caps what a
 * .qdpx may inflate to (the defaults of `weft import-project` unless raised).
 */
export async function loadIncoming(path: string, intoPath: string, coderName: string, limits?: ArchiveLimitsMb): Promise<IncomingProject> {
  const abs = resolve(path);
  const label = basename(abs);
  const bytes = head(abs);
  if (sameFile(abs, intoPath)) throw new DomainError('VALIDATION', `“${label}” is the open project itself; choose another copy to merge.`);
  if (hasSqliteMagic(bytes)) return readWeftProject(abs, label);
  if (!hasZipMagic(bytes) && !startsLikeXml(bytes)) {
    throw new DomainError('VALIDATION', `“${label}” is neither a Weft project (.weft) nor a REFI-QDA project (.qdpx), so it cannot be merged.`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'weft-merge-'));
  try {
    const session = ProjectSession.create(join(dir, 'incoming.weft'), coderName);
    try {
      const report = await importProjectFile(session, abs, { limits: zipLimitsFromMb(limits) });
      const incoming = readWeftDatabase(session.db, label, 'qdpx');
      incoming.projectGuid = null;
      incoming.warnings.push(...report.warnings);
      return incoming;
    } finally {
      session.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
