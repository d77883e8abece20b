/**
 * The merge rules of a synced project (issue 17), decided once, here. `materialize(ops)` gives the
 * project that a set of operations defines: the same whatever order the operations arrived in
 * (they are read in clock order; duplicates count once). Replicas (electron/services/sync/replica.ts)
 * make their tables equal to it; the server uses it for its view; the tests compare both with it.
 *
 * The rules (README "Merge rules when syncing" says them in plain words):
 * 1. A thing exists when its latest `create` is later than its latest `delete` (undo brings a thing
 *    back by creating it again). Changing a field never brings a deleted thing back.
 * 2. Codings are a set keyed by GUID: two coders coding the same span keep both codings. Only two
 *    codings of one coder, one code and one span (made apart, or brought together by a code merge)
 *    collapse into the earliest; what referred to the other refers to it.
 * 3. A coding removed by one and adjusted by another stays removed; the adjustment is reported.
 * 4. Fields are last-writer-wins by clock. A write that no later writer had seen (its clock is no
 *    later write's `prev`) and that lost is kept in the conflict list (names, definitions, colours,
 *    memos…: the fields marked `conflicts` in ops.ts), with the value that won.
 *    4a. A coding's passage stays whole: adjustments that crossed (one moved the start past where
 *    another put the end) leave the later adjustment's passage (`keepSpanWhole`).
 * 5. `mergeCode`: everything that refers to the merged code — also codings, sub-codes, theme links
 *    and memos that arrive later from someone who had not seen the merge — refers to the code it
 *    was merged into (following chains). A merge that would close a loop of merges (A into B here,
 *    B into A elsewhere) is ignored: the earlier one stands. Re-creating the merged code (undo)
 *    ends the merge.
 * 6. Deleting a thing takes what hangs off it (as the project's tables do): a code's sub-codes and
 *    codings, a theme's sub-themes, a document's codings, speakers, turns; memos with what they are
 *    about; links with either end. A coding on a deleted code is deleted.
 * 7. Moves of codes and themes are replayed in clock order; a move that would put a code under
 *    itself (two crossing moves) is not made: the earlier move stands, the later one is reported.
 * 8. Names that must be unique (codes and themes among siblings, cases, coders, attributes,
 *    speakers in a document) but were given twice by two replicas: the name written first keeps
 *    it, the other is shown as “Name (2)” (“(3)”…) until someone renames it.
 * 9. Document texts are given when a document is made and never change (ops.ts refuses a change).
 * 10. Links (theme ↔ code and quote, set members, document ↔ case, attribute values) exist when
 *    their latest `link` is later than their latest `unlink`; the latest `link` gives their fields.
 */
import { ENTITIES, ENTITY_KINDS, LINKS, LINK_KINDS, parseOp, type EntityKind, type LinkKind, type Op, type Scalar } from './ops.js';
import type { HlcString, OpEnvelope } from './protocol.js';

export type Fields = Record<string, Scalar>;

export interface LinkState {
  a: string;
  b: string;
  fields: Fields;
}

export interface Conflict {
  kind: EntityKind;
  guid: string;
  field: string;
  lostValue: Scalar;
  lostBy: string;
  lostAt: HlcString;
  keptValue: Scalar;
  keptBy: string;
  keptAt: HlcString;
}

export interface Notice {
  /** The operation the notice is about (an apply reports the notices of the operations it brought). */
  opId: string;
  text: string;
}

export interface ProjectState {
  /** kind → GUID → fields (references as GUIDs). */
  entities: Record<EntityKind, Map<string, Fields>>;
  /** link kind → `a b` → link. */
  links: Record<LinkKind, Map<string, LinkState>>;
}

export interface Materialized extends ProjectState {
  conflicts: Conflict[];
  notices: Notice[];
  /** `kind guid field` → clock of the winning write (what a local edit names as `prev`); field `*`: when it was made. */
  fieldClocks: Map<string, HlcString>;
  /** GUIDs that existed once and do not now, with the clock of their last delete (or merge). */
  tombstones: Map<string, { kind: EntityKind; hlc: HlcString }>;
  /** Merged code → the code it now is. */
  codeAliases: Map<string, string>;
}

export const emptyState = (): ProjectState => ({
  entities: Object.fromEntries(ENTITY_KINDS.map((k) => [k, new Map()])) as Record<EntityKind, Map<string, Fields>>,
  links: Object.fromEntries(LINK_KINDS.map((k) => [k, new Map()])) as Record<LinkKind, Map<string, LinkState>>,
});

