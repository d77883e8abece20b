/** Consensus between two coders on a real project file, and saving the consensus set. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../tests/support/temp';
import { parsePlainText } from '../../../shared/import/plain-text';
import { ProjectSession, ensureCoder } from '../project-session';
import { insertDocument } from '../documents';
import { createCode } from '../codes';
import { createCoding, deleteCoding } from '../codings';
import type { DB } from '../../db/connection';
import { decideConsensus, startConsensus } from './consensus';
import { exportCoderSet } from './export-set';
import { agreementReport } from './agreement';

const tempDir = useTempDir();
const TEXT = 'Lea: We trusted each other from the very start. Money was tight. Later I felt hopeful about the work and the team.';

function project() {
  const s = ProjectSession.create(join(tempDir(), 'p.weft'), 'Ana');
  const doc = insertDocument(s.db, parsePlainText(TEXT, 'UTF-8'), { name: 'Lea', sourceName: null, coderId: null });
  const ana = s.coderId();
  const ben = ensureCoder(s.db, 'Ben');
  const codes = Object.fromEntries(['Trust', 'Distrust', 'Money', 'Hope'].map((n) => [n, createCode(s.db, { name: n }).id])) as Record<string, number>;
  const at = (phrase: string) => {
    const start = TEXT.indexOf(phrase);
    return { start, end: start + phrase.length };
  };
  const add = (coderId: number, code: string, phrase: string) => createCoding(s.db, { documentId: doc, codeId: codes[code]!, coderId, ...at(phrase) });
  // Agreement (identical) and agreement by overlap ≥ 90 % (56/57 characters).
  add(ana, 'Hope', 'Later I felt hopeful about the work and the team.');
  add(ben, 'Hope', 'Later I felt hopeful about the work and the team');
  // Disagreement: the same passage, different codes.
  add(ana, 'Trust', 'We trusted each other from the very start.');
  add(ben, 'Distrust', 'We trusted each other');
  // Disagreement: only Ana coded it.
  add(ana, 'Money', 'Money was tight.');
  return { s, doc, ana, ben, codes, at };
}

const consensusCodings = (db: DB, coder: number) =>
  db
    .prepare('SELECT c.name AS code, k.start, k.end FROM codings k JOIN codes c ON c.id = k.code_id WHERE k.coder_id = ? ORDER BY k.start, c.name')
    .all(coder) as { code: string; start: number; end: number }[];

describe('consensus', () => {
  it('copies agreements, walks the disagreements, applies and changes decisions, and resumes', () => {
    const { s, doc, ana, ben, at } = project();
    const state = startConsensus(s.db, { coderA: ana, coderB: ben, name: 'Consensus' });
    expect(state.consensus.name).toBe('Consensus');
    expect(s.db.prepare('SELECT is_consensus FROM coders WHERE id = ?').pluck().get(state.consensus.id)).toBe(1);
    expect(state.agreements).toBe(1);
    expect(state.agreementsCopied).toBe(1);
    // The agreement is copied as the union of the two passages.
    expect(consensusCodings(s.db, state.consensus.id)).toEqual([{ code: 'Hope', ...at('Later I felt hopeful about the work and the team.') }]);

    expect(state.items).toHaveLength(2);
    const [trust, money] = state.items;
    expect(trust).toMatchObject({ documentId: doc, document: 'Lea', extract: 'We trusted each other from the very start.', decision: null });
    expect(trust!.a.map((k) => k.code)).toEqual(['Trust']);
    expect(trust!.b.map((k) => k.code)).toEqual(['Distrust']);
    expect(money).toMatchObject({ extract: 'Money was tight.', b: [] });

    const decide = (key: string, decision: 'a' | 'b' | 'both' | 'neither') =>
      decideConsensus(s.db, { coderA: ana, coderB: ben, consensusId: state.consensus.id, documentId: doc, key, decision });
    decide(trust!.key, 'b');
    expect(consensusCodings(s.db, state.consensus.id).map((k) => k.code)).toEqual(['Distrust', 'Hope']);
    // Changing the decision removes what the earlier one added.
    const both = decide(trust!.key, 'both');
    expect(both.item.decision).toBe('both');
    expect(consensusCodings(s.db, state.consensus.id).map((k) => k.code)).toEqual(['Distrust', 'Trust', 'Hope']);
    decide(money!.key, 'neither');
    expect(both.consensusCodings).toBe(3);

    // Resuming: decisions are remembered, agreements are not copied twice.
    const again = startConsensus(s.db, { coderA: ana, coderB: ben, name: 'Consensus' });
    expect(again.agreementsCopied).toBe(0);
    expect(again.items.map((i) => i.decision)).toEqual(['both', 'neither']);
    expect(again.decided).toBe(2);
    expect(again.consensusCodings).toBe(3);

    // A disagreement whose codings changed comes back undecided under a new key.
    deleteCoding(s.db, trust!.b[0]!.codingId);
    const changed = startConsensus(s.db, { coderA: ana, coderB: ben, name: 'Consensus' });
    expect(changed.items[0]).toMatchObject({ decision: null, b: [] });
    expect(() => decide(trust!.key, 'a')).toThrow(/no longer there/);
    s.close();
  });

  it('refuses an ordinary coder’s name for the consensus set, and the consensus set as a coder to compare', () => {
    const { s, ana, ben } = project();
    expect(() => startConsensus(s.db, { coderA: ana, coderB: ben, name: 'Ben' })).toThrow(/ordinary coder/);
    const c = startConsensus(s.db, { coderA: ana, coderB: ben, name: 'Agreed' });
    expect(() => startConsensus(s.db, { coderA: ana, coderB: c.consensus.id, name: 'Consensus' })).toThrow(/is a consensus set/);
    s.close();
  });

  it('saves the consensus set as a project of its own', () => {
    const { s, ana, ben } = project();
    const state = startConsensus(s.db, { coderA: ana, coderB: ben, name: 'Consensus' });
    decideConsensus(s.db, { coderA: ana, coderB: ben, consensusId: state.consensus.id, documentId: state.items[0]!.documentId, key: state.items[0]!.key, decision: 'a' });
    const out = exportCoderSet(s.db, state.consensus.id, join(tempDir(), 'consensus'));
    expect(out).toMatchObject({ coder: 'Consensus', codings: 2, documents: 1 });
    expect(out.path).toMatch(/consensus\.weft$/);
    const copy = ProjectSession.open(out.path, 'Ana');
    expect(copy.db.prepare('SELECT name FROM coders').pluck().all()).toEqual(['Consensus']);
    expect(consensusCodings(copy.db, state.consensus.id).map((k) => k.code)).toEqual(['Trust', 'Hope']);
    expect(copy.info().name).toBe('p — Consensus');
    expect(copy.info().guid).not.toBe(s.info().guid);
    copy.close();
    expect(() => exportCoderSet(s.db, state.consensus.id, out.path)).toThrow(/already exists/);
    s.close();
  });
  it('counts the overlap in code points, like the agreement report: an emoji or a ZWJ sequence at the 90 % threshold', () => {
    // 👍 is 1 code point (2 UTF-16 units); 👩‍👩‍👧 is 5 code points (3 emoji, 2 ZWJ) and 8 UTF-16 units.
    const WORDS = 'abcdefghij'; // 10 characters
    const LONG = 'x'.repeat(45); // 45 characters
    const ZWJ = '👩\u200d👩\u200d👧';
    expect([...ZWJ]).toHaveLength(5);
    expect(ZWJ).toHaveLength(8);
    const text = `${WORDS}👍 and then ${LONG}${ZWJ} and ${WORDS}😀😀 end`;
    const s = ProjectSession.create(join(tempDir(), 'emoji.weft'), 'Ana');
    const doc = insertDocument(s.db, parsePlainText(text, 'UTF-8'), { name: 'Emoji', sourceName: null, coderId: null });
    const ana = s.coderId();
    const ben = ensureCoder(s.db, 'Ben');
    const one = createCode(s.db, { name: 'One emoji' }).id;
    const zwj = createCode(s.db, { name: 'ZWJ' }).id;
    const two = createCode(s.db, { name: 'Two emoji' }).id;
    const first = text.indexOf(WORDS);
    const long = text.indexOf(LONG);
    const last = text.lastIndexOf(WORDS);
    // 10 of 11 code points (90.9 %) agree; in UTF-16 units 10 of 12 (83.3 %) would not.
    createCoding(s.db, { documentId: doc, codeId: one, coderId: ana, start: first, end: first + 10 });
    createCoding(s.db, { documentId: doc, codeId: one, coderId: ben, start: first, end: first + 12 });
    // 45 of 50 code points: exactly 90 %, agrees; in UTF-16 units 45 of 53 (84.9 %) would not.
    createCoding(s.db, { documentId: doc, codeId: zwj, coderId: ana, start: long, end: long + 45 });
    createCoding(s.db, { documentId: doc, codeId: zwj, coderId: ben, start: long, end: long + 45 + ZWJ.length });
    // 10 of 12 code points (83.3 %): a disagreement either way.
    createCoding(s.db, { documentId: doc, codeId: two, coderId: ana, start: last, end: last + 10 });
    createCoding(s.db, { documentId: doc, codeId: two, coderId: ben, start: last, end: last + 14 });

    const state = startConsensus(s.db, { coderA: ana, coderB: ben, name: 'Consensus' });
    expect(state.agreements).toBe(2);
    // The agreements are copied as the union of both passages, in UTF-16 units as stored.
    expect(consensusCodings(s.db, state.consensus.id)).toEqual([
      { code: 'One emoji', start: first, end: first + 12 },
      { code: 'ZWJ', start: long, end: long + 53 },
    ]);
    expect(state.items).toHaveLength(1);
    expect(state.items[0]!.a.map((k) => k.code)).toEqual(['Two emoji']);
    expect(state.items[0]).toMatchObject({ start: last, end: last + 14, extract: `${WORDS}😀😀` });

    // The agreement report's segment table gives the same verdicts at the same threshold.
    const report = agreementReport(s.db, { coderA: ana, coderB: ben });
    const verdicts = Object.fromEntries(report.segment.rows.map((r) => [r.code, r.agreements]));
    expect(verdicts).toEqual({ 'One emoji': 2, 'Two emoji': 0, ZWJ: 2 });
    s.close();
  });
});
