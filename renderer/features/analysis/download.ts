/** Chart exports: an SVG element as a standalone SVG document or a PNG; safe export file names. Saving is renderer/browser/files.ts. */
import { xmlSafeText } from '../../../shared/xml/text';

/** A file name without characters file systems refuse. */
export function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim() || 'export';
}

/** Removes, in place, the characters XML 1.0 cannot carry from every text node and attribute (the browser's serializer writes them as they are). */
function stripXmlUnsafe(el: Element) {
  for (const a of Array.from(el.attributes)) {
    const v = xmlSafeText(a.value);
    if (v !== a.value) el.setAttribute(a.name, v);
  }
  for (const n of Array.from(el.childNodes)) {
    if (n.nodeType === 1) stripXmlUnsafe(n as Element);
    else if (n.nodeType === 3 || n.nodeType === 4) {
      const v = xmlSafeText(n.nodeValue ?? '');
      if (v !== n.nodeValue) n.nodeValue = v;
    }
  }
}

/**
 * The SVG element as a standalone, well-formed SVG document (the charts and the thematic map use
 * attributes, not stylesheet classes). `prepare` may adjust the copy (size, view box) first.
 */
export function serializeSvg(svg: SVGSVGElement, prepare?: (copy: SVGSVGElement) => void): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('version', '1.1');
  prepare?.(clone);
  stripXmlUnsafe(clone);
  const body = new XMLSerializer().serializeToString(clone);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body}\n`;
}

/** Draws the SVG onto a canvas (at `scale`× for crisp text) and returns a PNG. */
export async function svgToPng(svg: SVGSVGElement, scale = 2): Promise<Blob> {
  const width = Number(svg.getAttribute('width')) || svg.clientWidth;
  const height = Number(svg.getAttribute('height')) || svg.clientHeight;
  const url = URL.createObjectURL(new Blob([serializeSvg(svg)], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const img = new Image();
    img.decoding = 'async';
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('The chart could not be drawn as an image.'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(width * scale);
    canvas.height = Math.ceil(height * scale);
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG export failed'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}
