/**
 * Participants (cases) from a CSV table: one row per participant, attribute types inferred from
 * the values (and overridable), written in one transaction; speakers whose label matches a
 * participant's name are linked to it afterwards.
 */
import { parseParticipantsCsv, type AttributeKind, type ParticipantsTable } from '../../shared/import/participants-csv.js';
import { ImportError } from '../../shared/import/types.js';
import { DomainError } from '../../shared/api/errors.js';
import type { ParticipantsImportResult, ParticipantsPreview } from '../../shared/types/entities.js';
import type { DB } from '../db/connection.js';
import { ensureAttribute, linkSpeakersToCases, upsertCase } from './cases.js';

function parse(file: string, bytes: Uint8Array): ParticipantsTable {
  try {
    return parseParticipantsCsv(bytes, { file });
  } catch (err) {
    if (err instanceof ImportError) throw new DomainError('VALIDATION', `“${file}”: ${err.message}`);
    throw err;
  }
}

export function previewParticipantsCsv(file: string, bytes: Uint8Array): ParticipantsPreview {
  const table = parse(file, bytes);
  return {
    nameColumn: table.nameColumn,
    participants: table.rows.map((r) => r.name),
    attributes: table.attributes.map((a) => ({ name: a.name, kind: a.kind, values: a.values.slice(0, 20) })),
    warnings: table.warnings,
  };
}

/** Imports the table. `kinds` overrides inferred attribute kinds. Call outside a transaction: it opens its own. */
export function importParticipantsCsv(
  db: DB,
  file: string,
  bytes: Uint8Array,
  kinds: Record<string, AttributeKind> = {},
): ParticipantsImportResult {
  const table = parse(file, bytes);
  for (const name of Object.keys(kinds)) {
    if (!table.attributes.some((a) => a.name === name)) {
      throw new DomainError('VALIDATION', `“${file}” has no column “${name}” to set the type of; its columns are ${table.attributes.map((a) => a.name).join(', ')}.`);
    }
  }
  const attributes = table.attributes.map((a) => ({ name: a.name, kind: kinds[a.name] ?? a.kind, values: a.values }));
  for (const a of attributes) {
    if (a.kind === 'number') {
      const bad = table.rows.find((r) => r.values[a.name] !== '' && !Number.isFinite(Number(r.values[a.name])));
      if (bad) throw new DomainError('VALIDATION', `“${file}” line ${bad.line}: “${bad.values[a.name]}” in column “${a.name}” is not a number.`);
    }
  }
  return db.transaction(() => {
    const existing = new Set((db.prepare('SELECT lower(name) FROM cases').pluck().all() as string[]));
    let created = 0;
    let updated = 0;
    for (const a of attributes) {
      if (a.kind === 'category') ensureAttribute(db, a.name, 'case', 'category', a.values);
    }
    for (const row of table.rows) {
      const values: Record<string, { value: string; kind: AttributeKind }> = {};
      for (const a of attributes) {
        const v = row.values[a.name] ?? '';
        if (v !== '') values[a.name] = { value: v, kind: a.kind };
      }
      upsertCase(db, row.name, values);
      if (existing.has(row.name.toLowerCase())) updated++;
      else created++;
    }
    const linkedSpeakers = linkSpeakersToCases(db);
    return {
      created,
      updated,
      attributes: attributes.map((a) => ({ name: a.name, kind: a.kind })),
      linkedSpeakers,
      warnings: table.warnings,
    };
  })();
}
