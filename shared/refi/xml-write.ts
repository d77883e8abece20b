/** A minimal XML writer: element trees rendered with escaping that round-trips exactly. */
import { attrValue, escapeText, xmlSafe } from '../xml/text.js';

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
  for (const k in attrs) {
    const v = attrs[k];
    if (v !== undefined) list.push([k, typeof v === 'string' ? v : String(v)]);
  }
  const node: XmlNode = { name, attrs: list, children };
  if (text !== undefined) node.text = text;
  return node;
}

/**
 * One attribute as it is written (` name="value"`, made XML-safe and escaped), or '' when the
 * value is undefined. For writing an element's lines directly (`elementLines`) as `render` would.
 */
export function attr(name: string, value: string | number | undefined): string {
  if (value === undefined) return '';
  return ` ${name}="${typeof value === 'number' ? value : attrValue(value)}"`;
}

function attrsOf(node: XmlNode): string {
  let out = '';
  for (const [k, v] of node.attrs) out += attr(k, v);
  return out;
}

/** Two spaces per level of depth (the documents are shallow: kept, not rebuilt per line). */
const pads: string[] = [];
const padOf = (depth: number) => (pads[depth] ??= '  '.repeat(depth));

/**
 * An element with children as lines (each ending in LF): `attrs` as `attr` writes them, `body`
 * the children's lines at `depth + 1`; with no children it is one empty-element line.
 */
export function elementLines(name: string, attrs: string, body: string, depth: number): string {
  const pad = padOf(depth);
  return body === '' ? `${pad}<${name}${attrs}/>\n` : `${pad}<${name}${attrs}>\n${body}${pad}</${name}>\n`;
}

/** `elementLines` with the children's lines as separate strings, and so the result. */
export function elementParts(name: string, attrs: string, body: string[], depth: number): string[] {
  const pad = padOf(depth);
  return body.length === 0 ? [`${pad}<${name}${attrs}/>\n`] : [`${pad}<${name}${attrs}>\n`, ...body, `${pad}</${name}>\n`];
}

/** Appends the element's lines to `out`, each ending in LF. */
function render(node: XmlNode, depth: number, out: string): string {
  const pad = padOf(depth);
  const attrs = attrsOf(node);
  if (node.text !== undefined) return `${out}${pad}<${node.name}${attrs}>${escapeText(xmlSafe(node.text).value)}</${node.name}>\n`;
  if (node.children.length === 0) return `${out}${pad}<${node.name}${attrs}/>\n`;
  out += `${pad}<${node.name}${attrs}>\n`;
  for (const c of node.children) out = render(c, depth + 1, out);
  return `${out}${pad}</${node.name}>\n`;
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/**
 * Pieces of a document for writing it in parts: `renderXmlPart` renders one element at a depth
 * (its lines, each ending in LF); `openTagLine`/`closeTagLine` frame children written in parts,
 * and `emptyTagLine` is the element when it turned out to have none. Concatenated, the parts are
 * exactly what `renderXml` writes for the whole tree.
 */
export function renderXmlPart(node: XmlNode, depth: number): string {
  return render(node, depth, '');
}
export const openTagLine = (node: XmlNode, depth: number) => `${padOf(depth)}<${node.name}${attrsOf(node)}>\n`;
export const closeTagLine = (node: XmlNode, depth: number) => `${padOf(depth)}</${node.name}>\n`;
export const emptyTagLine = (node: XmlNode, depth: number) => `${padOf(depth)}<${node.name}${attrsOf(node)}/>\n`;

/** Renders a document: XML declaration, then the root, indented by two spaces, LF line ends. */
export function renderXml(root: XmlNode): string {
  return render(root, 0, `${XML_DECLARATION}\n`);
}
