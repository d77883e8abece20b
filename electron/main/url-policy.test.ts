import { describe, expect, it } from 'vitest';
import { isAppUrl, isSafeExternalUrl } from './url-policy';

describe('window URL policy', () => {
  it('treats only app://weft pages as our own', () => {
    expect(isAppUrl('app://weft/index.html')).toBe(true);
    expect(isAppUrl('app://weft.evil/index.html')).toBe(false);
    expect(isAppUrl('https://weft.example/')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });

  it('hands only https and mailto links to the system browser', () => {
    expect(isSafeExternalUrl('https://www.qdasoftware.org/')).toBe(true);
    expect(isSafeExternalUrl('mailto:team@example.org')).toBe(true);
    for (const bad of ['http://example.org', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'app://weft/x']) {
      expect(isSafeExternalUrl(bad)).toBe(false);
    }
  });
});
