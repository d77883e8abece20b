import { describe, expect, it } from 'vitest';
import { toggled } from './list';

describe('toggled', () => {
  it('adds a missing item at the end and removes a present one, leaving the list as it was', () => {
    const list = [3, 1];
    expect(toggled(list, 2)).toEqual([3, 1, 2]);
    expect(toggled(list, 3)).toEqual([1]);
    expect(toggled(toggled(list, 5), 5)).toEqual([3, 1]);
    expect(list).toEqual([3, 1]);
    expect(toggled([], 'a')).toEqual(['a']);
  });
});
