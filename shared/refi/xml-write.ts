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

function render(node: XmlNode, depth: number, out: string[]) {
  const pad = '  '.repeat(depth);
  const attrs = node.attrs.map(([k, v]) => ` ${k}="${escapeAttr(xmlSafe(v).value)}"`).join('');
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

/** Renders a document: XML declaration, then the root, indented by two spaces, LF line ends. */
export function renderXml(root: XmlNode): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  render(root, 0, out);
  return `${out.join('\n')}\n`;
}
