import { describe, expect, it } from 'vitest';
import { countOf } from './plural';

describe('countOf', () => {
  it('uses the singular for exactly one and the plural otherwise, with grouped digits', () => {
    expect(countOf(1, 'coding')).toBe('1 coding');
    expect(countOf(0, 'coding')).toBe('0 codings');
    expect(countOf(2, 'turn')).toBe('2 turns');
    expect(countOf(12000, 'word')).toBe('12,000 words');
    expect(countOf(1, 'memo', 'memos')).toBe('1 memo');
    expect(countOf(3, 'sub-code')).toBe('3 sub-codes');
  });
});
