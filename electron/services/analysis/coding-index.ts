/**
 * Every coding of the project with its participants by the one attribution rule
 * (shared/analysis/attribution.ts, inputs from ./attribution-inputs.ts), computed once and held
 * for the open connection until the project changes. The analysis views (themes list and review,
 * matrix, ranking, co-occurrence) read it instead of loading and attributing every coding on every
 * call: at 100,000 codings that load is most of their cost.
 *
 * "Until the project changes" is exact, not a timeout: the table is kept with the connection's
 * change stamp (electron/db/change-stamp.ts: this connection's writes and commits by any other).
 * Any write at all, of any table, drops it; it is rebuilt by the next view that asks. A table
 * built inside a transaction is not kept (a rollback does not move the stamp). One table per
 * connection (a WeakMap on it), freed when the project closes.
 */
import type { Attribution } from '../../../shared/analysis/attribution.js';
import type { CodedSpan } from '../../../shared/analysis/types.js';
import type { DB } from '../../db/connection.js';
import { changeStamp } from '../../db/change-stamp.js';
import { attributeCodings, loadAttributionInputs } from './attribution-inputs.js';

export interface CodingRecord extends CodedSpan {
  /** Its participants (case ids) by the attribution rule, ascending. */
  caseIds: number[];
}

export interface AttributedCodings {
  /** Every coding, in document order (document id, start, end, id). Shared: never mutate. */
  records: readonly CodingRecord[];
  /** The rule's answer for each record (participants in the order they speak, speaker, basis). */
  who: readonly Attribution[];
  /** Index in `records` of a coding id. */
  indexOf(codingId: number): number | undefined;
}

interface Held {
  stamp: string;
  value: AttributedCodings;
}

const held = new WeakMap<DB, Held>();

function build(db: DB): AttributedCodings {
  const rows = db.prepare('SELECT id, code_id, document_id, coder_id, start, end FROM codings').raw().all() as [number, number, number, number, number, number][];
  rows.sort((a, b) => a[2] - b[2] || a[4] - b[4] || a[5] - b[5] || a[0] - b[0]);
  const spans = rows.map(([, , documentId, , start, end]) => ({ documentId, start, end }));
  const who = attributeCodings(db, spans, loadAttributionInputs(db));
  // codings with the same participants share one caseIds array, so what is derived from it (an
  // attribute's values) can be worked out once per array
  const interned = new Map<string, number[]>();
  const records = rows.map(([id, codeId, documentId, coderId, start, end], i): CodingRecord => {
    const cases = who[i]!.caseIds.length > 1 ? [...who[i]!.caseIds].sort((a, b) => a - b) : who[i]!.caseIds;
    const key = cases.join(',');
    let caseIds = interned.get(key);
    if (!caseIds) interned.set(key, (caseIds = cases));
    return { id, codeId, documentId, coderId, start, end, caseIds };
  });
  let positions: Map<number, number> | null = null;
  return {
    records,
    who,
    indexOf(codingId) {
      positions ??= new Map(records.map((r, i) => [r.id, i]));
      return positions.get(codingId);
    },
  };
}

/** The project's codings with their participants (built on first use after a change). */
export function attributedCodings(db: DB): AttributedCodings {
  const stamp = changeStamp(db);
  const h = held.get(db);
  if (h && h.stamp === stamp) return h.value;
  const value = build(db);
  // not held when built inside a transaction: were it rolled back, total_changes() would not go
  // back down, and the table would outlive the state it was built from
  if (db.inTransaction) held.delete(db);
  else held.set(db, { stamp, value });
  return value;
}
