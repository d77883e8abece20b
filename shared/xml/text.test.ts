import { describe, expect, it } from 'vitest';
import { attrValue, escapeAttr, escapeText, xmlSafe, xmlSafeText } from './text';

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

  it('writes an attribute value as xmlSafe then escapeAttr would, whether or not it takes the plain-ASCII shortcut', () => {
    // every character from U+0000 to U+00FF, alone and inside plain text, and a few beyond (a lone surrogate, an emoji, U+FFFF)
    const chars = [...Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)), '\ud800', '\udc00', '😀', '\uffff', '–'];
    for (const c of chars) {
      for (const value of [c, `a${c}b`, `1f71162b-91ae-4926-ad44-81c043e68e76${c}`]) expect(attrValue(value)).toBe(escapeAttr(xmlSafe(value).value));
    }
    expect(attrValue('2026-12-06T06:24:47.780Z')).toBe('2026-12-06T06:24:47.780Z');
    expect(attrValue('a "b" & <c>')).toBe('a &quot;b&quot; &amp; &lt;c&gt;');
  });
});
