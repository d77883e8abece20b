/**
 * A synced project file (issue 17): the `Replica` of replica-contract.ts on the project's own
 * better-sqlite3 connection.
 *
 * - Local changes are recorded by migration 0010's triggers (tests/support/sync-recorder-sql.ts) from whatever door
 *   made them; `pending` reads them.
 * - `applyRemote` stores the server's operations and makes the project's tables equal to what the
 *   rules (shared/sync/rules.ts `materialize`) give for every operation this file holds, local and
 *   remote — in one transaction, with the recorder held off (`sync_applying`). A malformed operation
 *   rejects the whole batch: nothing is written. Rows keep their ids (so what only this machine keeps
 *   about them — map positions, recordings, reading marks — stays), and things are written in an
 *   order that never trips a uniqueness rule on the way (names through a placeholder).
 * - `enable` starts the log with the project as it is (its operations are the first pending ones);
 *   enabling again after a pause records what changed meanwhile.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { DomainError } from '../../../shared/api/errors.js';
import { decodeHlc, receive } from '../../../shared/sync/hlc.js';
import { ENTITIES, ENTITY_KINDS, LINKS, LINK_KINDS, parseOp, type EntityKind, type Op, type OpBody, type Scalar } from '../../../shared/sync/ops.js';
import type { OpEnvelope, SequencedOp } from '../../../shared/sync/protocol.js';
import { applyLater, emptyState, fieldKey, linkKey, afterLocal, materialize, type AppliedView, type Fields, type Increment, type Materialized, type ProjectState, type Write } from '../../../shared/sync/rules.js';
import type { Statement } from 'better-sqlite3';
import { createProjectFile, type DB } from '../../db/connection.js';
import type { ApplyReport, Replica, SyncConflict } from './replica-contract.js';

/** The order things are made in (what a thing refers to comes first); deleted in the reverse order. */
const MAKE_ORDER: readonly EntityKind[] = ['coder', 'document', 'case', 'attribute', 'set', 'code', 'theme', 'coding', 'memo', 'speaker', 'turn'];

interface OpRow {
  id: string;
  hlc: string;
  actor: string;
  body: string;
}

const envelope = (r: OpRow): OpEnvelope => ({ id: r.id, hlc: r.hlc, clientId: decodeHlc(r.hlc).clientId, actor: r.actor, body: JSON.parse(r.body) as unknown });

/** A synced thing's fields from its row (references as GUIDs, `guidOf` turning a row id into one). */
function rowFields(kind: EntityKind, row: Record<string, Scalar>, guidOf: (kind: EntityKind, id: number) => string | undefined): Fields {
  const f: Fields = {};
  for (const [name, s] of Object.entries(ENTITIES[kind].fields)) {
    const v = row[s.column] ?? null;
    f[name] = s.ref && v !== null ? (guidOf(s.ref, v as number) ?? null) : v;
  }
  return f;
}

/** Every synced thing in the project as it is in its tables (references as GUIDs). */
export function readState(db: DB): ProjectState {
  const state = emptyState();
  const guidsOf = new Map<string, Map<number, string>>();
  const guids = (table: string): Map<number, string> => {
    let m = guidsOf.get(table);
    if (!m) guidsOf.set(table, (m = new Map((db.prepare(`SELECT id, guid FROM ${table}`).all() as { id: number; guid: string }[]).map((r) => [r.id, r.guid]))));
    return m;
  };
  for (const kind of ENTITY_KINDS) {
    const spec = ENTITIES[kind];
    for (const row of db.prepare(`SELECT * FROM ${spec.table}`).all() as Record<string, Scalar>[]) {
      const f = rowFields(kind, row, (k, id) => guids(ENTITIES[k].table).get(id));
      const guid = spec.syntheticGuid ? `${f.document as string}#${row.seq as number}` : (row.guid as string);
      state.entities[kind].set(guid, f);
    }
  }
  for (const rel of LINK_KINDS) {
    const spec = LINKS[rel];
    for (const row of db.prepare(`SELECT * FROM ${spec.table} WHERE ${spec.b.column} IS NOT NULL`).all() as Record<string, Scalar>[]) {
      const a = guids(ENTITIES[spec.a.kind].table).get(row[spec.a.column] as number)!;
      const b = guids(ENTITIES[spec.b.kind].table).get(row[spec.b.column] as number)!;
      const fields: Fields = {};
      for (const [name, s] of Object.entries(spec.fields)) fields[name] = row[s.column] ?? null;
      state.links[rel].set(linkKey(a, b), { a, b, fields });
    }
  }
  return state;
}

