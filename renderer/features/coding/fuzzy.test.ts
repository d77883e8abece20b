import { describe, expect, it } from 'vitest';
import { fuzzyFilter, fuzzyScore } from './fuzzy';

const paths = ['Challenges', 'Challenges/Feeling unprepared', 'Challenges/Workload and time pressure', 'Support/A safe person to ask', 'Support/Learning from colleagues', 'Growing confidence', 'Belonging', 'Émotions/Peur'];

describe('fuzzy code search', () => {
  it('ranks exact names, then name substrings at word starts, then subsequences', () => {
    const top = (q: string) => fuzzyFilter(q, paths, (p) => p).map((h) => h.item);
    expect(top('belonging')[0]).toBe('Belonging');
    expect(top('conf')[0]).toBe('Growing confidence');
    expect(top('safe')[0]).toBe('Support/A safe person to ask');
    expect(top('wltp')[0]).toBe('Challenges/Workload and time pressure');
    expect(top('challenges')[0]).toBe('Challenges');
    expect(top('zzz')).toEqual([]);
    expect(top('emotions peur')[0]).toBe('Émotions/Peur'); // spaces are ignored between matched letters
    expect(top('emotions/peur')[0]).toBe('Émotions/Peur'); // accents folded
    expect(top('')).toHaveLength(paths.length);
  });

  it('reports which characters matched', () => {
    expect(fuzzyScore('feel', 'Challenges/Feeling unprepared')!.matches).toEqual([11, 12, 13, 14]);
    expect(fuzzyScore('fu', 'Feeling unprepared')!.matches).toEqual([0, 8]);
  });
});
