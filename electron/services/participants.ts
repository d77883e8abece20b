/**
 * Participants (cases) from a CSV table — the one service behind the app's two doors to it (the
 * Cases panel and the Speakers dialog, both calling `participants.importCsv`) and `weft
 * import-cases`. The file's bytes are decoded like transcripts (shared/import/decode.ts: UTF-8,
 * UTF-16, Windows-1252 from Excel…) and read by shared/import/participants-csv.ts.
 *
 * One row per participant. New columns become case attributes of the inferred kind (overridable
 * with `kinds`; a category's values in natural order, e.g. T1 < T2 < T3); a column matching an
 * existing case attribute keeps that attribute's kind, and new values of a category are added to
 * its end. Existing cases are updated; empty cells leave a value as it was. Speakers whose label
 * is a participant's name are linked to it. Everything in one transaction: a bad value anywhere
 * writes nothing. Problems are UserInputErrors naming the file (mapped once, at the doors).
 */
import { UserInputError, DomainError } from '../../shared/api/errors.js';
import { orderValues } from '../../shared/analysis/values.js';
import { parseParticipantsCsv, type AttributeKind, type ParticipantsTable } from '../../shared/import/participants-csv.js';
import type { AttributeDef } from '../../shared/analysis/types.js';
import type { ParticipantsImportResult, ParticipantsPreview } from '../../shared/types/entities.js';
import type { DB } from '../db/connection.js';
import { createAttribute, linkSpeakersToCases, listAttributes, setAttributeValue, updateAttribute } from './cases.js';
import { newGuid, nowIso } from './project-session.js';

const parse = (file: string, bytes: Uint8Array): ParticipantsTable => parseParticipantsCsv(bytes, { file });

export function previewParticipantsCsv(file: string, bytes: Uint8Array): ParticipantsPreview {
  const table = parse(file, bytes);
  return {
    nameColumn: table.nameColumn,
    participants: table.rows.map((r) => r.name),
    attributes: table.attributes.map((a) => ({ name: a.name, kind: a.kind, values: a.values.slice(0, 20) })),
    warnings: table.warnings,
  };
}

/** The case attribute a column goes into: the existing one of that name (kept as it is, a category extended) or a new one. */
function attributeFor(db: DB, column: { name: string; kind: AttributeKind; values: string[] }, created: string[]): AttributeDef {
  const existing = listAttributes(db).find((a) => a.scope === 'case' && a.name.toLocaleLowerCase() === column.name.toLocaleLowerCase());
  if (existing) {
    if (existing.kind !== 'category') return existing;
    const extra = column.values.filter((v) => !existing.categories.some((c) => c.toLocaleLowerCase() === v.toLocaleLowerCase()));
    return extra.length ? updateAttribute(db, existing.id, { categories: [...existing.categories, ...orderValues(extra, 'text')] }) : existing;
  }
  created.push(column.name);
  return createAttribute(db, {
    name: column.name,
    scope: 'case',
    kind: column.kind,
    categories: column.kind === 'category' ? orderValues(column.values, 'text') : undefined,
  });
}

/** Imports the table from the file's bytes. `kinds` overrides inferred kinds of new attributes. Call outside a transaction: it opens its own. */
export function importParticipantsCsv(
  db: DB,
  file: string,
  bytes: Uint8Array,
  kinds: Record<string, AttributeKind> = {},
): ParticipantsImportResult {
  const table = parse(file, bytes);
  for (const name of Object.keys(kinds)) {
    if (!table.attributes.some((a) => a.name === name)) {
      throw new UserInputError(file, `there is no column “${name}” to set the type of; its columns are ${table.attributes.map((a) => a.name).join(', ')}.`);
    }
  }
  return db.transaction((): ParticipantsImportResult => {
    const attributesCreated: string[] = [];
    const attrs = new Map<string, AttributeDef>();
    for (const col of table.attributes) attrs.set(col.name, attributeFor(db, { ...col, kind: kinds[col.name] ?? col.kind }, attributesCreated));
    let created = 0;
    let updated = 0;
    let valuesSet = 0;
    for (const row of table.rows) {
      let caseId = db.prepare('SELECT id FROM cases WHERE lower(name) = lower(?)').pluck().get(row.name) as number | undefined;
      if (caseId === undefined) {
        const now = nowIso();
        caseId = Number(db.prepare('INSERT INTO cases (guid, name, created_at, updated_at) VALUES (?, ?, ?, ?)').run(newGuid(), row.name, now, now).lastInsertRowid);
        created++;
      } else updated++;
      for (const [col, value] of Object.entries(row.values)) {
        const attr = attrs.get(col);
        if (!attr || value.trim() === '') continue;
        try {
          setAttributeValue(db, 'case', caseId, attr.id, value);
        } catch (err) {
          if (err instanceof DomainError && err.code === 'VALIDATION') throw new UserInputError(file, `line ${row.line} (${row.name}), column “${col}”: ${err.message}`);
          throw err;
        }
        valuesSet++;
      }
    }
    return {
      nameColumn: table.nameColumn,
      created,
      updated,
      attributes: table.attributes.map((a) => ({ name: a.name, kind: attrs.get(a.name)!.kind })),
      attributesCreated,
      valuesSet,
      linkedSpeakers: linkSpeakersToCases(db),
      warnings: table.warnings,
    };
  })();
}
