/** A minimal XML writer: element trees rendered with escaping that round-trips exactly. */
import { escapeAttr, escapeText, xmlSafe } from '../xml/text.js';

export interface XmlNode {
  name: string;
  attrs: [string, string][];
  children: XmlNode[];
  /** Text content; an element has either text or children. */
  text?: string;
}

/** Builds a node, leaving out attributes whose value is undefined. */
export function el(name: string, attrs: Record<string, string | number | boolean | undefined> = {}, children: XmlNode[] = [], text?: string): XmlNode {
  const list: [string, string][] = [];
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) list.push([k, String(v)]);
  const node: XmlNode = { name, attrs: list, children };
  if (text !== undefined) node.text = text;
  return node;
}

const attrsOf = (node: XmlNode) => node.attrs.map(([k, v]) => ` ${k}="${escapeAttr(xmlSafe(v).value)}"`).join('');

function render(node: XmlNode, depth: number, out: string[]) {
  const pad = '  '.repeat(depth);
  const attrs = attrsOf(node);
  if (node.text !== undefined) {
    out.push(`${pad}<${node.name}${attrs}>${escapeText(xmlSafe(node.text).value)}</${node.name}>`);
  } else if (node.children.length === 0) {
    out.push(`${pad}<${node.name}${attrs}/>`);
  } else {
    out.push(`${pad}<${node.name}${attrs}>`);
    for (const c of node.children) render(c, depth + 1, out);
    out.push(`${pad}</${node.name}>`);
  }
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/**
 * Pieces of a document for writing it in parts: `renderXmlPart` renders one element at a depth
 * (its lines, each ending in LF); `openTagLine`/`closeTagLine` frame children written in parts,
 * and `emptyTagLine` is the element when it turned out to have none. Concatenated, the parts are
 * exactly what `renderXml` writes for the whole tree.
 */
export function renderXmlPart(node: XmlNode, depth: number): string {
  const out: string[] = [];
  render(node, depth, out);
  return `${out.join('\n')}\n`;
}
export const openTagLine = (node: XmlNode, depth: number) => `${'  '.repeat(depth)}<${node.name}${attrsOf(node)}>\n`;
export const closeTagLine = (node: XmlNode, depth: number) => `${'  '.repeat(depth)}</${node.name}>\n`;
export const emptyTagLine = (node: XmlNode, depth: number) => `${'  '.repeat(depth)}<${node.name}${attrsOf(node)}/>\n`;

/** Renders a document: XML declaration, then the root, indented by two spaces, LF line ends. */
export function renderXml(root: XmlNode): string {
  const out: string[] = [XML_DECLARATION];
  render(root, 0, out);
  return `${out.join('\n')}\n`;
}
