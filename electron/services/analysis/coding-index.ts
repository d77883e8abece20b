/**
 * Every coding of the project with its participants by the one attribution rule
 * (shared/analysis/attribution.ts, inputs from ./attribution-inputs.ts), computed once and held
 * for the open connection until the project changes. The analysis views (themes list and review,
 * matrix, ranking, co-occurrence) read it instead of loading and attributing every coding on every
 * call: at 100,000 codings that load is most of their cost.
 *
 * "Until the project changes" is exact, not a timeout: the table is kept by the one rule for that
 * (electron/db/kept-until-change.ts: the connection's change stamp). Any write at all, of any
 * table, drops it; it is rebuilt by the next view that asks.
 */
import type { Attribution } from '../../../shared/analysis/attribution.js';
import type { CodedSpan } from '../../../shared/analysis/types.js';
import type { DB } from '../../db/connection.js';
import { keptUntilChange } from '../../db/kept-until-change.js';
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
  // 100,000 records: not frozen (its readers never change it: see `records`)
  return keptUntilChange(db, 'attributed-codings', () => build(db), { freeze: false });
}
