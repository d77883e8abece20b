/**
 * Consensus between two coders, A and B.
 *
 * AGREEMENT. A coding of A agrees when B coded the same code over a passage that overlaps it by
 * at least `minOverlapPercent` of their union (MAXQDA's segment rule, shared/agreement
 * compareSegments; default 90 %), and likewise for B. The overlap is counted in Unicode code
 * points, as the agreement report counts it (the stored UTF-16 ranges go through the document's
 * OffsetMap and `toCodePointRanges` first), so an emoji is one character here too and the two
 * never disagree near the threshold. Agreements go into the consensus set automatically, as the
 * union of the two passages (both coders' extent), stored in UTF-16 units like every coding.
 *
 * DISAGREEMENT. The codings left over are grouped per document into passages: codings (of any
 * code, from either coder) that overlap each other form one disagreement. For each one the
 * researchers decide: A's codings, B's codings, both, or neither; the chosen codings are copied
 * to the consensus coder. Decisions are stored, so the walk can be resumed and a decision changed
 * (the codings the earlier decision added are removed first). A disagreement is identified by
 * its codings' GUIDs: when either coder changes those codings, it comes back undecided.
 *
 * The consensus set is an ordinary coder with is_consensus = 1, so every view, export and
 * report that can pick a coder can use it.
 */
import { createHash } from 'node:crypto';
import type { DB } from '../../db/connection.js';
import { DomainError } from '../../../shared/api/errors.js';
import { compareSegments, DEFAULT_MIN_OVERLAP_PERCENT, toCodePointRanges } from '../../../shared/agreement/index.js';
import { OffsetMap } from '../../../shared/domain/offsets.js';
import type { ConsensusDecision, ConsensusState, Disagreement, DisagreementCoding } from '../../../shared/types/team.js';
import { codePaths } from '../codes.js';
import { newGuid, nowIso } from '../project-session.js';
import { coderName, ensureConsensusCoder } from './coders.js';

export interface ConsensusOptions {
  coderA: number;
  coderB: number;
  /** Overlap (percent of the union) at which two codings of the same code agree. Default 90. */
  minOverlapPercent?: number;
  documentIds?: readonly number[];
}

interface Coding {
  id: number;
  guid: string;
  codeId: number;
  coderId: number;
  start: number;
  end: number;
}

interface DocAnalysis {
  agreements: { codeId: number; start: number; end: number }[];
  items: Omit<Disagreement, 'decision'>[];
}

const EXTRACT_MAX = 2000;

function checkPair(db: DB, a: number, b: number) {
  if (a === b) throw new DomainError('VALIDATION', 'Choose two different coders.');
  for (const id of [a, b]) {
    const row = db.prepare('SELECT name, is_consensus FROM coders WHERE id = ?').get(id) as { name: string; is_consensus: number } | undefined;
    if (!row) throw new DomainError('NOT_FOUND', `There is no coder with id ${id} in this project.`);
    if (row.is_consensus === 1) throw new DomainError('VALIDATION', `“${row.name}” is a consensus set; compare two coders' own codings.`);
  }
}

