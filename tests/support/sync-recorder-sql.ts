/**
 * The SQL of the change recorder (migration 0010), built from the one description of synced things
 * (shared/sync/ops.ts ENTITIES, LINKS): a trigger per synced table and change turns every INSERT,
 * UPDATE and DELETE — whatever door made it: the app, the `weft` command line, undo, a file merge,
 * rows removed by ON DELETE CASCADE — into an operation in `sync_ops`, while the project is synced
 * (`sync_link.enabled`) and the change is not itself the replica applying the server's operations
 * (the `sync_applying` row, present only inside that transaction).
 *
 * A recorded operation gets its clock from `sync_ops_clock` (the hybrid logical clock ticked on the
 * wall time of the change, so an edit made offline yesterday comes before one made after it today),
 * and a `set`/`move` gets `prev`, the clock of the value it replaced (for the conflict list).
 *
 * migration 0010 holds this text as it was when written; recorder-sql.test.ts keeps them equal.
 */
import { ENTITIES, ENTITY_KINDS, LINKS, LINK_KINDS, type EntityKind, type FieldSpec, type LinkKind } from '../../shared/sync/ops.js';

const GATE = `(SELECT enabled FROM sync_link WHERE id = 1) = 1 AND NOT EXISTS (SELECT 1 FROM sync_applying)`;
const q = (s: string): string => `'${s.replace(/'/g, "''")}'`;

function guidExpr(kind: EntityKind, row: 'new' | 'old'): string {
  return ENTITIES[kind].syntheticGuid ? `(SELECT guid || '#' || ${row}.seq FROM documents WHERE id = ${row}.document_id)` : `${row}.guid`;
}

function valueExpr(spec: FieldSpec, row: 'new' | 'old'): string {
  return spec.ref ? `(SELECT guid FROM ${ENTITIES[spec.ref].table} WHERE id = ${row}.${spec.column})` : `${row}.${spec.column}`;
}

function actorExpr(kind: EntityKind, row: 'new' | 'old', creating: boolean): string {
  const session = `(SELECT actor FROM sync_link WHERE id = 1)`;
  if (kind === 'coding') {
    const coder = `(SELECT guid FROM coders WHERE id = ${row}.coder_id)`;
    return creating ? `coalesce(${coder}, ${session}, '')` : `coalesce(nullif(${session}, ''), ${coder}, '')`;
  }
  if (kind === 'memo' && creating) return `coalesce((SELECT guid FROM coders WHERE id = ${row}.coder_id), ${session}, '')`;
  return `coalesce(${session}, '')`;
}

const record = (actor: string, body: string, kind: string, guid: string, field: string, where = ''): string =>
  `INSERT INTO sync_ops (origin, actor, body, p_kind, p_guid, p_field) SELECT 'local', ${actor}, ${body}, ${kind}, ${guid}, ${field}${where ? ` WHERE ${where}` : ''};`;

