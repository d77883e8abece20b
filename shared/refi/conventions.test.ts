import { describe, expect, it } from 'vitest';
import {
  composeAttributeDescription,
  composeCodeDescription,
  composeThemeDescription,
  attributeDescriptionText,
  parseAttributeDescription,
  parseCodeDescription,
  parseThemeDescription,
  type CodeDescriptionFields,
} from './conventions.js';

const fields = (definition = '', inclusion = '', exclusion = '', example = ''): CodeDescriptionFields => ({ definition, inclusion, exclusion, example });

describe('code descriptions', () => {
  it('lays out the four fields readably', () => {
    expect(composeCodeDescription(fields('Talk about cost.', 'Prices, fees.', 'Time costs.', '“It was too dear.”'))).toBe(
      'Talk about cost.\n\n## Inclusion criteria\nPrices, fees.\n\n## Exclusion criteria\nTime costs.\n\n## Example\n“It was too dear.”',
    );
    expect(composeCodeDescription(fields('Only a definition'))).toBe('Only a definition');
    expect(composeCodeDescription(fields('', '', '', 'Just an example'))).toBe('## Example\nJust an example');
    expect(composeCodeDescription(fields())).toBe('');
  });

  const tricky: CodeDescriptionFields[] = [
    fields('Talk about cost.', 'Prices, fees.', 'Time costs.', 'Example'),
    fields('line 1\nline 2\n', '\n', '', 'ends with blank lines\n\n'),
    fields('\n\nstarts with blank lines', 'x', 'y', 'z'),
    fields('A definition that quotes a heading:\n## Example\nand goes on', '\\## Inclusion criteria', '##Exclude:', ''),
    fields('', 'only inclusion', '', ''),
    fields('مرحبا 😀 \u0301e 中文', '', 'אבג', ''),
    fields('  spaces around  ', '\t', '', ' '),
  ];
  it.each(tricky.map((f, i) => [i, f] as const))('round-trips exactly (%i)', (_i, f) => {
    expect(parseCodeDescription(composeCodeDescription(f))).toEqual(f);
  });

  it('reads hand-written and foreign descriptions leniently', () => {
    expect(parseCodeDescription('Apply when a study talks about affordances.')).toEqual(fields('Apply when a study talks about affordances.'));
    expect(parseCodeDescription('Def\n# Include:\nA\n### exclusion\nB\n## Examples\nC')).toEqual(fields('Def', 'A', 'B', 'C'));
    expect(parseCodeDescription(undefined)).toEqual(fields());
  });
});

describe('theme markers', () => {
  it('round-trip definition, status, colour and parent', () => {
    const t = { definition: 'Money shapes access.\n\nSecond paragraph (with parentheses; and semicolons).', status: 'final' as const, color: '#9b8fd6', parent: '0d62985d-b147-5d01-a9b5-cae5dcd98342' };
    const d = composeThemeDescription(t);
    expect(d.endsWith('(Weft theme; status: final; colour: #9b8fd6; parent: 0d62985d-b147-5d01-a9b5-cae5dcd98342)')).toBe(true);
    expect(parseThemeDescription(d)).toEqual(t);
    expect(parseThemeDescription(composeThemeDescription({ definition: '', status: 'candidate' }))).toEqual({ definition: '', status: 'candidate' });
  });

  it('are not seen in ordinary set descriptions', () => {
    expect(parseThemeDescription('kategorie 1')).toBeNull();
    expect(parseThemeDescription(undefined)).toBeNull();
    expect(parseThemeDescription('A (Weft theme) mentioned in the middle\nof text')).toBeNull();
  });
});

describe('attribute markers', () => {
  it('round-trip scope and categories, including awkward category names', () => {
    const a = { scope: 'document' as const, categories: ['T1', 'a; b', '(x)', 'line\nbreak', 'ü "quoted"'] };
    expect(parseAttributeDescription(composeAttributeDescription(a))).toEqual(a);
    expect(parseAttributeDescription(composeAttributeDescription({ scope: 'case' }))).toEqual({ scope: 'case' });
    expect(parseAttributeDescription(composeAttributeDescription({ scope: 'case', kind: 'number' }))).toEqual({ scope: 'case', kind: 'number' });
    expect(composeAttributeDescription({ scope: 'case', kind: 'number' })).toBe('(Weft attribute; scope: case; kind: number)');
    const yes = { scope: 'case' as const, spelling: { true: 'Yes', false: 'No' } };
    expect(parseAttributeDescription(composeAttributeDescription(yes))).toEqual(yes);
    expect(parseAttributeDescription('Age in years')).toBeNull();
  });

  it('tell the researcher’s own description from the marker', () => {
    expect(attributeDescriptionText('Age in years at the interview')).toBe('Age in years at the interview');
    expect(attributeDescriptionText(composeAttributeDescription({ scope: 'case' }))).toBe('');
    expect(attributeDescriptionText(`Role on the ward\n${composeAttributeDescription({ scope: 'case' })}`)).toBe('Role on the ward');
    expect(attributeDescriptionText(undefined)).toBe('');
  });
});
