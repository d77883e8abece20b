import { describe, expect, it } from 'vitest';
import { paragraphs } from '../../../shared/domain/text';
import { assignLanes, bucketByParagraph, mergeIdenticalCodings, paragraphAt, ParagraphCache, type ParaCoding } from './layout';

const pc = (id: number, start: number, end: number, lane = 0, name = 'A'): ParaCoding => ({
  id,
  codeId: 1,
  start,
  end,
  lane,
  color: '#ffffff',
  name,
  coder: 'Ana',
  showCoder: false,
  hasMemo: false,
});

describe('document layout', () => {
  const text = 'first para\n\nsecond one\nthird';
  const paras = paragraphs(text);

  it('finds the paragraph at an offset and buckets codings that span paragraphs', () => {
    expect(paras).toEqual([
      { start: 0, end: 10 },
      { start: 12, end: 22 },
      { start: 23, end: 28 },
    ]);
    expect(paragraphAt(paras, 0)).toBe(0);
    expect(paragraphAt(paras, 10)).toBe(0);
    expect(paragraphAt(paras, 11)).toBe(0); // the blank line belongs to no paragraph: the one before it
    expect(paragraphAt(paras, 12)).toBe(1);
    expect(paragraphAt(paras, 27)).toBe(2);
    const codings = [pc(1, 6, 18), pc(2, 23, 28), pc(3, 0, 3), pc(4, 11, 11)];
    const b = bucketByParagraph(paras, codings);
    expect(b.map((l) => l.map((c) => c.id))).toEqual([[1, 3], [1], [2]]); // a coding across the blank line is in both paragraphs
  });

  it('assigns lanes so overlapping codings never share one, enclosing codings first', () => {
    const lanes = assignLanes([
      { id: 1, codeId: 1, start: 5, end: 8 },
      { id: 2, codeId: 1, start: 0, end: 20 },
      { id: 3, codeId: 1, start: 9, end: 12 },
      { id: 4, codeId: 1, start: 21, end: 30 },
      { id: 5, codeId: 1, start: 6, end: 10 },
    ]);
    expect(Object.fromEntries(lanes)).toEqual({ 2: 0, 1: 1, 5: 2, 3: 1, 4: 0 });
  });

  it('keeps the identity of unchanged paragraphs so memoised paragraphs do not re-render', () => {
    const cache = new ParagraphCache();
    const first = cache.update('sig', [[pc(1, 0, 3)], [pc(2, 12, 15)], []]);
    const second = cache.update('sig', [[pc(1, 0, 3)], [pc(2, 12, 16)], []]);
    expect(second[0]).toBe(first[0]);
    expect(second[1]).not.toBe(first[1]);
    expect(second[2]).toBe(first[2]);
    const renamed = cache.update('sig', [[pc(1, 0, 3, 0, 'B')], [pc(2, 12, 16)], []]);
    expect(renamed[0]).not.toBe(second[0]);
    expect(renamed[1]).toBe(second[1]);
    expect(cache.update('other', [[pc(1, 0, 3, 0, 'B')]])[0]).not.toBe(renamed[0]);
  });
});

describe('identical codings by several coders', () => {
  it('are drawn once, naming every coder in order; different ranges or codes stay apart', () => {
    const c = (id: number, codeId: number, start: number, end: number, coder: string) => ({ id, codeId, start, end, coder });
    const merged = mergeIdenticalCodings([c(1, 5, 0, 10, 'Ana'), c(2, 5, 0, 10, 'Ben'), c(3, 5, 0, 11, 'Ben'), c(4, 6, 0, 10, 'Ben'), c(5, 5, 0, 10, 'Cy'), c(6, 5, 0, 10, 'Ana')]);
    expect(merged.map((m) => [m.id, m.coders])).toEqual([
      [1, ['Ana', 'Ben', 'Cy']],
      [3, ['Ben']],
      [4, ['Ben']],
    ]);
  });
});
