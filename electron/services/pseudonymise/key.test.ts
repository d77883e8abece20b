import { describe, expect, it } from 'vitest';
import { decryptKey, encryptKey, type PseudonymisationKey } from './key';

const KEY: PseudonymisationKey = {
  createdAt: '2026-12-05T00:00:00.000Z',
  source: { guid: 'g1', file: 'study.weft' },
  copyGuid: 'g2',
  terms: [{ term: 'Samantha Ørsted', pseudonym: 'P07' }],
  documents: [{ guid: 'd1', name: 'Interview Samantha', replacements: 2 }],
  fields: [{ table: 'documents', row: 'd1', column: 'text', hash: 'h', replacements: [[3, 6, 'Samantha Ørsted']] }],
  adjusted: [],
};

describe('pseudonymisation key file', () => {
  it('round-trips with the passphrase and shows no term in the clear', () => {
    const content = encryptKey(KEY, 'correct horse 🐴');
    expect(content).not.toMatch(/Samantha|Ørsted|P07|Interview/);
    expect(JSON.parse(content)).toMatchObject({ format: 'weft-pseudonymisation-key', version: 1, kdf: { name: 'scrypt' }, cipher: { name: 'aes-256-gcm' } });
    expect(decryptKey(content, 'correct horse 🐴', 'k.weftkey')).toEqual(KEY);
  });

  it('uses a new salt and IV each time', () => {
    const a = JSON.parse(encryptKey(KEY, 'passphrase-1')) as { kdf: { salt: string }; cipher: { iv: string }; data: string };
    const b = JSON.parse(encryptKey(KEY, 'passphrase-1')) as typeof a;
    expect(a.kdf.salt).not.toBe(b.kdf.salt);
    expect(a.cipher.iv).not.toBe(b.cipher.iv);
    expect(a.data).not.toBe(b.data);
  });

  it('cannot be read with a wrong passphrase, or once changed, and says so', () => {
    const content = encryptKey(KEY, 'passphrase-1');
    expect(() => decryptKey(content, 'passphrase-2', 'k.weftkey')).toThrow('The key “k.weftkey” cannot be read: the passphrase is wrong, or the file was changed.');
    const header = JSON.parse(content) as { kdf: { N: number } };
    header.kdf.N = 2 ** 14;
    expect(() => decryptKey(JSON.stringify(header), 'passphrase-1', 'k.weftkey')).toThrow(/passphrase is wrong, or the file was changed/);
    expect(() => decryptKey('{"format":"x"}', 'passphrase-1', 'k.weftkey')).toThrow(/not a Weft pseudonymisation key/);
  });

  it('refuses a short passphrase', () => {
    expect(() => encryptKey(KEY, 'short')).toThrow(/at least 8 characters/);
  });
});
