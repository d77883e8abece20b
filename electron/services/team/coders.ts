/** Coders of a project: listing, looking up by name, the consensus coder. */
import type { DB } from '../../db/connection.js';
import * as coders from '../../db/tables/coders.js';
import { DomainError } from '../../../shared/api/errors.js';
import type { CoderSummary } from '../../../shared/types/team.js';
import { newGuid, nowIso } from '../project-session.js';

export function listCoders(db: DB, me: string | null): CoderSummary[] {
  const rows = db
    .prepare(
      `SELECT c.id, c.guid, c.name, c.initials, c.is_consensus,
              count(k.id) AS codings, count(DISTINCT k.document_id) AS documents
         FROM coders c LEFT JOIN codings k ON k.coder_id = c.id
        GROUP BY c.id ORDER BY c.is_consensus, c.name COLLATE NOCASE`,
    )
    .all() as { id: number; guid: string; name: string; initials: string | null; is_consensus: number; codings: number; documents: number }[];
  return rows.map((r) => ({
    id: r.id,
    guid: r.guid,
    name: r.name,
    initials: r.initials,
    isConsensus: r.is_consensus === 1,
    codings: r.codings,
    documents: r.documents,
    isMe: me !== null && r.name === me,
  }));
}

export function coderIdByName(db: DB, name: string): number | null {
  return coders.idByName(db, name) ?? null;
}

export function coderName(db: DB, id: number): string {
  const name = coders.nameOf(db, id);
  if (name === undefined) throw new DomainError('NOT_FOUND', `There is no coder with id ${id} in this project.`);
  return name;
}

/** Finds a coder by name (exactly, then ignoring case), or throws naming the coders there are. */
export function findCoder(db: DB, name: string): { id: number; name: string } {
  const rows = db.prepare('SELECT id, name FROM coders ORDER BY name').all() as { id: number; name: string }[];
  const hit = rows.find((r) => r.name === name) ?? rows.filter((r) => r.name.toLowerCase() === name.toLowerCase()).at(0);
  if (!hit) {
    throw new DomainError(
      'NOT_FOUND',
      `There is no coder “${name}” in this project. ${rows.length ? `Its coders are: ${rows.map((r) => r.name).join(', ')}.` : 'Nobody has coded in it yet.'}`,
    );
  }
  return hit;
}

/** The consensus coder of that name, created if needed. Refuses the name of an ordinary coder. */
export function ensureConsensusCoder(db: DB, name: string): number {
  const row = db.prepare('SELECT id, is_consensus FROM coders WHERE name = ?').get(name) as { id: number; is_consensus: number } | undefined;
  if (row) {
    if (row.is_consensus !== 1) {
      throw new DomainError('CONFLICT', `“${name}” is an ordinary coder in this project; choose another name for the consensus set.`);
    }
    return row.id;
  }
  return coders.insert(db, { guid: newGuid(), name, is_consensus: 1, created_at: nowIso() });
}
