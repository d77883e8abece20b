import { describe, expect, it } from 'vitest';
import type { ThemeExtract } from '../types/themes';
import { attribution, codesCoveredBy, groupExtracts, treeOrder, unthemedCodeIds } from './tree';

//  1 Setting tasks (no codings)   4 Just work
//    2 Client-led                 5 Naming
//    3 Collaborative
const codes = [
  { id: 1, parentId: null, ownCodings: 0 },
  { id: 2, parentId: 1, ownCodings: 2 },
  { id: 3, parentId: 1, ownCodings: 1 },
  { id: 4, parentId: null, ownCodings: 3 },
  { id: 5, parentId: null, ownCodings: 1 },
];

describe('the not-yet-themed bin', () => {
  it.each([
    ['no themes: every code', [], [], [1, 2, 3, 4, 5]],
    ['a code on a theme leaves the bin', [{ themeId: 10, codeId: 4 }], [], [1, 2, 3, 5]],
    ['a parent code brings its sub-codes', [{ themeId: 10, codeId: 1 }], [], [4, 5]],
    ['a grouping code stays while a child is unthemed', [{ themeId: 10, codeId: 2 }], [], [1, 3, 4, 5]],
    ['a grouping code leaves when all its children are themed', [{ themeId: 10, codeId: 2 }, { themeId: 11, codeId: 3 }], [], [4, 5]],
    ['a discarded theme does not count', [{ themeId: 10, codeId: 4 }, { themeId: 11, codeId: 5 }], [10], [1, 2, 3, 4]],
    ['one live theme is enough for a code on two', [{ themeId: 10, codeId: 4 }, { themeId: 11, codeId: 4 }], [10], [1, 2, 3, 5]],
  ])('%s', (_label, assignments, discarded, expected) => {
    const themes = [10, 11].map((id) => ({ id, parentId: null, status: discarded.includes(id) ? ('discarded' as const) : ('candidate' as const) }));
    expect(unthemedCodeIds(codes, assignments, themes)).toEqual(expected);
  });
});

describe('codes a theme covers', () => {
  it('includes sub-codes and the codes of sub-themes, not of parent themes', () => {
    const themes = [
      { id: 10, parentId: null },
      { id: 11, parentId: 10 },
    ];
    const assignments = [
      { themeId: 10, codeId: 1 },
      { themeId: 11, codeId: 5 },
    ];
    expect([...codesCoveredBy(10, themes, assignments, codes)].sort()).toEqual([1, 2, 3, 5]);
    expect([...codesCoveredBy(11, themes, assignments, codes)]).toEqual([5]);
  });

  it('orders a tree depth-first, keeping sibling order and nodes whose parent is missing', () => {
    const nodes = [
      { id: 3, parentId: 1 },
      { id: 1, parentId: null },
      { id: 2, parentId: null },
      { id: 4, parentId: 3 },
      { id: 5, parentId: 99 },
    ];
    expect(treeOrder(nodes).map((n) => n.id)).toEqual([1, 3, 4, 2, 5]);
  });
});

describe('attribution and grouping', () => {
  it('writes "Name (role)" when the role is known, matching the attribute name without regard to case', () => {
    expect(attribution('Samantha', { Role: 'client', age: '44' })).toBe('Samantha (client)');
    expect(attribution('Samantha', { age: '44' })).toBe('Samantha');
    expect(attribution('Samantha', { role: '  ' })).toBe('Samantha');
    expect(attribution('Dan', { job: 'coach' }, 'job')).toBe('Dan (coach)');
    expect(attribution('Dan', { role: 'coach' }, null)).toBe('Dan');
    expect(attribution(null, {}, 'role', 'Interview 3')).toBe('Interview 3');
    expect(attribution('Dan', { Role: 'coach', age: '44', site: '' }, ['role', 'site', 'age'])).toBe('Dan (coach, 44)');
    expect(attribution('Dan', { role: 'coach' }, [])).toBe('Dan');
  });

  it('groups extracts by code in order of appearance and by participant by name, unattributed last', () => {
    const e = (codingId: number, codeId: number, participantId: number | null, who: string): ThemeExtract => ({
      codingId,
      codeId,
      codePath: `code ${codeId}`,
      codeColor: '#000000',
      documentId: 1,
      documentName: 'D',
      start: 0,
      end: 1,
      text: 'x',
      coder: 'Ana',
      participantId,
      participantIds: participantId === null ? [] : [participantId],
      participant: participantId === null ? null : who,
      participantAttributes: {},
      speaker: null,
      attribution: who,
      quote: null,
    });
    const list = [e(1, 7, 2, 'Tom (client)'), e(2, 3, null, 'D'), e(3, 7, 1, 'Dan (coach)'), e(4, 3, 2, 'Tom (client)')];
    expect(groupExtracts(list, 'code').map((g) => [g.label, g.extracts.map((x) => x.codingId)])).toEqual([
      ['code 7', [1, 3]],
      ['code 3', [2, 4]],
    ]);
    expect(groupExtracts(list, 'participant').map((g) => [g.label, g.extracts.map((x) => x.codingId)])).toEqual([
      ['Dan (coach)', [3]],
      ['Tom (client)', [1, 4]],
      ['No participant', [2]],
    ]);
  });
});