/** Agreements and disagreements between A and B in one document. */
function analyseDocument(db: DB, doc: { id: number; guid: string; name: string; text: string }, a: number, b: number, min: number): DocAnalysis {
  const rows = db
    .prepare('SELECT id, guid, code_id AS codeId, coder_id AS coderId, start, end FROM codings WHERE document_id = ? AND coder_id IN (?, ?) ORDER BY start, end, id')
    .all(doc.id, a, b) as Coding[];
  const paths = codePaths(db);
  const colors = new Map((db.prepare('SELECT id, color FROM codes').all() as { id: number; color: string }[]).map((c) => [c.id, c.color]));
  const byCode = new Map<number, { a: Coding[]; b: Coding[] }>();
  for (const k of rows) {
    const cell = byCode.get(k.codeId) ?? { a: [], b: [] };
    (k.coderId === a ? cell.a : cell.b).push(k);
    byCode.set(k.codeId, cell);
  }
  const agreements = new Map<string, { codeId: number; start: number; end: number }>();
  const left: Coding[] = [];
  // Overlaps are compared in code points (as the agreement statistics count); codings stay in UTF-16.
  const map = new OffsetMap(doc.text);
  for (const [codeId, cell] of byCode) {
    const cpA = toCodePointRanges(map, cell.a);
    const cpB = toCodePointRanges(map, cell.b);
    const cmp = compareSegments(cpA, cpB, { minOverlapPercent: min, mergeOverlapping: false }, map.codePointLength);
    const take = (checks: typeof cmp.a, own: Coding[], ownCp: typeof cpA) => {
      const byRange = new Map(own.map((k, i) => [`${ownCp[i]!.start}:${ownCp[i]!.end}`, k]));
      for (const c of checks) {
        const coding = byRange.get(`${c.segment.start}:${c.segment.end}`)!;
        if (c.agrees && c.bestMatch) {
          const start = map.fromCodePoint(Math.min(c.segment.start, c.bestMatch.start));
          const end = map.fromCodePoint(Math.max(c.segment.end, c.bestMatch.end));
          agreements.set(`${codeId}:${start}:${end}`, { codeId, start, end });
        } else {
          left.push(coding);
        }
      }
    };
    take(cmp.a, cell.a, cpA);
    take(cmp.b, cell.b, cpB);
  }
  left.sort((x, y) => x.start - y.start || x.end - y.end || x.id - y.id);
  const clusters: Coding[][] = [];
  let end = -1;
  for (const k of left) {
    const current = clusters[clusters.length - 1];
    if (current && k.start < end) {
      current.push(k);
      end = Math.max(end, k.end);
    } else {
      clusters.push([k]);
      end = k.end;
    }
  }
  const view = (k: Coding): DisagreementCoding => ({
    codingId: k.id,
    codeId: k.codeId,
    code: paths.get(k.codeId) ?? `(code ${k.codeId})`,
    color: colors.get(k.codeId) ?? '#cccccc',
    start: k.start,
    end: k.end,
  });
  const items = clusters.map((cluster) => {
    const start = Math.min(...cluster.map((k) => k.start));
    const stop = Math.max(...cluster.map((k) => k.end));
    const key = createHash('sha1')
      .update(`${doc.guid}|${cluster.map((k) => k.guid).sort().join(',')}`)
      .digest('hex')
      .slice(0, 24);
    const text = doc.text.slice(start, stop);
    return {
      key,
      documentId: doc.id,
      document: doc.name,
      start,
      end: stop,
      extract: text.length > EXTRACT_MAX ? `${text.slice(0, EXTRACT_MAX)}…` : text,
      a: cluster.filter((k) => k.coderId === a).map(view),
      b: cluster.filter((k) => k.coderId === b).map(view),
    };
  });
  return { agreements: [...agreements.values()], items };
}

function documents(db: DB, ids?: readonly number[]) {
  const all = db.prepare('SELECT id, guid, name, text FROM documents ORDER BY position, id').all() as { id: number; guid: string; name: string; text: string }[];
  return ids ? all.filter((d) => ids.includes(d.id)) : all;
}

function decisionsOf(db: DB, consensus: number, a: number, b: number): Map<string, ConsensusDecision> {
  const rows = db.prepare('SELECT item_key, decision FROM consensus_decisions WHERE consensus_id = ? AND coder_a_id = ? AND coder_b_id = ?').all(consensus, a, b) as {
    item_key: string;
    decision: ConsensusDecision;
  }[];
  return new Map(rows.map((r) => [r.item_key, r.decision]));
}

/** Inserts consensus codings unless the consensus coder already has exactly that one; returns the new id, or null. */
function consensusInserter(db: DB, consensus: number) {
  const exists = db.prepare('SELECT 1 FROM codings WHERE document_id = ? AND code_id = ? AND coder_id = ? AND start = ? AND end = ?');
  const insert = db.prepare('INSERT INTO codings (guid, document_id, code_id, coder_id, start, end, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  return (documentId: number, codeId: number, start: number, end: number): number | null => {
    if (exists.get(documentId, codeId, consensus, start, end)) return null;
    const now = nowIso();
    return Number(insert.run(newGuid(), documentId, codeId, consensus, start, end, now, now).lastInsertRowid);
  };
}

const countCodings = (db: DB, coder: number) => db.prepare('SELECT count(*) FROM codings WHERE coder_id = ?').pluck().get(coder) as number;

/**
 * Starts (or resumes) consensus between A and B into the consensus coder `name` (created with
 * is_consensus = 1 if needed): copies the agreements and lists the disagreements with any
 * decisions taken before. One transaction.
 */
