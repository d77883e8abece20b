import { describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/api/errors';
import { parseDialogInput } from './dialogs';

describe('native dialog payloads', () => {
  it('accept what the preload sends', () => {
    expect(parseDialogInput('openProject', undefined)).toBeUndefined();
    expect(parseDialogInput('importFiles', undefined)).toBeUndefined();
    expect(parseDialogInput('saveProject', undefined)).toBeUndefined();
    expect(parseDialogInput('saveProject', { suggestedName: 'Interviews 2026 – Ana.weft' })).toEqual({ suggestedName: 'Interviews 2026 – Ana.weft' });
  });

  it('refuse anything else with a VALIDATION error naming the dialog', () => {
    const refused: [Parameters<typeof parseDialogInput>[0], unknown][] = [
      ['openProject', { defaultPath: '/etc' }],
      ['importFiles', ['/home']],
      ['saveProject', { suggestedName: '../../.bashrc' }],
      ['saveProject', { suggestedName: '/tmp/x.weft' }],
      ['saveProject', { suggestedName: 'C:\\Users\\x.weft' }],
      ['saveProject', { suggestedName: 'evil\u202Etfew.exe' }],
      ['saveProject', { suggestedName: 'a\u0000b.weft' }],
      ['saveProject', { suggestedName: '..' }],
      ['saveProject', { suggestedName: '' }],
      ['saveProject', { suggestedName: 'x'.repeat(256) }],
      ['saveProject', { suggestedName: 'ok.weft', defaultPath: '/etc/passwd' }],
      ['saveProject', 'My study.weft'],
    ];
    for (const [name, payload] of refused) {
      let error: unknown;
      try {
        parseDialogInput(name, payload);
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(payload)).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('VALIDATION');
      expect((error as DomainError).message).toContain(`the ${name} dialog`);
    }
  });
});
