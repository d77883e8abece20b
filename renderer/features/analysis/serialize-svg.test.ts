// @vitest-environment happy-dom
/** Exported SVG (charts, thematic map) is well-formed XML whatever the names hold. */
import { describe, expect, it } from 'vitest';
import { serializeSvg } from './download';

const SVG_NS = 'http://www.w3.org/2000/svg';

describe('serializeSvg', () => {
  it('drops characters XML 1.0 cannot carry from text and attributes, keeping everything else', () => {
    const svg = document.createElementNS(SVG_NS, 'svg') as SVGSVGElement;
    const g = document.createElementNS(SVG_NS, 'g');
    g.setAttribute('aria-label', 'Theme\u0001 “A”');
    const text = document.createElementNS(SVG_NS, 'text');
    text.textContent = 'Code\u0001 \u0008name \ud800 é 👩‍👩‍👧 ثقة';
    g.appendChild(text);
    svg.appendChild(g);
    const out = serializeSvg(svg, (copy) => copy.setAttribute('width', '10'));
    expect(out.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')).toBe(true);
    expect(out).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(out).toContain('Code name \ufffd é 👩‍👩‍👧 ثقة');
    expect(out).toContain('Theme “A”');
    expect(out).toContain('width="10"');
    // the page's own SVG is not changed
    expect(text.textContent).toContain('\u0001');
  });
});