/**
 * The project as it stands, as `applyLater` (shared/sync/rules.ts) asks about it: point lookups in
 * the tables, `sync_field_clock` and `sync_tombstones`, and the writes of one field in `sync_ops`
 * (by `p_kind`/`p_guid`/`p_field`, which every operation with a target has).
 */
function appliedView(db: DB): AppliedView {
  const ids = rowIds(db);
  const guidQ = new Map<EntityKind, Statement>();
  const guidOf = (kind: EntityKind, id: number): string | undefined => {
    let q = guidQ.get(kind);
    if (!q) guidQ.set(kind, (q = db.prepare(`SELECT guid FROM ${ENTITIES[kind].table} WHERE id = ?`).pluck()));
    return q.get(id) as string | undefined;
  };
  const clockQ = db.prepare('SELECT hlc FROM sync_field_clock WHERE kind = ? AND guid = ? AND field = ?').pluck();
  const goneQ = db.prepare('SELECT 1 FROM sync_tombstones WHERE guid = ?').pluck();
  const writesQ = db.prepare("SELECT id, hlc, actor, body FROM sync_ops WHERE p_kind = ? AND p_guid = ? AND p_field IN (?, '*') AND hlc IS NOT NULL ORDER BY hlc");
  // a coding collapsed into another (rule 2) has the tombstone of its own making; one of the same document and coder may be this one's
  // (a coding no longer here: any such tombstone at all)
  const absorbQ = db.prepare(
    `SELECT 1 FROM sync_tombstones t JOIN sync_ops o ON o.id = t.hlc WHERE t.kind = 'coding' AND json_extract(o.body, '$.t') = 'create'
       AND (? IS NULL OR (json_extract(o.body, '$.fields.document') = ? AND json_extract(o.body, '$.fields.coder') = ?)) LIMIT 1`,
  );
  const entity = (kind: EntityKind, guid: string): Fields | undefined => {
    const id = ids.get(kind, guid);
    if (id === undefined) return undefined;
    const row = db.prepare(`SELECT * FROM ${ENTITIES[kind].table} WHERE id = ?`).get(id) as Record<string, Scalar> | undefined;
    return row ? rowFields(kind, row, guidOf) : undefined;
  };
  return {
    entity,
    clock: (kind, guid, field) => clockQ.get(kind, guid, field) as string | undefined,
    gone: (guid) => goneQ.get(guid) !== undefined,
    writes(kind, guid, field) {
      const out: Write[] = [];
      for (const r of writesQ.all(kind, guid, field) as OpRow[]) {
        const b = JSON.parse(r.body) as OpBody;
        const base = { hlc: r.hlc, actor: r.actor, clientId: decodeHlc(r.hlc).clientId, opId: r.id };
        if (b.t === 'create' && field in b.fields) out.push({ ...base, value: b.fields[field] ?? null, prev: null, fromCreate: true });
        else if (b.t === 'set' && b.field === field) out.push({ ...base, value: b.value, prev: b.prev, fromCreate: false });
      }
      return out;
    },
    matching(kind, values) {
      const spec = ENTITIES[kind];
      const where: string[] = [];
      const args: Scalar[] = [];
      for (const [name, v] of Object.entries(values)) {
        const s = spec.fields[name]!;
        let arg = v;
        if (s.ref && v !== null) {
          const id = ids.get(s.ref, v as string);
          if (id === undefined) return [];
          arg = id;
        }
        where.push(`${s.column} IS ?`);
        args.push(arg);
      }
      return db.prepare(`SELECT guid FROM ${spec.table} WHERE ${where.join(' AND ')}`).pluck().all(...args) as string[];
    },
    mayAbsorb(codingGuid) {
      const f = entity('coding', codingGuid);
      return absorbQ.get(f?.document ?? null, f?.document ?? null, f?.coder ?? null) !== undefined;
    },
    hasHangers(kind, guid) {
      const id = ids.get(kind, guid);
      if (id === undefined) return false;
      for (const [field, s] of Object.entries(ENTITIES.memo.fields)) if (s.ref === kind && field !== 'coder' && db.prepare(`SELECT 1 FROM memos WHERE ${s.column} = ?`).get(id)) return true;
      for (const rel of LINK_KINDS) {
        const spec = LINKS[rel];
        for (const end of [spec.a, spec.b]) if (end.kind === kind && db.prepare(`SELECT 1 FROM ${spec.table} WHERE ${end.column} = ?`).get(id)) return true;
      }
      return false;
    },
  };
}

const sameFields = (x: Fields, y: Fields): boolean => Object.keys(x).every((k) => x[k] === y[k]) && Object.keys(y).every((k) => k in x);

