import { describe, expect, it } from 'vitest';
import { cleanImportedName, cleanName, isCleanName, nameProblem } from './names';
import { codingMethods } from '../api/methods/coding';
import { themeMethods } from '../api/methods/themes';
import { inVivoName } from '../codebook/in-vivo';

describe('the name rule', () => {
  it('names the first forbidden character: C0, DEL, C1, bidi embeddings, overrides and isolates', () => {
    expect(nameProblem('Trust')).toBeNull();
    expect(nameProblem('a\u0001b')).toBe('contains an invisible control character U+0001');
    expect(nameProblem('a\u007f')).toBe('contains an invisible control character U+007F');
    expect(nameProblem('a\u009b')).toBe('contains an invisible control character U+009B');
    expect(nameProblem('a\nb')).toBe('contains a line break (U+000A); names are one line');
    expect(nameProblem('a\tb')).toBe('contains a tab (U+0009)');
    for (const cp of [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]) {
      expect(nameProblem(`x${String.fromCodePoint(cp)}y`)).toMatch(new RegExp(`bidirectional control character U\\+${cp.toString(16).toUpperCase()} \\(`));
    }
    // visible text of every script, marks and joiners are names
    for (const ok of ['ثقة', 'שלום', 'e\u0301', '👩‍👩‍👧', '🇫🇷', '信任', 'a\u200db', 'ü']) expect(isCleanName(ok)).toBe(true);
  });

  it('cleans names from files: drops the characters (tabs and line breaks become spaces) and warns with labels', () => {
    expect(cleanName('A\u0001B\u202E')).toEqual({ name: 'AB', removed: ['U+0001', 'U+202E'] });
    expect(cleanName(' two\nlines\t')).toEqual({ name: 'two lines', removed: ['U+000A', 'U+0009'] });
    const warnings: string[] = [];
    expect(cleanImportedName('\u202E', warnings, 'The code', 'Unnamed code')).toBe('Unnamed code');
    expect(cleanImportedName('fine', warnings, 'The code')).toBe('fine');
    expect(warnings).toEqual(['The code “[U+202E]” contained invisible control character U+202E; it was removed']);
    expect(warnings[0]).not.toContain('\u202E');
  });

  it('is part of the contract for every name field', () => {
    const bad = 'x\u202Ey';
    expect(codingMethods['codes.create'].input.safeParse({ name: bad }).success).toBe(false);
    expect(codingMethods['codes.update'].input.safeParse({ id: 1, patch: { name: bad } }).success).toBe(false);
    expect(codingMethods['codings.createWithCode'].input.safeParse({ documentId: 1, start: 0, end: 1, name: bad }).success).toBe(false);
    expect(codingMethods['codings.move'].input.safeParse({ ids: [1], newCode: { name: bad } }).success).toBe(false);
    expect(themeMethods['themes.create'].input.safeParse({ name: bad }).success).toBe(false);
    const r = codingMethods['codes.create'].input.safeParse({ name: '  Trust\u0001 ' });
    expect(r.error?.issues[0]?.message).toBe('The name contains an invisible control character U+0001.');
    expect(codingMethods['codes.create'].input.safeParse({ name: '  Trust  ' }).data?.name).toBe('Trust');
  });

  it('in-vivo names from passages drop the characters instead of being refused', () => {
    expect(inVivoName('“I \u202Etrust\u0001 her”')).toBe('I trust her');
  });
});