function entityTriggers(kind: EntityKind): string[] {
  const spec = ENTITIES[kind];
  const t = spec.table;
  const fieldsJson = (row: 'new' | 'old') => `json_object(${Object.entries(spec.fields).map(([f, s]) => `${q(f)}, ${valueExpr(s, row)}`).join(', ')})`;
  const g = (row: 'new' | 'old') => guidExpr(kind, row);
  const out: string[] = [];
  out.push(
    `CREATE TRIGGER sync_rec_${t}_insert AFTER INSERT ON ${t} WHEN ${GATE} BEGIN ${record(
      actorExpr(kind, 'new', true),
      `json_object('t', 'create', 'kind', ${q(kind)}, 'guid', ${g('new')}, 'fields', ${fieldsJson('new')})`,
      q(kind),
      g('new'),
      `'*'`,
    )} END;`,
  );
  const sets: string[] = [];
  for (const [f, s] of Object.entries(spec.fields)) {
    if (s.createOnly) continue;
    const changed = `old.${s.column} IS NOT new.${s.column}`;
    if (f === spec.parentField) {
      sets.push(record(actorExpr(kind, 'new', false), `json_object('t', 'move', 'kind', ${q(kind)}, 'guid', ${g('new')}, 'parent', ${valueExpr(s, 'new')})`, q(kind), g('new'), q(f), changed));
    } else {
      sets.push(
        record(actorExpr(kind, 'new', false), `json_object('t', 'set', 'kind', ${q(kind)}, 'guid', ${g('new')}, 'field', ${q(f)}, 'value', ${valueExpr(s, 'new')})`, q(kind), g('new'), q(f), changed),
      );
    }
  }
  out.push(`CREATE TRIGGER sync_rec_${t}_update AFTER UPDATE ON ${t} WHEN ${GATE} BEGIN ${sets.join(' ')} END;`);
  out.push(
    `CREATE TRIGGER sync_rec_${t}_delete AFTER DELETE ON ${t} WHEN ${GATE} BEGIN ${record(
      actorExpr(kind, 'old', false),
      `json_object('t', 'delete', 'kind', ${q(kind)}, 'guid', ${g('old')})`,
      q(kind),
      g('old'),
      'NULL',
      `${g('old')} IS NOT NULL`,
    )} END;`,
  );
  const fixed = Object.values(spec.fields).filter((s) => s.createOnly && !s.ref);
  if (fixed.length) {
    // Rule 9: what never changes once shared (a document's text) is refused, not recorded.
    out.push(
      `CREATE TRIGGER sync_fixed_${t} BEFORE UPDATE OF ${fixed.map((s) => s.column).join(', ')} ON ${t} WHEN ${GATE} AND (${fixed
        .map((s) => `old.${s.column} IS NOT new.${s.column}`)
        .join(' OR ')}) BEGIN SELECT RAISE(ABORT, 'This project is synced: a ${spec.label}''s ${Object.entries(spec.fields)
        .filter(([, s]) => fixed.includes(s))
        .map(([f]) => f)
        .join(', ')} cannot change once shared.'); END;`,
    );
  }
  return out;
}

function linkTriggers(rel: LinkKind): string[] {
  const spec = LINKS[rel];
  const t = spec.table;
  const a = (row: 'new' | 'old') => `(SELECT guid FROM ${ENTITIES[spec.a.kind].table} WHERE id = ${row}.${spec.a.column})`;
  const b = (row: 'new' | 'old') => `(SELECT guid FROM ${ENTITIES[spec.b.kind].table} WHERE id = ${row}.${spec.b.column})`;
  const shared = LINK_KINDS.filter((k) => LINKS[k].table === t).length > 1;
  const mine = (row: 'new' | 'old') => (shared ? ` AND ${row}.${spec.b.column} IS NOT NULL` : '');
  const fields = (row: 'new' | 'old') => `json_object(${Object.entries(spec.fields).map(([f, s]) => `${q(f)}, ${row}.${s.column}`).join(', ')})`;
  const link = (row: 'new' | 'old', where: string) =>
    record(`coalesce((SELECT actor FROM sync_link WHERE id = 1), '')`, `json_object('t', 'link', 'rel', ${q(rel)}, 'a', ${a(row)}, 'b', ${b(row)}, 'fields', ${fields(row)})`, 'NULL', 'NULL', 'NULL', where);
  const unlink = (row: 'new' | 'old', where: string) =>
    record(`coalesce((SELECT actor FROM sync_link WHERE id = 1), '')`, `json_object('t', 'unlink', 'rel', ${q(rel)}, 'a', ${a(row)}, 'b', ${b(row)})`, 'NULL', 'NULL', 'NULL', where);
  const ends = (row: 'new' | 'old') => `${a(row)} IS NOT NULL AND ${b(row)} IS NOT NULL`;
  const moved = `old.${spec.a.column} IS NOT new.${spec.a.column} OR old.${spec.b.column} IS NOT new.${spec.b.column}`;
  const changedFields = Object.values(spec.fields).map((s) => `old.${s.column} IS NOT new.${s.column}`);
  const name = `sync_rec_${rel}`;
  return [
    `CREATE TRIGGER ${name}_insert AFTER INSERT ON ${t} WHEN ${GATE}${mine('new')} BEGIN ${link('new', ends('new'))} END;`,
    `CREATE TRIGGER ${name}_update AFTER UPDATE ON ${t} WHEN ${GATE} BEGIN ${unlink('old', `(${moved})${mine('old')} AND ${ends('old')}`)} ${link(
      'new',
      `(${[moved, ...changedFields].join(' OR ')})${mine('new')} AND ${ends('new')}`,
    )} END;`,
    // a link removed by a cascade (its theme, code… deleted) may no longer name both ends: the rules drop it anyway
    `CREATE TRIGGER ${name}_delete AFTER DELETE ON ${t} WHEN ${GATE}${mine('old')} BEGIN ${unlink('old', ends('old'))} END;`,
  ];
}

