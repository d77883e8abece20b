import { describe, expect, it } from 'vitest';
import { attributeSpan, attributedToInterviewer, overlappedTurns, spokenByInterviewer, type Attribution, type AttributionTurn } from './attribution.js';

// One interview: 0–10 interviewer I, 10–30 Ana (case 1), 30–40 I, 40–60 Ben (case 2), 60–70 "P" (not linked), 80–90 no speaker.
const I = (start: number, end: number): AttributionTurn => ({ start, end, speaker: 'I', caseId: null, interviewer: true });
const turn = (start: number, end: number, speaker: string | null, caseId: number | null): AttributionTurn => ({ start, end, speaker, caseId, interviewer: false });
const interview = [I(0, 10), turn(10, 30, 'Ana', 1), I(30, 40), turn(40, 60, 'Ben', 2), turn(60, 70, 'P', null), turn(80, 90, null, null)];

const rows: [name: string, span: [number, number], turns: AttributionTurn[], docCases: number[], expected: Attribution][] = [
  ['inside one participant turn', [12, 20], interview, [], { caseIds: [1], speaker: 'Ana', basis: 'speakers' }],
  ['the whole of one turn', [10, 30], interview, [], { caseIds: [1], speaker: 'Ana', basis: 'speakers' }],
  ['starts in one participant turn, ends in another', [25, 45], interview, [], { caseIds: [1, 2], speaker: 'Ana', basis: 'speakers' }],
  ['starts in the interviewer turn, ends in a participant turn', [5, 15], interview, [9], { caseIds: [1], speaker: 'Ana', basis: 'speakers' }],
  ['interviewer turn only', [2, 8], interview, [], { caseIds: [], speaker: 'I', basis: 'interviewer' }],
  ['interviewer turn only, document linked to one participant', [2, 8], interview, [1], { caseIds: [], speaker: 'I', basis: 'interviewer' }],
  ['two interviewer turns across nothing else', [32, 38], interview, [1, 2], { caseIds: [], speaker: 'I', basis: 'interviewer' }],
  ['ends exactly where the next turn starts (end-exclusive)', [20, 30], interview, [], { caseIds: [1], speaker: 'Ana', basis: 'speakers' }],
  ['starts exactly where a turn ends', [30, 35], interview, [], { caseIds: [], speaker: 'I', basis: 'interviewer' }],
  ['same participant in two turns counted once', [15, 58], [...interview.slice(0, 3), turn(40, 60, 'Ana', 1)], [], { caseIds: [1], speaker: 'Ana', basis: 'speakers' }],
  ['speaker not linked, document linked to one case', [62, 68], interview, [7], { caseIds: [7], speaker: 'P', basis: 'document' }],
  ['speaker not linked, document linked to two cases', [62, 68], interview, [7, 8], { caseIds: [], speaker: 'P', basis: 'none' }],
  ['speaker not linked, document linked to none', [62, 68], interview, [], { caseIds: [], speaker: 'P', basis: 'none' }],
  ['linked and unlinked speakers, document linked to one case', [50, 65], interview, [7], { caseIds: [2, 7], speaker: 'Ben', basis: 'speakers' }],
  ['turn without a speaker, document linked to one case', [82, 85], interview, [7], { caseIds: [7], speaker: null, basis: 'document' }],
  ['in a gap between turns, document linked to one case', [72, 78], interview, [7], { caseIds: [7], speaker: null, basis: 'document' }],
  ['in a gap between turns, document linked to none', [72, 78], interview, [], { caseIds: [], speaker: null, basis: 'none' }],
  ['no turns, document linked to one case', [0, 5], [], [3], { caseIds: [3], speaker: null, basis: 'document' }],
  ['no turns, document linked to two cases', [0, 5], [], [3, 4], { caseIds: [], speaker: null, basis: 'none' }],
  ['no turns, document linked to none', [0, 5], [], [], { caseIds: [], speaker: null, basis: 'none' }],
  ['empty span inside a turn', [15, 15], interview, [], { caseIds: [1], speaker: 'Ana', basis: 'speakers' }],
  ['empty span at a turn boundary belongs to the turn that starts there', [40, 40], interview, [], { caseIds: [2], speaker: 'Ben', basis: 'speakers' }],
  ['interviewer linked to a case is still the interviewer', [2, 8], [{ ...I(0, 10), caseId: 5 }], [], { caseIds: [], speaker: 'I', basis: 'interviewer' }],
  ['span covering the whole interview', [0, 90], interview, [], { caseIds: [1, 2], speaker: 'Ana', basis: 'speakers' }],
];

describe('attributeSpan: which participants an extract belongs to', () => {
  it.each(rows)('%s', (_name, [start, end], turns, docCases, expected) => {
    expect(attributeSpan({ start, end }, turns, docCases)).toEqual(expected);
  });
});

describe('spokenByInterviewer: the one test behind "exclude interviewer turns"', () => {
  it.each(rows)('agrees with the attribution rule: %s', (_name, [start, end], turns, docCases, expected) => {
    expect(spokenByInterviewer({ start, end }, turns)).toBe(expected.basis === 'interviewer');
    expect(attributedToInterviewer(attributeSpan({ start, end }, turns, docCases))).toBe(expected.basis === 'interviewer');
  });
  it('a span touching a participant turn, or outside every turn, is not the interviewer’s', () => {
    expect(spokenByInterviewer({ start: 5, end: 12 }, interview)).toBe(false);
    expect(spokenByInterviewer({ start: 72, end: 78 }, interview)).toBe(false);
    expect(spokenByInterviewer({ start: 0, end: 5 }, [])).toBe(false);
    expect(spokenByInterviewer({ start: 0, end: 40 }, [I(0, 10), I(10, 40)])).toBe(true);
  });
});

describe('overlappedTurns', () => {
  it('finds every turn a span overlaps among many (binary search start)', () => {
    const many = Array.from({ length: 1000 }, (_, i) => turn(i * 10, i * 10 + 10, `S${i}`, i));
    expect(overlappedTurns({ start: 4995, end: 5015 }, many).map((t) => t.speaker)).toEqual(['S499', 'S500', 'S501']);
    expect(overlappedTurns({ start: 0, end: 1 }, many).map((t) => t.speaker)).toEqual(['S0']);
    expect(overlappedTurns({ start: 10000, end: 10005 }, many)).toEqual([]);
  });
  it('keeps an empty turn at the span start', () => {
    expect(overlappedTurns({ start: 5, end: 8 }, [turn(0, 5, 'A', 1), turn(5, 5, 'B', 2), turn(5, 9, 'C', 3)]).map((t) => t.speaker)).toEqual(['B', 'C']);
  });
});
