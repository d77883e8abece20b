/**
 * Random edits for the sync property tests (convergence.test.ts, incremental.test.ts): what several
 * coders do offline through the services (codings, code edits, merges, moves, deletes, themes,
 * memos), and a sync through an ordered log standing in for the server, uploads maybe dropped.
 */
import fc from 'fast-check';
import { DomainError } from '../../shared/api/errors';
import type { SequencedOp } from '../../shared/sync/protocol';
import { createCode, deleteCode, mergeCodes, moveCode, updateCode } from '../../electron/services/codes';
import { createCoding, deleteCoding, updateCodingRange } from '../../electron/services/codings';
import { createMemo, updateMemo } from '../../electron/services/memos';
import { assignCode, createTheme, markQuote, updateTheme } from '../../electron/services/themes';
import { TEXT, type Member, type OrderedLog } from './team';

const NAMES = ['Trust', 'Care', 'Fear', 'Hope'];
const WORDS = ['a', 'b', 'c'];

export type Edit =
  | { t: 'code'; name: number; parent: number }
  | { t: 'rename'; code: number; name: number }
  | { t: 'define'; code: number; word: number }
  | { t: 'color'; code: number; word: number }
  | { t: 'move'; code: number; parent: number }
  | { t: 'merge'; code: number; into: number }
  | { t: 'deleteCode'; code: number }
  | { t: 'coding'; code: number; start: number; len: number }
  | { t: 'adjust'; coding: number; start: number; len: number }
  | { t: 'uncode'; coding: number }
  | { t: 'theme'; name: number }
  | { t: 'themeName'; theme: number; name: number }
  | { t: 'assign'; theme: number; code: number }
  | { t: 'quote'; theme: number; coding: number }
  | { t: 'memo'; code: number; word: number }
  | { t: 'memoEdit'; memo: number; word: number };

export type Step = { who: number; edit: Edit } | { who: number; sync: { drop: 'none' | 'before' | 'answer'; chunk: number } };

const n = fc.nat(20);
const w = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });
const edit: fc.Arbitrary<Edit> = fc.oneof(
  w(3, fc.record({ t: fc.constant('code' as const), name: n, parent: n })),
  w(2, fc.record({ t: fc.constant('rename' as const), code: n, name: n })),
  w(3, fc.record({ t: fc.constant('define' as const), code: n, word: n })),
  w(1, fc.record({ t: fc.constant('color' as const), code: n, word: n })),
  w(2, fc.record({ t: fc.constant('move' as const), code: n, parent: n })),
  w(1, fc.record({ t: fc.constant('merge' as const), code: n, into: n })),
  w(1, fc.record({ t: fc.constant('deleteCode' as const), code: n })),
  w(5, fc.record({ t: fc.constant('coding' as const), code: n, start: fc.nat(80), len: fc.integer({ min: 1, max: 12 }) })),
  w(3, fc.record({ t: fc.constant('coding' as const), code: n, start: fc.constant(3), len: fc.constant(7) })), // the same span, often
  w(2, fc.record({ t: fc.constant('adjust' as const), coding: n, start: fc.nat(80), len: fc.integer({ min: 1, max: 12 }) })),
  w(2, fc.record({ t: fc.constant('uncode' as const), coding: n })),
  w(1, fc.record({ t: fc.constant('theme' as const), name: n })),
  w(1, fc.record({ t: fc.constant('themeName' as const), theme: n, name: n })),
  w(2, fc.record({ t: fc.constant('assign' as const), theme: n, code: n })),
  w(2, fc.record({ t: fc.constant('quote' as const), theme: n, coding: n })),
  w(2, fc.record({ t: fc.constant('memo' as const), code: n, word: n })),
  w(2, fc.record({ t: fc.constant('memoEdit' as const), memo: n, word: n })),
);
export const step = (size: number): fc.Arbitrary<Step> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.record({ who: fc.nat(size - 1), edit }) },
    { weight: 1, arbitrary: fc.record({ who: fc.nat(size - 1), sync: fc.record({ drop: fc.constantFrom('none' as const, 'none' as const, 'before' as const, 'answer' as const), chunk: fc.integer({ min: 1, max: 40 }) }) }) },
  );

const ids = (m: Member, sql: string): number[] => m.db.prepare(sql).pluck().all() as number[];
const pick = (list: number[], i: number): number | undefined => (list.length ? list[i % list.length] : undefined);