export function startConsensus(db: DB, options: ConsensusOptions & { name: string }): ConsensusState {
  const { coderA: a, coderB: b } = options;
  checkPair(db, a, b);
  const min = options.minOverlapPercent ?? DEFAULT_MIN_OVERLAP_PERCENT;
  if (!(min > 0 && min <= 100)) throw new DomainError('VALIDATION', `The minimum overlap must be above 0 and at most 100 percent (got ${min}).`);
  const name = options.name.trim();
  if (!name) throw new DomainError('VALIDATION', 'Give the consensus set a name.');
  return db.transaction(() => {
    const consensus = ensureConsensusCoder(db, name);
    let copied = 0;
    let agreements = 0;
    const items: Disagreement[] = [];
    const decisions = decisionsOf(db, consensus, a, b);
    const add = consensusInserter(db, consensus);
    for (const doc of documents(db, options.documentIds)) {
      const analysis = analyseDocument(db, doc, a, b, min);
      agreements += analysis.agreements.length;
      for (const g of analysis.agreements) if (add(doc.id, g.codeId, g.start, g.end) !== null) copied++;
      for (const item of analysis.items) items.push({ ...item, decision: decisions.get(item.key) ?? null });
    }
    return {
      consensus: { id: consensus, name },
      coderA: { id: a, name: coderName(db, a) },
      coderB: { id: b, name: coderName(db, b) },
      minOverlapPercent: min,
      agreementsCopied: copied,
      agreements,
      items,
      decided: items.filter((i) => i.decision !== null).length,
      consensusCodings: countCodings(db, consensus),
    };
  })();
}

/** The union of same-code overlapping ranges (touching ranges stay apart). */
function mergeSameCode(codings: DisagreementCoding[]): { codeId: number; start: number; end: number }[] {
  const out: { codeId: number; start: number; end: number }[] = [];
  const sorted = [...codings].sort((x, y) => x.codeId - y.codeId || x.start - y.start || x.end - y.end);
  for (const k of sorted) {
    const last = out[out.length - 1];
    if (last && last.codeId === k.codeId && k.start < last.end) last.end = Math.max(last.end, k.end);
    else out.push({ codeId: k.codeId, start: k.start, end: k.end });
  }
  return out;
}

/**
 * Records the decision for one disagreement and updates the consensus set: the codings an
 * earlier decision for it added are removed, then the chosen codings are added. One transaction.
 */
export function decideConsensus(
  db: DB,
  options: ConsensusOptions & { consensusId: number; documentId: number; key: string; decision: ConsensusDecision },
): { item: Disagreement; consensusCodings: number } {
  const { coderA: a, coderB: b, consensusId } = options;
  checkPair(db, a, b);
  const isConsensus = db.prepare('SELECT is_consensus FROM coders WHERE id = ?').pluck().get(consensusId) as number | undefined;
  if (isConsensus !== 1) throw new DomainError('NOT_FOUND', `There is no consensus set with id ${consensusId} in this project.`);
  const min = options.minOverlapPercent ?? DEFAULT_MIN_OVERLAP_PERCENT;
  return db.transaction(() => {
    const doc = documents(db, [options.documentId])[0];
    if (!doc) throw new DomainError('NOT_FOUND', `There is no document with id ${options.documentId} in this project.`);
    const item = analyseDocument(db, doc, a, b, min).items.find((i) => i.key === options.key);
    if (!item) {
      throw new DomainError('NOT_FOUND', 'This disagreement is no longer there: its codings were changed since the list was made. Start the comparison again.');
    }
    const existing = db
      .prepare('SELECT id FROM consensus_decisions WHERE consensus_id = ? AND coder_a_id = ? AND coder_b_id = ? AND item_key = ?')
      .pluck()
      .get(consensusId, a, b, item.key) as number | undefined;
    let decisionId: number;
    if (existing !== undefined) {
      db.prepare('DELETE FROM codings WHERE id IN (SELECT coding_id FROM consensus_decision_codings WHERE decision_id = ?)').run(existing);
      db.prepare('UPDATE consensus_decisions SET decision = ?, decided_at = ? WHERE id = ?').run(options.decision, nowIso(), existing);
      decisionId = existing;
    } else {
      decisionId = Number(
        db
          .prepare('INSERT INTO consensus_decisions (consensus_id, coder_a_id, coder_b_id, document_id, item_key, decision, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(consensusId, a, b, doc.id, item.key, options.decision, nowIso()).lastInsertRowid,
      );
    }
    const chosen = options.decision === 'a' ? item.a : options.decision === 'b' ? item.b : options.decision === 'both' ? [...item.a, ...item.b] : [];
    const link = db.prepare('INSERT INTO consensus_decision_codings (decision_id, coding_id) VALUES (?, ?)');
    const add = consensusInserter(db, consensusId);
    for (const k of mergeSameCode(chosen)) {
      const id = add(doc.id, k.codeId, k.start, k.end);
      if (id !== null) link.run(decisionId, id);
    }
    return { item: { ...item, decision: options.decision }, consensusCodings: countCodings(db, consensusId) };
  })();
}