export const linkKey = (a: string, b: string): string => `${a} ${b}`;
export const fieldKey = (kind: EntityKind, guid: string, field: string): string => `${kind} ${guid} ${field}`;

/** One write of one field: a `set` (or `move`), or the value a `create` gave it. */
export interface Write {
  hlc: HlcString;
  value: Scalar;
  actor: string;
  clientId: string;
  prev: HlcString | null;
  fromCreate: boolean;
  opId: string;
}

interface EntityLog {
  kind: EntityKind;
  guid: string;
  lastCreate: Op | null;
  lastDelete: Op | null;
  writes: Map<string, Write[]>;
  parentWrites: Write[];
  sets: Op[];
}

/** The project the operations define, with the conflict list and the notices. Throws on a malformed operation. */
export function materialize(input: readonly OpEnvelope[]): Materialized {
  const byId = new Map<string, Op>();
  for (const raw of input) {
    const op = parseOp(raw);
    if (!byId.has(op.id)) byId.set(op.id, op);
  }
  const ops = [...byId.values()].sort((x, y) => (x.hlc < y.hlc ? -1 : x.hlc > y.hlc ? 1 : 0));

  const logs = new Map<string, EntityLog>();
  const logOf = (kind: EntityKind, guid: string): EntityLog => {
    const key = `${kind} ${guid}`;
    let l = logs.get(key);
    if (!l) logs.set(key, (l = { kind, guid, lastCreate: null, lastDelete: null, writes: new Map(), parentWrites: [], sets: [] }));
    return l;
  };
  const linkLast = new Map<string, { rel: LinkKind; op: Op }>();
  const merges: Op[] = [];
  const notices: Notice[] = [];

  for (const op of ops) {
    const b = op.body;
    const w = (value: Scalar, prev: HlcString | null, fromCreate: boolean): Write => ({ hlc: op.hlc, value, actor: op.actor, clientId: op.clientId, prev, fromCreate, opId: op.id });
    switch (b.t) {
      case 'create': {
        const l = logOf(b.kind, b.guid);
        l.lastCreate = op;
        const spec = ENTITIES[b.kind];
        for (const [f, v] of Object.entries(b.fields)) {
          if (f === spec.parentField) l.parentWrites.push(w(v, null, true));
          else push(l.writes, f, w(v, null, true));
        }
        break;
      }
      case 'set': {
        const l = logOf(b.kind, b.guid);
        push(l.writes, b.field, w(b.value, b.prev, false));
        l.sets.push(op);
        break;
      }
      case 'move': {
        const l = logOf(b.kind, b.guid);
        l.parentWrites.push(w(b.parent, b.prev, false));
        l.sets.push(op);
        break;
      }
      case 'delete':
        logOf(b.kind, b.guid).lastDelete = op;
        break;
      case 'link':
      case 'unlink':
        linkLast.set(`${b.rel} ${linkKey(b.a, b.b)}`, { rel: b.rel, op });
        break;
      case 'mergeCode':
        merges.push(op);
        break;
    }
  }

  // Rule 5: code merges, in clock order, loops refused.
  const codeAliases = new Map<string, string>();
  const mergeHlc = new Map<string, HlcString>();
  const resolveCode = (g: string): string => {
    const seen = new Set<string>();
    let cur = g;
    while (codeAliases.has(cur) && !seen.has(cur)) {
      seen.add(cur);
      cur = codeAliases.get(cur)!;
    }
    return cur;
  };
  for (const op of merges) {
    const b = op.body as Extract<Op['body'], { t: 'mergeCode' }>;
    const created = logs.get(`code ${b.from}`)?.lastCreate;
    if (created && created.hlc > op.hlc) continue; // re-created after the merge (undo)
    if (resolveCode(b.into) === b.from) {
      notices.push({ opId: op.id, text: 'Two codes were merged into each other on different machines; the earlier merge stands.' });
      continue;
    }
    codeAliases.set(b.from, b.into);
    mergeHlc.set(b.from, op.hlc);
  }

  const alive = (l: EntityLog | undefined): boolean => {
    if (!l?.lastCreate) return false;
    if (l.lastDelete && l.lastDelete.hlc > l.lastCreate.hlc) return false;
    if (l.kind === 'code' && codeAliases.has(l.guid)) return false;
    return true;
  };

  // Rule 4: last writer wins per field.
  const winner = (ws: readonly Write[] | undefined): Write | undefined => ws?.[ws.length - 1];
  const raw = new Map<string, Fields>();
  const fieldClocks = new Map<string, HlcString>();
  const conflicts: Conflict[] = [];
  for (const l of logs.values()) {
    if (!alive(l)) continue;
    const spec = ENTITIES[l.kind];
    const fields: Fields = {};
    const won = new Map<string, Write>();
    for (const f of Object.keys(spec.fields)) {
      if (f === spec.parentField) continue;
      const ws = l.writes.get(f);
      const win = winner(ws);
      fields[f] = win ? win.value : null;
      if (win) {
        fieldClocks.set(fieldKey(l.kind, l.guid, f), win.hlc);
        won.set(f, win);
      }
      if (spec.fields[f]!.conflicts && ws && win) conflicts.push(...lostUnseen(l.kind, l.guid, f, ws, win));
    }
    if (spec.span) keepSpanWhole(l, spec.span, fields, won);
    raw.set(`${l.kind} ${l.guid}`, fields);
  }

  /**
   * Rule 4a: a passage (a coding's start and end) is one value. Start and end are written
   * separately (an adjustment records only what it changed), so two adjustments that crossed can
   * leave the latest start at or after the latest end. Then the later of the two writes stands, and
   * the other end of the passage is its latest write that makes a passage with it (the value that
   * writer saw is one, being earlier); with none, the passage is the one the thing was made with.
   * The write left out is reported.
   */
  function keepSpanWhole(l: EntityLog, span: { start: string; end: string }, fields: Fields, won: Map<string, Write>): void {
    const valid = (s: Scalar, e: Scalar) => typeof s === 'number' && typeof e === 'number' && s >= 0 && e > s;
    if (valid(fields[span.start]!, fields[span.end]!)) return;
    const ws = won.get(span.start);
    const we = won.get(span.end);
    if (!ws || !we) return;
    const [kept, other, otherField] = ws.hlc > we.hlc ? [ws, we, span.end] : [we, ws, span.start];
    const pair = (v: Scalar) => (otherField === span.end ? valid(kept.value, v) : valid(v, kept.value));
    const pick = [...(l.writes.get(otherField) ?? [])].reverse().find((x) => pair(x.value));
    if (pick) {
      fields[otherField] = pick.value;
      fieldClocks.set(fieldKey(l.kind, l.guid, otherField), pick.hlc);
    } else {
      const made = (l.lastCreate!.body as Extract<Op['body'], { t: 'create' }>).fields;
      for (const f of [span.start, span.end]) {
        fields[f] = made[f] ?? null;
        fieldClocks.set(fieldKey(l.kind, l.guid, f), l.lastCreate!.hlc);
      }
    }
    for (const lost of pick ? [other] : [other, kept]) {
      if (!lost.fromCreate) notices.push({ opId: lost.opId, text: `Two adjustments of one ${ENTITIES[l.kind].label}’s passage crossed; the later one stands.` });
    }
  }

  // Rule 7: moves replayed in clock order; one that would close a loop is not made.
  const parents = new Map<string, string | null>();
  for (const kind of ['code', 'theme'] as const) {
    const moves: { l: EntityLog; w: Write }[] = [];
    for (const l of logs.values()) if (l.kind === kind && alive(l)) for (const w of l.parentWrites) moves.push({ l, w });
    moves.sort((x, y) => (x.w.hlc < y.w.hlc ? -1 : x.w.hlc > y.w.hlc ? 1 : 0));
    const parentOf = new Map<string, string | null>();
    const res = (g: string | null): string | null => (g === null ? null : kind === 'code' ? resolveCode(g) : g);
    for (const { l, w } of moves) {
      const target = res(w.value as string | null);
      let cur = target;
      const seen = new Set<string>();
      let loop = false;
      while (cur !== null && !seen.has(cur)) {
        if (cur === l.guid) {
          loop = true;
          break;
        }
        seen.add(cur);
        cur = res(parentOf.get(cur) ?? null);
      }
      if (loop) {
        if (!w.fromCreate) notices.push({ opId: w.opId, text: `A ${ENTITIES[kind].label} move that would have put it inside itself was not made (someone else moved the other way).` });
        continue;
      }
      parentOf.set(l.guid, w.value as string | null);
      fieldClocks.set(fieldKey(kind, l.guid, 'parent'), w.hlc);
    }
    for (const [g, p] of parentOf) parents.set(`${kind} ${g}`, res(p));
  }

  // Rule 6: existence, with what hangs off deleted things.
  const memo = new Map<string, boolean>();
  const exists = (kind: EntityKind, g: string | null): boolean => {
    if (g === null) return false;
    const key = `${kind} ${g}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    memo.set(key, false); // a loop (should not happen after rule 7) counts as not existing
    let ok = raw.has(key);
    if (ok) {
      const f = raw.get(key)!;
      if (kind === 'code' || kind === 'theme') {
        const p = parents.get(key) ?? null;
        ok = p === null || exists(kind, p);
      } else if (kind === 'coding') {
        ok = exists('document', f.document as string) && exists('coder', f.coder as string) && exists('code', resolveCode(f.code as string));
      } else if (kind === 'speaker' || kind === 'turn') {
        ok = exists('document', f.document as string);
      } else if (kind === 'memo') {
        const targets = (['document', 'code', 'theme', 'coding', 'case'] as const).filter((t) => f[t] !== null);
        ok = targets.every((t) => exists(t, t === 'code' ? resolveCode(f[t] as string) : (f[t] as string)));
      }
    }
    memo.set(key, ok);
    return ok;
  };

  const state = emptyState();
  const ent = state.entities;
  const dropped: { s: Op; del: Op }[] = [];
  const tombstones = new Map<string, { kind: EntityKind; hlc: HlcString }>();
  for (const l of logs.values()) {
    const key = `${l.kind} ${l.guid}`;
    if (raw.has(key) && exists(l.kind, l.guid)) {
      const f = { ...raw.get(key)! };
      const spec = ENTITIES[l.kind];
      if (spec.parentField) f[spec.parentField] = parents.get(key) ?? null;
      state.entities[l.kind].set(l.guid, f);
      fieldClocks.set(fieldKey(l.kind, l.guid, '*'), l.lastCreate!.hlc);
    } else if (l.lastCreate) {
      const hlc = l.lastDelete?.hlc ?? mergeHlc.get(l.guid) ?? l.lastCreate.hlc;
      tombstones.set(l.guid, { kind: l.kind, hlc });
    }
    // Rule 3: adjustments to a removed coding are dropped and reported.
    if (l.kind === 'coding' && l.lastDelete && !alive(l)) {
      const del = l.lastDelete;
      for (const s of l.sets) {
        if (s.clientId !== del.clientId) dropped.push({ s, del });
      }
    }
  }

  // Rule 2: codings collapse only when one coder has one code on one span twice; references follow.
  const codingAlias = new Map<string, string>();
  const createdAt = (kind: EntityKind, g: string): HlcString => logs.get(`${kind} ${g}`)!.lastCreate!.hlc;
  const spans = new Map<string, string[]>();
  for (const [g, f] of state.entities.coding) {
    f.code = resolveCode(f.code as string);
    const k = JSON.stringify([f.document, f.code, f.coder, f.start, f.end]);
    push(spans, k, g);
  }
  for (const group of spans.values()) {
    if (group.length < 2) continue;
    group.sort((x, y) => cmp(createdAt('coding', x), createdAt('coding', y)) || cmp(x, y));
    for (const g of group.slice(1)) {
      codingAlias.set(g, group[0]!);
      state.entities.coding.delete(g);
      tombstones.set(g, { kind: 'coding', hlc: createdAt('coding', g) });
    }
  }
  const resolveCoding = (g: string): string => codingAlias.get(g) ?? g;

  // References: merged codes, collapsed codings, things gone (nullable references become empty).
  for (const f of ent.memo.values()) {
    if (f.code !== null) f.code = resolveCode(f.code as string);
    if (f.coding !== null) f.coding = resolveCoding(f.coding as string);
    if (f.coder !== null && !ent.coder.has(f.coder as string)) f.coder = null;
  }
  for (const f of ent.document.values()) if (f.createdBy !== null && !ent.coder.has(f.createdBy as string)) f.createdBy = null;
  for (const f of ent.speaker.values()) if (f.case !== null && !ent.case.has(f.case as string)) f.case = null;
  for (const f of ent.turn.values()) if (f.speaker !== null && !ent.speaker.has(f.speaker as string)) f.speaker = null;

  // Rule 10: links.
  const linkWin = new Map<string, HlcString>();
  for (const { rel, op } of linkLast.values()) {
    const b = op.body;
    if (b.t !== 'link') continue;
    const spec = LINKS[rel];
    const res = (kind: EntityKind, g: string) => (kind === 'code' ? resolveCode(g) : kind === 'coding' ? resolveCoding(g) : g);
    const a = res(spec.a.kind, b.a);
    const bb = res(spec.b.kind, b.b);
    if (!ent[spec.a.kind].has(a) || !ent[spec.b.kind].has(bb)) continue;
    const key = linkKey(a, bb);
    const before = linkWin.get(`${rel} ${key}`);
    if (before !== undefined && before > op.hlc) continue;
    linkWin.set(`${rel} ${key}`, op.hlc);
    state.links[rel].set(key, { a, b: bb, fields: { ...b.fields } });
  }

  // Rule 8: unique names — written first keeps it.
  for (const kind of ENTITY_KINDS) {
    const u = ENTITIES[kind].uniqueName;
    if (!u) continue;
    const rows = [...ent[kind].entries()].map(([g, f]) => ({ g, f, at: fieldClocks.get(fieldKey(kind, g, u.field)) ?? '' }));
    rows.sort((x, y) => cmp(x.at, y.at) || cmp(x.g, y.g));
    const taken = new Set<string>();
    for (const { f } of rows) {
      const scope = JSON.stringify(u.within.map((w) => f[w]));
      const name = f[u.field] as string;
      let chosen = name;
      for (let n = 2; taken.has(`${scope} ${chosen}`); n++) chosen = `${name} (${n})`;
      taken.add(`${scope} ${chosen}`);
      f[u.field] = chosen;
    }
  }

  for (const { s, del } of dropped) notices.push({ opId: s.id, text: `An adjustment by ${who(s.actor)} to a coding ${who(del.actor)} removed was dropped: the coding stays removed.` });
  function who(actor: string): string {
    const name = ent.coder.get(actor)?.name;
    return typeof name === 'string' ? name : 'someone';
  }
  const existingConflicts = conflicts.filter((c) => ent[c.kind].has(c.guid)).sort((x, y) => cmp(x.lostAt, y.lostAt) || cmp(x.field, y.field));
  return { ...state, conflicts: existingConflicts, notices, fieldClocks, tombstones, codeAliases };
}

/** Rule 4's conflict list for one field: the writes that lost to `win` unseen (no later write names them as `prev`). */
function lostUnseen(kind: EntityKind, guid: string, field: string, ws: readonly Write[], win: Write): Conflict[] {
  const seen = new Set(ws.map((x) => x.prev));
  const out: Conflict[] = [];
  for (const lost of ws) {
    if (lost.hlc === win.hlc || lost.fromCreate || seen.has(lost.hlc) || sameScalar(lost.value, win.value)) continue;
    out.push({ kind, guid, field, lostValue: lost.value, lostBy: lost.actor, lostAt: lost.hlc, keptValue: win.value, keptBy: win.actor, keptAt: win.hlc });
  }
  return out;
}

/** What `applyLater` asks of the project as it stands (the replica answers from its tables). */
export interface AppliedView {
  /** A thing in the project (references as GUIDs), or undefined. */
  entity(kind: EntityKind, guid: string): Fields | undefined;
  /** As `Materialized.fieldClocks` (field `*`: when the thing was made), or undefined. */
  clock(kind: EntityKind, guid: string, field: string): HlcString | undefined;
  /** Whether the GUID has a tombstone (deleted, merged, collapsed). */
  gone(guid: string): boolean;
  /** Every write of one field held so far (values given by `create`s too), in clock order. */
  writes(kind: EntityKind, guid: string, field: string): Write[];
  /** GUIDs of the things of `kind` whose fields equal `values` (references as GUIDs). */
  matching(kind: EntityKind, values: Fields): string[];
  /** Whether another coding may have collapsed into this one (rule 2: it would come back if this one changed). */
  mayAbsorb(codingGuid: string): boolean;
  /** Whether memos or links hang off this thing. */
  hasHangers(kind: EntityKind, guid: string): boolean;
}

/** What `applyLater` changes: the things it touched before and after (absent: not in the project). */
export interface Increment {
  before: ProjectState;
  after: ProjectState;
  /** Field clocks touched: the new clock, or null (the thing is gone). */
  clocks: Map<string, HlcString | null>;
  tombstones: Map<string, { kind: EntityKind; hlc: HlcString }>;
  conflicts: Conflict[];
  notices: Notice[];
}

/**
 * The rules applied to new operations on top of the project as it stands, without reading the
 * whole log — or null when these operations need the whole log (`materialize`). The result is
 * the one `materialize` gives for the whole log (incremental.test.ts compares them on real files).
 *
 * The condition, per operation (in clock order): it is later than everything already applied to
 * the thing it changes (so last-writer-wins makes it win, whatever arrived before), and it touches
 * no rule that weighs several things against each other in clock order. So: `create` of a thing
 * never seen (no clock, no tombstone) whose references are all in the project, not a coding equal
 * to another of its coder (rule 2), not a name already shown among its siblings (rule 8); `set` of a
 * field of a thing in the project, later than its clock and its making, not a unique name (rule 8),
 * not a passage that would cross (rule 4a) or equal another coding (rule 2), not on a coding another
 * was collapsed into; `delete` of a memo, or of a coding with nothing hanging off it. Moves, merges
 * and links (rules 5, 7, 10) always take the whole log. An operation older than what is applied to
 * its thing does too: last-writer-wins, conflicts and undo (rule 1) need every write in order.
 * References from operations held before a thing was made cannot exist (the server hands out
 * operations in the order they arrived, after what they refer to).
 */
export function applyLater(view: AppliedView, fresh: readonly Op[]): Increment | null {
  const ops = [...fresh].sort((x, y) => cmp(x.hlc, y.hlc));
  const before = emptyState();
  const after = emptyState();
  const overlay = new Map<string, Fields | null>();
  const clocks = new Map<string, HlcString | null>();
  const tombstones = new Map<string, { kind: EntityKind; hlc: HlcString }>();
  const freshWrites = new Map<string, Write[]>();
  const touchedBy = new Map<string, Set<string>>(); // `kind guid` → clients of the fresh operations on it
  const madeHere = new Set<string>();
  const k = (kind: EntityKind, guid: string) => `${kind} ${guid}`;
  const get = (kind: EntityKind, guid: string): Fields | undefined => {
    const key = k(kind, guid);
    return overlay.has(key) ? (overlay.get(key) ?? undefined) : view.entity(kind, guid);
  };
  const put = (kind: EntityKind, guid: string, f: Fields | null) => {
    const key = k(kind, guid);
    if (!overlay.has(key)) {
      const was = view.entity(kind, guid);
      if (was) before.entities[kind].set(guid, was);
    }
    overlay.set(key, f);
    if (f) after.entities[kind].set(guid, f);
    else after.entities[kind].delete(guid);
  };
  const clockOf = (kind: EntityKind, guid: string, field: string) => {
    const key = fieldKey(kind, guid, field);
    return clocks.has(key) ? (clocks.get(key) ?? undefined) : view.clock(kind, guid, field);
  };
  const matches = (kind: EntityKind, values: Fields, except: string): boolean => {
    const same = (f: Fields) => Object.entries(values).every(([n, v]) => f[n] === v);
    if (view.matching(kind, values).some((g) => g !== except && !overlay.has(k(kind, g)))) return true;
    for (const [key, f] of overlay) if (f && key.startsWith(`${kind} `) && key !== k(kind, except) && same(f)) return true;
    return false;
  };
  const refsThere = (kind: EntityKind, f: Fields, names: readonly string[]) =>
    names.every((n) => {
      const r = ENTITIES[kind].fields[n]!.ref;
      return !r || f[n] === null || get(r, f[n] as string) !== undefined;
    });
  const codingKey = (f: Fields): Fields => ({ document: f.document!, code: f.code!, coder: f.coder!, start: f.start!, end: f.end! });
  const validSpan = (kind: EntityKind, f: Fields) => {
    const sp = ENTITIES[kind].span;
    if (!sp) return true;
    const [st, en] = [f[sp.start], f[sp.end]];
    return typeof st === 'number' && typeof en === 'number' && st >= 0 && en > st;
  };

  for (const op of ops) {
    const b = op.body;
    const w = (value: Scalar, fromCreate: boolean): Write => ({ hlc: op.hlc, value, actor: op.actor, clientId: op.clientId, prev: b.t === 'set' ? b.prev : null, fromCreate, opId: op.id });
    if (b.t === 'create') {
      const spec = ENTITIES[b.kind];
      if (spec.syntheticGuid || get(b.kind, b.guid) !== undefined || clockOf(b.kind, b.guid, '*') !== undefined || view.gone(b.guid) || tombstones.has(b.guid)) return null;
      const f: Fields = { ...b.fields };
      if (!refsThere(b.kind, f, Object.keys(spec.fields)) || !validSpan(b.kind, f)) return null;
      if (b.kind === 'coding' && matches('coding', codingKey(f), b.guid)) return null;
      const u = spec.uniqueName;
      if (u && matches(b.kind, Object.fromEntries([u.field, ...u.within].map((n) => [n, f[n] ?? null])), b.guid)) return null;
      put(b.kind, b.guid, f);
      for (const name of Object.keys(spec.fields)) {
        clocks.set(fieldKey(b.kind, b.guid, name), op.hlc);
        push(freshWrites, fieldKey(b.kind, b.guid, name), w(f[name] ?? null, true));
      }
      clocks.set(fieldKey(b.kind, b.guid, '*'), op.hlc);
      madeHere.add(k(b.kind, b.guid));
    } else if (b.t === 'set') {
      const spec = ENTITIES[b.kind];
      const cur = get(b.kind, b.guid);
      const at = clockOf(b.kind, b.guid, b.field);
      const made = clockOf(b.kind, b.guid, '*');
      if (!cur || at === undefined || made === undefined || op.hlc <= at || op.hlc <= made) return null;
      if (spec.uniqueName?.field === b.field) return null;
      const f: Fields = { ...cur, [b.field]: b.value };
      if (!refsThere(b.kind, f, [b.field])) return null;
      if (b.kind === 'coding' && ['code', 'start', 'end'].includes(b.field)) {
        if (view.mayAbsorb(b.guid) || matches('coding', codingKey(f), b.guid)) return null;
        // the passage's other end must be its own latest write (not one rule 4a chose) and make a passage with it
        const sp = spec.span!;
        if (b.field === sp.start || b.field === sp.end) {
          const other = b.field === sp.start ? sp.end : sp.start;
          const fw = freshWrites.get(fieldKey(b.kind, b.guid, other)) ?? [];
          if (!validSpan(b.kind, f)) return null;
          if (!madeHere.has(k(b.kind, b.guid)) && !spanEndIsItsOwn(view, b.kind, b.guid, other, fw, clockOf(b.kind, b.guid, other))) return null;
        }
      }
      put(b.kind, b.guid, f);
      clocks.set(fieldKey(b.kind, b.guid, b.field), op.hlc);
      push(freshWrites, fieldKey(b.kind, b.guid, b.field), w(b.value, false));
    } else if (b.t === 'delete') {
      const cur = get(b.kind, b.guid);
      const made = clockOf(b.kind, b.guid, '*');
      if (!cur || made === undefined || op.hlc <= made || (b.kind !== 'memo' && b.kind !== 'coding')) return null;
      // rule 3 would report a fresh adjustment by someone else; rule 2 would bring back a coding collapsed into it
      if ([...(touchedBy.get(k(b.kind, b.guid)) ?? [])].some((c) => c !== op.clientId) || view.hasHangers(b.kind, b.guid)) return null;
      if (b.kind === 'coding' && view.mayAbsorb(b.guid)) return null;
      for (const [key, f] of overlay) if (f && key.startsWith('memo ') && f.coding === b.guid) return null;
      put(b.kind, b.guid, null);
      for (const name of [...Object.keys(ENTITIES[b.kind].fields), '*']) clocks.set(fieldKey(b.kind, b.guid, name), null);
      tombstones.set(b.guid, { kind: b.kind, hlc: op.hlc });
    } else {
      return null;
    }
    touchedBy.set(k(b.kind, b.guid), new Set([...(touchedBy.get(k(b.kind, b.guid)) ?? []), op.clientId]));
  }

  // Rule 4's conflict list for the fields written, against their final winner (what materialize lists).
  const conflicts: Conflict[] = [];
  for (const [key, fw] of freshWrites) {
    const [kind, guid, field] = key.split(' ') as [EntityKind, string, string];
    if (!ENTITIES[kind].fields[field]!.conflicts || !get(kind, guid) || fw.every((x) => x.fromCreate)) continue;
    const ws = [...(madeHere.has(`${kind} ${guid}`) ? [] : view.writes(kind, guid, field)), ...fw];
    conflicts.push(...lostUnseen(kind, guid, field, ws, ws[ws.length - 1]!));
  }
  return { before, after, clocks, tombstones, conflicts, notices: [] };
}

/**
 * A change made here (recorded since the tables last matched the rules), which the tables already
 * hold: what it does to the field clocks and tombstones (the recorder keeps only some), or null
 * when it may leave the tables short of what the rules give for the whole log — then the next
 * apply takes the whole log. A local change is later than everything held, so it wins as the
 * tables have it, except where a rule weighs several things: a freed unique name (rule 8: a
 * “Name (2)” becomes “Name”), a coding another was collapsed into (rule 2), a passage rule 4a chose,
 * merges (rule 5), a thing made again (undo) or deleted with what hangs off it.
 */
export function afterLocal(view: AppliedView, ops: readonly Op[]): Pick<Increment, 'clocks' | 'tombstones'> | null {
  const clocks = new Map<string, HlcString | null>();
  const tombstones = new Map<string, { kind: EntityKind; hlc: HlcString }>();
  for (const op of ops) if (!localEffect(view, op, clocks, tombstones)) return null;
  return { clocks, tombstones };
}

function localEffect(view: AppliedView, op: Op, clocks: Map<string, HlcString | null>, tombstones: Map<string, { kind: EntityKind; hlc: HlcString }>): boolean {
  const b = op.body;
  switch (b.t) {
    case 'create':
      if (view.gone(b.guid) || tombstones.has(b.guid) || ENTITIES[b.kind].syntheticGuid) return false;
      for (const f of [...Object.keys(ENTITIES[b.kind].fields), '*']) clocks.set(fieldKey(b.kind, b.guid, f), op.hlc);
      break;
    case 'set': {
      if (ENTITIES[b.kind].uniqueName?.field === b.field) return false;
      if (b.kind === 'coding' && ['code', 'start', 'end'].includes(b.field)) {
        if (view.mayAbsorb(b.guid)) return false;
        const sp = ENTITIES.coding.span!;
        if ((b.field === sp.start || b.field === sp.end) && !spanEndIsItsOwn(view, b.kind, b.guid, b.field === sp.start ? sp.end : sp.start, [])) return false;
      }
      clocks.set(fieldKey(b.kind, b.guid, b.field), op.hlc);
      break;
    }
    case 'move':
      clocks.set(fieldKey(b.kind, b.guid, 'parent'), op.hlc);
      break;
    case 'delete':
      if (b.kind !== 'memo' && !(b.kind === 'coding' && !view.mayAbsorb(b.guid))) return false;
      for (const f of [...Object.keys(ENTITIES[b.kind].fields), '*']) clocks.set(fieldKey(b.kind, b.guid, f), null);
      tombstones.set(b.guid, { kind: b.kind, hlc: op.hlc });
      break;
    case 'link':
    case 'unlink':
      break;
    default:
      return false;
  }
  return true;
}

/** Whether one end of a passage holds its own latest write (not one rule 4a chose instead), `fresh` writes counted. */
function spanEndIsItsOwn(view: AppliedView, kind: EntityKind, guid: string, end: string, fresh: readonly Write[], clock = view.clock(kind, guid, end)): boolean {
  const latest = [...view.writes(kind, guid, end), ...fresh].pop();
  return latest !== undefined && latest.hlc === clock;
}

/** Plain data for comparing two states: kinds and links sorted by GUID. */
export function canonical(state: ProjectState): unknown {
  const sortMap = <T>(m: Map<string, T>) => [...m.entries()].sort(([x], [y]) => cmp(x, y));
  return {
    entities: Object.fromEntries(ENTITY_KINDS.map((k) => [k, sortMap(state.entities[k]).map(([g, f]) => [g, sortFields(f)])])),
    links: Object.fromEntries(LINK_KINDS.map((k) => [k, sortMap(state.links[k]).map(([key, l]) => [key, sortFields(l.fields)])])),
  };
}

const sortFields = (f: Fields): Fields => Object.fromEntries(Object.entries(f).sort(([x], [y]) => cmp(x, y)));
const cmp = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
const sameScalar = (x: Scalar, y: Scalar): boolean => x === y;
function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}