/** One edit through the services, as the app makes it; an edit the project refuses (a name taken, a loop) is skipped. */
export function apply(m: Member, e: Edit): void {
  const codes = ids(m, 'SELECT id FROM codes ORDER BY guid');
  const codings = ids(m, 'SELECT id FROM codings ORDER BY guid');
  const themes = ids(m, 'SELECT id FROM themes ORDER BY guid');
  const memos = ids(m, 'SELECT id FROM memos ORDER BY guid');
  const db = m.db;
  try {
    db.transaction(() => {
      switch (e.t) {
        case 'code':
          createCode(db, { name: `${NAMES[e.name % NAMES.length]} ${e.name % 3}`, parentId: e.parent % 3 === 0 ? null : (pick(codes, e.parent) ?? null) });
          break;
        case 'rename': {
          const c = pick(codes, e.code);
          if (c !== undefined) updateCode(db, c, { name: NAMES[e.name % NAMES.length]! });
          break;
        }
        case 'define': {
          const c = pick(codes, e.code);
          if (c !== undefined) updateCode(db, c, { definition: `${m.name} says ${WORDS[e.word % WORDS.length]}` });
          break;
        }
        case 'color': {
          const c = pick(codes, e.code);
          if (c !== undefined) updateCode(db, c, { color: ['#aa0000', '#00aa00', '#0000aa'][e.word % 3]! });
          break;
        }
        case 'move': {
          const c = pick(codes, e.code);
          if (c !== undefined) moveCode(db, c, e.parent % 3 === 0 ? null : (pick(codes, e.parent) ?? null), e.parent % 4);
          break;
        }
        case 'merge': {
          const a = pick(codes, e.code);
          const b = pick(codes, e.into);
          if (a !== undefined && b !== undefined && a !== b) mergeCodes(db, a, b);
          break;
        }
        case 'deleteCode': {
          const c = pick(codes, e.code);
          if (c !== undefined && codes.length > 1) deleteCode(db, c);
          break;
        }
        case 'coding': {
          const c = pick(codes, e.code);
          const start = Math.min(e.start, TEXT.length - 2);
          const end = Math.min(start + e.len, TEXT.length);
          const doc = ids(m, 'SELECT id FROM documents')[0]!;
          if (c !== undefined) createCoding(db, { documentId: doc, codeId: c, start, end, coderId: m.coderId });
          break;
        }
        case 'adjust': {
          const k = pick(codings, e.coding);
          const start = Math.min(e.start, TEXT.length - 2);
          if (k !== undefined) updateCodingRange(db, k, start, Math.min(start + e.len, TEXT.length));
          break;
        }
        case 'uncode': {
          const k = pick(codings, e.coding);
          if (k !== undefined) deleteCoding(db, k);
          break;
        }
        case 'theme':
          createTheme(db, { name: `Theme ${e.name % 3}` });
          break;
        case 'themeName': {
          const t = pick(themes, e.theme);
          if (t !== undefined) updateTheme(db, t, { name: `Theme ${e.name % 4}` });
          break;
        }
        case 'assign': {
          const t = pick(themes, e.theme);
          const c = pick(codes, e.code);
          if (t !== undefined && c !== undefined) assignCode(db, t, c);
          break;
        }
        case 'quote': {
          const t = pick(themes, e.theme);
          const k = pick(codings, e.coding);
          if (t !== undefined && k !== undefined) markQuote(db, t, k);
          break;
        }
        case 'memo': {
          const c = pick(codes, e.code);
          if (c !== undefined) createMemo(db, { target: { kind: 'code', id: c }, body: WORDS[e.word % WORDS.length]!, coderId: m.coderId });
          break;
        }
        case 'memoEdit': {
          const x = pick(memos, e.memo);
          if (x !== undefined) updateMemo(db, x, { body: `${m.name}: ${WORDS[e.word % WORDS.length]}` });
          break;
        }
      }
    })();
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
  }
}

/** Upload what is pending (maybe dropped), then download what is new, `chunk` operations at a time. */
export function sync(
  m: Member,
  server: OrderedLog,
  drop: 'none' | 'before' | 'answer',
  chunk: number,
  acknowledged: Set<string>,
  applyRemote: (m: Member, ops: SequencedOp[]) => void = (m, ops) => void m.replica.applyRemote(ops),
): void {
  const pending = m.replica.pending();
  if (drop !== 'before') server.push(pending); // 'before': lost on the way, the server never saw them
  if (drop === 'none') {
    m.replica.markPushed(pending.map((o) => o.id));
    for (const o of pending) acknowledged.add(o.id);
  }
  for (;;) {
    const next = server.after(m.replica.link()!.lastSeq, chunk);
    if (!next.length) break;
    applyRemote(m, next);
  }
}

