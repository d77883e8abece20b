import { describe, expect, it } from 'vitest';
import { escapeAttr, escapeText, xmlSafe, xmlSafeText } from './text';

describe('XML text', () => {
  it('removes what XML 1.0 cannot carry; a lone surrogate becomes U+FFFD; tab, LF, CR and astral characters stay', () => {
    expect(xmlSafe('a\u0001b')).toEqual({ value: 'ab', changed: true });
    expect(xmlSafe('ok\t\n\r 😀')).toEqual({ value: 'ok\t\n\r 😀', changed: false });
    expect(xmlSafeText('x\ud800y\uffff')).toBe('x\ufffdy');
  });

  it('escapes text and attributes so that they read back exactly', () => {
    expect(escapeText('a<b & c>\r')).toBe('a&lt;b &amp; c&gt;&#13;');
    expect(escapeAttr('"x"\t\n')).toBe('&quot;x&quot;&#9;&#10;');
  });
});