/** Operation bodies that take `base` to `target` (what `enable` records for changes made while not synced). */
export function diffOps(base: ProjectState, target: ProjectState): OpBody[] {
  const out: OpBody[] = [];
  for (const kind of MAKE_ORDER) {
    const spec = ENTITIES[kind];
    for (const [guid, f] of target.entities[kind]) {
      const was = base.entities[kind].get(guid);
      if (!was) {
        out.push({ t: 'create', kind, guid, fields: { ...f } });
        continue;
      }
      for (const [name, s] of Object.entries(spec.fields)) {
        if (was[name] === f[name] || s.createOnly) continue;
        if (name === spec.parentField) out.push({ t: 'move', kind: kind as 'code' | 'theme', guid, parent: f[name] as string | null, prev: null });
        else out.push({ t: 'set', kind, guid, field: name, value: f[name] ?? null, prev: null });
      }
    }
  }
  for (const rel of LINK_KINDS) {
    for (const [key, l] of target.links[rel]) {
      const was = base.links[rel].get(key);
      if (!was || !sameFields(was.fields, l.fields)) out.push({ t: 'link', rel, a: l.a, b: l.b, fields: { ...l.fields } });
    }
    for (const [key, l] of base.links[rel]) if (!target.links[rel].has(key)) out.push({ t: 'unlink', rel, a: l.a, b: l.b });
  }
  for (const kind of [...MAKE_ORDER].reverse()) for (const guid of base.entities[kind].keys()) if (!target.entities[kind].has(guid)) out.push({ t: 'delete', kind, guid });
  return out;
}

/** Row ids of synced things by GUID, looked up when first needed (a write of a few things reads only those). */
function rowIds(db: DB) {
  const cache = new Map<string, number>();
  const lookups = new Map<EntityKind, (guid: string) => number | undefined>();
  const lookup = (kind: EntityKind) => {
    let f = lookups.get(kind);
    if (!f) {
      const spec = ENTITIES[kind];
      if (spec.syntheticGuid) {
        const q = db.prepare('SELECT t.id FROM turns t JOIN documents d ON d.id = t.document_id WHERE d.guid = ? AND t.seq = ?').pluck();
        f = (guid) => {
          const at = guid.lastIndexOf('#');
          return q.get(guid.slice(0, at), Number(guid.slice(at + 1))) as number | undefined;
        };
      } else {
        const q = db.prepare(`SELECT id FROM ${spec.table} WHERE guid = ?`).pluck();
        f = (guid) => q.get(guid) as number | undefined;
      }
      lookups.set(kind, f);
    }
    return f;
  };
  return {
    get(kind: EntityKind, guid: string): number | undefined {
      const k = `${kind} ${guid}`;
      let id = cache.get(k);
      if (id === undefined) {
        id = lookup(kind)(guid);
        if (id !== undefined) cache.set(k, id);
      }
      return id;
    },
    set(kind: EntityKind, guid: string, id: number) {
      cache.set(`${kind} ${guid}`, id);
    },
  };
}

/**
 * Writes `target` into the project's tables, which hold `current`: inserts, updates and deletes by
 * GUID, keeping row ids. Call inside a transaction with the recorder held off.
 */