/** A code merge (mergeCodes remembers it in merge_aliases while the merged code still exists). */
const MERGE_TRIGGERS = (['insert', 'update'] as const).map(
  (when) =>
    `CREATE TRIGGER sync_rec_merge_aliases_${when} AFTER ${when.toUpperCase()} ON merge_aliases WHEN ${GATE} AND new.kind = 'code' AND EXISTS (SELECT 1 FROM codes WHERE guid = new.foreign_guid) BEGIN ${record(
      `coalesce((SELECT actor FROM sync_link WHERE id = 1), '')`,
      `json_object('t', 'mergeCode', 'from', new.foreign_guid, 'into', new.local_guid)`,
      'NULL',
      'NULL',
      'NULL',
    )} END;`,
);

/** The clock: every recorded operation gets the next hybrid-logical-clock time and, for a change of one field, `prev`. */
const CLOCK_TRIGGER = `CREATE TRIGGER sync_ops_clock AFTER INSERT ON sync_ops WHEN new.hlc IS NULL BEGIN
UPDATE sync_clock SET counter = CASE WHEN CAST(unixepoch('subsec') * 1000 AS INTEGER) > wall THEN 0 ELSE counter + 1 END, wall = max(wall, CAST(unixepoch('subsec') * 1000 AS INTEGER)) WHERE id = 1;
UPDATE sync_clock SET wall = wall + 1, counter = 0 WHERE id = 1 AND counter > 65535;
UPDATE sync_ops SET hlc = (SELECT printf('%013d-%04x-%s', c.wall, c.counter, l.client_id) FROM sync_clock c, sync_link l WHERE c.id = 1 AND l.id = 1), wall_ms = CAST(unixepoch('subsec') * 1000 AS INTEGER) WHERE seq = new.seq;
UPDATE sync_ops SET id = hlc, body = json_set(body, '$.prev', (SELECT coalesce((SELECT hlc FROM sync_field_clock WHERE kind = new.p_kind AND guid = new.p_guid AND field = new.p_field), (SELECT hlc FROM sync_field_clock WHERE kind = new.p_kind AND guid = new.p_guid AND field = '*')))) WHERE seq = new.seq AND new.p_field IS NOT NULL AND new.p_field <> '*';
UPDATE sync_ops SET id = hlc WHERE seq = new.seq AND id IS NULL;
INSERT INTO sync_field_clock (kind, guid, field, hlc) SELECT new.p_kind, new.p_guid, new.p_field, hlc FROM sync_ops WHERE seq = new.seq AND new.p_field IS NOT NULL
  ON CONFLICT (kind, guid, field) DO UPDATE SET hlc = excluded.hlc;
END;`;

/** Every trigger of the recorder, in a stable order. */
export function recorderTriggers(): string[] {
  return [CLOCK_TRIGGER, ...ENTITY_KINDS.flatMap(entityTriggers), ...LINK_KINDS.flatMap(linkTriggers), ...MERGE_TRIGGERS];
}
