import { describe, expect, it } from 'vitest';
import { COMMANDS } from './registry';

describe('weft command registry', () => {
  it('has one command per name, each with a summary and a usage line starting with its name', () => {
    const names = COMMANDS.map((c) => c.name);
    const dupes = names.filter((n, i) => names.indexOf(n) !== i);
    expect(dupes).toEqual([]);
    for (const c of COMMANDS) {
      expect(c.summary.length).toBeGreaterThan(5);
      expect(c.usage.startsWith(`weft ${c.name}`)).toBe(true);
    }
  });
});