export function writeState(db: DB, current: ProjectState, target: ProjectState): void {
  db.pragma('defer_foreign_keys = ON');
  const ids = rowIds(db);
  const refId = (kind: EntityKind, guid: Scalar): number | null => {
    if (guid === null) return null;
    const id = ids.get(kind, guid as string);
    if (id === undefined) throw new Error(`Sync: ${ENTITIES[kind].label} ${String(guid)} is referred to but not in the project`);
    return id;
  };
  const column = (kind: EntityKind, name: string, v: Scalar): Scalar => {
    const s = ENTITIES[kind].fields[name]!;
    return s.ref ? refId(s.ref, v) : v;
  };
  const placeholder = (kind: EntityKind, guid: string): Scalar => (kind === 'coding' ? null : `\u0001${guid}`);
  let codingEnd = 2 ** 40;
  const finals: { kind: EntityKind; guid: string }[] = [];

  for (const kind of MAKE_ORDER) {
    const spec = ENTITIES[kind];
    const unique = kind === 'coding' ? 'end' : spec.uniqueName?.field;
    for (const [guid, f] of target.entities[kind]) {
      const was = current.entities[kind].get(guid);
      if (was && sameFields(was, f)) continue;
      const cols: string[] = [];
      const vals: Scalar[] = [];
      for (const [name, s] of Object.entries(spec.fields)) {
        if (was && (was[name] === f[name] || s.createOnly)) continue;
        if (name === spec.parentField) continue; // after every code / theme is there
        cols.push(s.column);
        vals.push(name === unique ? (kind === 'coding' ? codingEnd++ : placeholder(kind, guid)) : column(kind, name, f[name] ?? null));
      }
      if (unique && !cols.includes(spec.fields[unique]!.column)) {
        cols.push(spec.fields[unique]!.column);
        vals.push(kind === 'coding' ? codingEnd++ : placeholder(kind, guid));
      }
      if (unique) finals.push({ kind, guid });
      if (!was) {
        if (!spec.syntheticGuid) {
          cols.push('guid');
          vals.push(guid);
        }
        const r = db.prepare(`INSERT INTO ${spec.table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...vals);
        ids.set(kind, guid, Number(r.lastInsertRowid));
      } else if (cols.length) {
        db.prepare(`UPDATE ${spec.table} SET ${cols.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`).run(...vals, ids.get(kind, guid)!);
      }
    }
    if (spec.parentField) {
      const col = spec.fields[spec.parentField]!.column;
      for (const [guid, f] of target.entities[kind]) {
        const was = current.entities[kind].get(guid);
        if (was && was[spec.parentField] === f[spec.parentField]) continue;
        db.prepare(`UPDATE ${spec.table} SET ${col} = ? WHERE id = ?`).run(refId(kind, f[spec.parentField] ?? null), ids.get(kind, guid)!);
      }
    }
  }
  for (const kind of [...MAKE_ORDER].reverse()) {
    for (const guid of current.entities[kind].keys()) {
      if (target.entities[kind].has(guid)) continue;
      const id = ids.get(kind, guid);
      if (id !== undefined) db.prepare(`DELETE FROM ${ENTITIES[kind].table} WHERE id = ?`).run(id);
    }
  }
  for (const { kind, guid } of finals) {
    const spec = ENTITIES[kind];
    const name = kind === 'coding' ? 'end' : spec.uniqueName!.field;
    db.prepare(`UPDATE ${spec.table} SET ${spec.fields[name]!.column} = ? WHERE id = ?`).run(target.entities[kind].get(guid)![name] ?? null, ids.get(kind, guid)!);
  }
  for (const rel of LINK_KINDS) {
    const spec = LINKS[rel];
    const where = `${spec.a.column} = ? AND ${spec.b.column} = ?`;
    const ends = (a: string, b: string) => [refId(spec.a.kind, a), refId(spec.b.kind, b)];
    for (const [k, l] of current.links[rel]) {
      if (target.links[rel].has(k)) continue;
      const a = ids.get(spec.a.kind, l.a);
      const b = ids.get(spec.b.kind, l.b);
      if (a !== undefined && b !== undefined) db.prepare(`DELETE FROM ${spec.table} WHERE ${where}`).run(a, b);
    }
    for (const [k, l] of target.links[rel]) {
      const was = current.links[rel].get(k);
      if (was && sameFields(was.fields, l.fields)) continue;
      const cols = Object.values(spec.fields).map((s) => s.column);
      const vals = Object.keys(spec.fields).map((n) => l.fields[n] ?? null);
      if (was) {
        db.prepare(`UPDATE ${spec.table} SET ${cols.map((c) => `${c} = ?`).join(', ')} WHERE ${where}`).run(...vals, ...ends(l.a, l.b));
      } else {
        const all = [spec.a.column, spec.b.column, ...cols];
        db.prepare(`INSERT INTO ${spec.table} (${all.join(', ')}) VALUES (${all.map(() => '?').join(', ')})`).run(...ends(l.a, l.b), ...vals);
      }
    }
  }
}

const NAME_FIELDS = ['name', 'title', 'label'] as const;

export interface SqliteReplica extends Replica {
  /** The coder working in this file (the `actor` of the changes made here, but codings: their coder). */
  setActor(coderGuid: string): void;
  /** Every operation this file holds (local and the server's). */
  allOps(): OpEnvelope[];
}

/** The replica of a project (its connection stays the caller's). */
export function openReplica(db: DB, opts: { incremental?: boolean } = {}): SqliteReplica {
  const incremental = opts.incremental ?? true;
  const linkRow = () =>
    db.prepare('SELECT server_url, project_guid, client_id, last_seq, enabled, actor FROM sync_link WHERE id = 1').get() as
      | { server_url: string; project_guid: string; client_id: string; last_seq: number; enabled: number; actor: string }
      | undefined;
  const allOps = (): OpEnvelope[] => (db.prepare('SELECT id, hlc, actor, body FROM sync_ops WHERE hlc IS NOT NULL ORDER BY hlc').all() as OpRow[]).map(envelope);

  /**
   * Applying the server's operations. The whole log (`reconcile`) gives the project the rules define;
   * when the new operations allow it (`applyLater`, shared/sync/rules.ts, says when), only they are
   * applied onto the tables as they stand — which needs the tables to be what the rules give for
   * every operation held: true after an apply, kept by most local edits (`localNeedsWholeLog`), not
   * known when the file was just opened (`matchedThrough`: the last `sync_ops.seq` they matched).
   */
  let matchedThrough: number | null = null;
  /** Brings the clocks and tombstones up to the local changes since; false when the whole log is needed. */
  const upToDate = (): boolean => {
    if (matchedThrough === null) return false;
    const view = appliedView(db);
    const since = (db.prepare("SELECT id, hlc, actor, body FROM sync_ops WHERE origin = 'local' AND seq > ? AND hlc IS NOT NULL ORDER BY seq").all(matchedThrough) as OpRow[]).map(
      (r) => envelope(r) as Op,
    );
    const effects = afterLocal(view, since);
    if (!effects) return false;
    writeBookkeeping(effects);
    return true;
  };
  /** What an operation is about (`sync_ops.p_*`, as the recorder fills them for local ones). */
  const target = (b: OpBody): { kind: string | null; guid: string | null; field: string | null } =>
    b.t === 'create' || b.t === 'set' || b.t === 'move' || b.t === 'delete'
      ? { kind: b.kind, guid: b.guid, field: b.t === 'create' ? '*' : b.t === 'set' ? b.field : b.t === 'move' ? 'parent' : null }
      : { kind: null, guid: null, field: null };
  let targetsIndexed = false;
  /** Files synced before the server's operations had `p_*` get them (once per open file). */
  const indexTargets = () => {
    if (targetsIndexed) return;
    db.prepare(
      `UPDATE sync_ops SET p_kind = json_extract(body, '$.kind'), p_guid = json_extract(body, '$.guid'),
         p_field = CASE json_extract(body, '$.t') WHEN 'create' THEN '*' WHEN 'set' THEN json_extract(body, '$.field') WHEN 'move' THEN 'parent' END
       WHERE origin = 'remote' AND p_kind IS NULL AND json_extract(body, '$.t') IN ('create', 'set', 'move', 'delete')`,
    ).run();
    targetsIndexed = true;
  };

  /** Writes what `applyLater` gave: the things it touched, their clocks and tombstones. */
  const writeIncrement = (inc: Increment): Pick<Materialized, 'conflicts' | 'notices' | 'fieldClocks'> => {
    db.prepare('INSERT OR IGNORE INTO sync_applying (id) VALUES (1)').run();
    try {
      writeState(db, inc.before, inc.after);
    } finally {
      db.prepare('DELETE FROM sync_applying').run();
    }
    return { conflicts: inc.conflicts, notices: inc.notices, fieldClocks: writeBookkeeping(inc) };
  };
  /** Field clocks and tombstones as `applyLater` / `afterLocal` give them; returns the clocks set. */
  const writeBookkeeping = (e: Pick<Increment, 'clocks' | 'tombstones'>): Map<string, string> => {
    const putClock = db.prepare('INSERT OR REPLACE INTO sync_field_clock (kind, guid, field, hlc) VALUES (?, ?, ?, ?)');
    const dropClock = db.prepare('DELETE FROM sync_field_clock WHERE kind = ? AND guid = ? AND field = ?');
    const fieldClocks = new Map<string, string>();
    for (const [k, hlc] of e.clocks) {
      const [kind, guid, field] = k.split(' ') as [string, string, string];
      if (hlc === null) dropClock.run(kind, guid, field);
      else {
        putClock.run(kind, guid, field, hlc);
        fieldClocks.set(k, hlc);
      }
    }
    const putTomb = db.prepare('INSERT OR REPLACE INTO sync_tombstones (kind, guid, hlc) VALUES (?, ?, ?)');
    for (const [guid, t] of e.tombstones) putTomb.run(t.kind, guid, t.hlc);
    return fieldClocks;
  };

  /** Makes the tables what the rules give for every operation held; returns the rules' result. */
  const reconcile = (): Materialized => {
    const m = materialize(allOps());
    db.prepare('INSERT OR IGNORE INTO sync_applying (id) VALUES (1)').run();
    try {
      writeState(db, readState(db), m);
    } finally {
      db.prepare('DELETE FROM sync_applying').run();
    }
    db.prepare('DELETE FROM sync_field_clock').run();
    const putClock = db.prepare('INSERT INTO sync_field_clock (kind, guid, field, hlc) VALUES (?, ?, ?, ?)');
    for (const [k, hlc] of m.fieldClocks) {
      const [kind, guid, field] = k.split(' ') as [string, string, string];
      putClock.run(kind, guid, field, hlc);
    }
    db.prepare('DELETE FROM sync_tombstones').run();
    const putTomb = db.prepare('INSERT INTO sync_tombstones (kind, guid, hlc) VALUES (?, ?, ?)');
    for (const [guid, t] of m.tombstones) putTomb.run(t.kind, guid, t.hlc);
    return m;
  };

  const recordOps = (bodies: readonly OpBody[], actor: string): void => {
    const put = db.prepare("INSERT INTO sync_ops (origin, actor, body, p_kind, p_guid, p_field) VALUES ('local', ?, ?, ?, ?, ?)");
    for (const b of bodies) {
      const who = b.t === 'create' && b.kind === 'coding' ? (b.fields.coder as string) : actor;
      const pField = b.t === 'create' ? '*' : b.t === 'set' ? b.field : b.t === 'move' ? 'parent' : null;
      const target = b.t === 'create' || b.t === 'set' || b.t === 'move' ? b : null;
      // `prev` of a set or move: filled by the clock trigger from sync_field_clock
      put.run(who, JSON.stringify(b), target?.kind ?? null, target?.guid ?? null, pField);
    }
  };

  const replica: SqliteReplica = {
    link() {
      const r = linkRow();
      if (!r || !r.enabled) return null;
      return { serverUrl: r.server_url, projectGuid: r.project_guid, clientId: r.client_id, lastSeq: r.last_seq };
    },
    enable(link) {
      db.transaction(() => {
        const before = linkRow();
        db.prepare(
          `INSERT INTO sync_link (id, server_url, project_guid, client_id, last_seq, enabled, actor) VALUES (1, ?, ?, ?, ?, 1, ?)
           ON CONFLICT (id) DO UPDATE SET server_url = excluded.server_url, project_guid = excluded.project_guid, client_id = excluded.client_id, last_seq = excluded.last_seq, enabled = 1`,
        ).run(link.serverUrl, link.projectGuid, link.clientId, before && before.project_guid === link.projectGuid ? before.last_seq : 0, before?.actor ?? '');
        // the log must describe the project: what it does not hold yet is recorded now
        recordOps(diffOps(materialize(allOps()), readState(db)), before?.actor ?? '');
      })();
    },
    disable() {
      db.prepare('UPDATE sync_link SET enabled = 0 WHERE id = 1').run();
    },
    setActor(coderGuid) {
      // before the first enable too (a row not yet enabled), so the project recorded by enable has its author
      db.prepare(
        `INSERT INTO sync_link (id, server_url, project_guid, client_id, last_seq, enabled, actor) VALUES (1, '', '', '', 0, 0, ?)
         ON CONFLICT (id) DO UPDATE SET actor = excluded.actor`,
      ).run(coderGuid);
    },
    pending(limit) {
      // a change recorded before this file knew who works in it (the coder's own row, made on first use) is theirs
      const rows = db
        .prepare(
          "SELECT id, hlc, coalesce(nullif(actor, ''), (SELECT actor FROM sync_link WHERE id = 1), '') AS actor, body FROM sync_ops WHERE origin = 'local' AND pushed = 0 AND hlc IS NOT NULL ORDER BY seq LIMIT ?",
        )
        .all(limit ?? -1) as OpRow[];
      return rows.map(envelope);
    },
    pendingCount() {
      return db.prepare("SELECT count(*) FROM sync_ops WHERE origin = 'local' AND pushed = 0").pluck().get() as number;
    },
    markPushed(ids) {
      const mark = db.prepare("UPDATE sync_ops SET pushed = 1 WHERE id = ? AND origin = 'local'");
      db.transaction(() => ids.forEach((id) => mark.run(id)))();
    },
    applyRemote(batch) {
      const link = linkRow();
      if (!link?.enabled) throw new DomainError('VALIDATION', 'This project is not synced: join or publish it first.');
      const parsed: { seq: number; op: Op }[] = batch.map((s, i) => {
        if (!Number.isSafeInteger(s.seq) || s.seq < 1) throw new DomainError('VALIDATION', `Operation ${i + 1} of the server's batch has no valid sequence number.`);
        try {
          return { seq: s.seq, op: parseOp(s.op) };
        } catch (err) {
          throw new DomainError('VALIDATION', (err as Error).message);
        }
      });
      let through: number | null = null;
      const report = db.transaction((): ApplyReport => {
        indexTargets();
        const known = db.prepare('SELECT origin FROM sync_ops WHERE id = ?').pluck();
        const ours = db.prepare("UPDATE sync_ops SET pushed = 1, server_seq = ? WHERE id = ? AND origin = 'local'");
        const put = db.prepare("INSERT INTO sync_ops (id, hlc, origin, actor, body, pushed, server_seq, p_kind, p_guid, p_field) VALUES (?, ?, 'remote', ?, ?, 1, ?, ?, ?, ?)");
        const fresh = new Map<string, { seq: number; op: Op }>();
        let ignored = 0;
        let lastSeq = link.last_seq;
        let newest: string | null = null;
        for (const p of parsed) {
          lastSeq = Math.max(lastSeq, p.seq);
          if (known.get(p.op.id) !== undefined || fresh.has(p.op.id)) {
            ours.run(p.seq, p.op.id);
            ignored++;
            continue;
          }
          fresh.set(p.op.id, p);
          if (newest === null || p.op.hlc > newest) newest = p.op.hlc;
        }
        // decided on the project as it stands, before the new operations are stored
        const increment = incremental && upToDate() ? applyLater(appliedView(db), [...fresh.values()].map((f) => f.op)) : null;
        for (const { seq, op } of fresh.values()) {
          const t = target(op.body);
          put.run(op.id, op.hlc, op.actor, JSON.stringify(op.body), seq, t.kind, t.guid, t.field);
        }
        if (newest !== null) {
          const clock = db.prepare('SELECT wall, counter FROM sync_clock WHERE id = 1').get() as { wall: number; counter: number };
          const next = receive(clock, decodeHlc(newest), Date.now(), link.client_id);
          db.prepare('UPDATE sync_clock SET wall = ?, counter = ? WHERE id = 1').run(next.wall, next.counter);
        }
        db.prepare('UPDATE sync_link SET last_seq = ? WHERE id = 1').run(lastSeq);
        // an empty page: nothing to do (a page of our own operations coming back is applied: the
        // rules may give a little more than the local edit did, e.g. a name freed for a “Name (2)”)
        if (parsed.length === 0) return { applied: 0, ignored: 0, conflicts: 0, notices: [], rebuilt: false };
        const m = increment ? writeIncrement(increment) : reconcile();
        through = db.prepare('SELECT max(seq) FROM sync_ops').pluck().get() as number;
        let conflicts = 0;
        const putConflict = db.prepare(
          'INSERT OR IGNORE INTO sync_conflicts (kind, guid, field, lost_value, lost_by, lost_at, kept_value, kept_by, kept_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        );
        for (const c of m.conflicts) {
          conflicts += putConflict.run(c.kind, c.guid, c.field, JSON.stringify(c.lostValue), c.lostBy, c.lostAt, JSON.stringify(c.keptValue), c.keptBy, c.keptAt).changes;
        }
        let lost = 0;
        for (const { op } of fresh.values()) {
          const b = op.body;
          if (b.t === 'set' && m.fieldClocks.get(fieldKey(b.kind, b.guid, b.field)) !== op.hlc) lost++;
        }
        return {
          applied: fresh.size - lost,
          ignored: ignored + lost,
          conflicts,
          notices: m.notices.filter((n) => fresh.has(n.opId)).map((n) => n.text),
          rebuilt: !increment,
        };
      })();
      if (through !== null) matchedThrough = through; // once committed: a batch that failed left the tables as they were
      return report;
    },
    snapshot: allOps,
    allOps,
    conflicts(opts) {
      const rows = db.prepare(`SELECT * FROM sync_conflicts ${opts?.includeRestored ? '' : 'WHERE restored = 0'} ORDER BY id`).all() as {
        id: number;
        kind: EntityKind;
        guid: string;
        field: string;
        lost_value: string;
        lost_by: string;
        lost_at: string;
        kept_value: string;
        kept_by: string;
        kept_at: string;
        restored: number;
      }[];
      const coderName = db.prepare('SELECT name FROM coders WHERE guid = ?').pluck();
      return rows.map((r): SyncConflict => {
        const spec = ENTITIES[r.kind];
        const nameField = NAME_FIELDS.find((f) => f in spec.fields);
        const entityName = nameField ? ((db.prepare(`SELECT ${spec.fields[nameField]!.column} FROM ${spec.table} WHERE guid = ?`).pluck().get(r.guid) as string | undefined) ?? '') : '';
        const when = (hlc: string) => new Date(decodeHlc(hlc).wall).toISOString();
        return {
          id: r.id,
          kind: r.kind,
          guid: r.guid,
          entityName,
          field: r.field,
          lostValue: JSON.parse(r.lost_value) as unknown,
          lostBy: (coderName.get(r.lost_by) as string | undefined) ?? r.lost_by,
          lostAt: when(r.lost_at),
          keptValue: JSON.parse(r.kept_value) as unknown,
          keptBy: (coderName.get(r.kept_by) as string | undefined) ?? r.kept_by,
          keptAt: when(r.kept_at),
          restored: r.restored === 1,
        };
      });
    },
    diverged() {
      const r = linkRow();
      if (!r?.enabled || !r.client_id) return null;
      // its own operations came back as the server's: they were sent from this file, which no longer holds them
      const back = db.prepare("SELECT 1 FROM sync_ops WHERE origin = 'remote' AND substr(hlc, -?) = ? LIMIT 1").get(r.client_id.length + 1, `-${r.client_id}`);
      return back
        ? 'This file is an older copy of a synced project (restored from a backup, or copied): changes it had sent came back from the team server. ' +
            'Weft does not send its changes, which could be confused with the ones sent before; the team’s changes still come in. ' +
            'Join the project again into a new file and make the changes made here since the copy there.'
        : null;
    },
    conflictCount() {
      return db.prepare('SELECT count(*) FROM sync_conflicts WHERE restored = 0').pluck().get() as number;
    },
    changeMark() {
      return `${db.prepare('SELECT total_changes()').pluck().get() as number}:${db.pragma('data_version', { simple: true }) as number}`;
    },
    restore(conflictId) {
      const c = db.prepare('SELECT kind, guid, field, lost_value FROM sync_conflicts WHERE id = ?').get(conflictId) as
        | { kind: EntityKind; guid: string; field: string; lost_value: string }
        | undefined;
      if (!c) throw new DomainError('NOT_FOUND', `There is no conflict ${conflictId} in this project.`);
      const spec = ENTITIES[c.kind];
      const s = spec.fields[c.field]!;
      db.transaction(() => {
        const r = db.prepare(`UPDATE ${spec.table} SET ${s.column} = ? WHERE guid = ?`).run(JSON.parse(c.lost_value) as Scalar, c.guid);
        if (r.changes === 0) throw new DomainError('NOT_FOUND', `The ${spec.label} of this conflict is no longer in the project.`);
        db.prepare('UPDATE sync_conflicts SET restored = 1 WHERE id = ?').run(conflictId);
      })();
    },
  };
  return replica;
}

/**
 * A copy of a project file (a coder's set, a pseudonymised copy) is a new project: it is not synced
 * and keeps no change log (a copy that syncs must join). Call first, inside the copy's transaction.
 */
export function forgetSync(db: DB): void {
  for (const t of ['sync_link', 'sync_ops', 'sync_field_clock', 'sync_conflicts', 'sync_tombstones', 'sync_applying']) db.prepare(`DELETE FROM ${t}`).run();
}

/** A new client id (one per file that joins or publishes). */
export const newClientId = (): string => randomUUID().replace(/-/g, '').slice(0, 16);

/**
 * A restored backup of a synced file goes on as a new replica: a new client id, so what it makes
 * from now on can never be taken for what the file sent after the backup was made (that comes back
 * from the server, like the team's changes). Call on the restored copy before it is opened.
 */
export function renewReplicaId(db: DB): void {
  const synced = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sync_link'").get();
  if (synced) db.prepare("UPDATE sync_link SET client_id = ? WHERE id = 1 AND client_id <> ''").run(newClientId());
}

/**
 * Join: a new project file at `path` holding what the server's operations define, synced to it
 * (the project's GUID becomes the server's). Refuses an existing file; a bad operation leaves no file.
 */
export function createProjectFromOps(
  path: string,
  opts: { name: string; serverUrl: string; projectGuid: string; clientId?: string; actor?: string; ops: readonly SequencedOp[] },
): DB {
  const db = createProjectFile(path, opts.name);
  try {
    db.prepare("UPDATE project_meta SET value = ? WHERE key = 'guid'").run(opts.projectGuid);
    const replica = openReplica(db);
    replica.enable({ serverUrl: opts.serverUrl, projectGuid: opts.projectGuid, clientId: opts.clientId ?? newClientId() });
    if (opts.actor) replica.setActor(opts.actor);
    replica.applyRemote(opts.ops);
    return db;
  } catch (err) {
    db.close();
    for (const f of [path, `${path}-wal`, `${path}-shm`]) rmSync(f, { force: true });
    throw err;
  }
}
