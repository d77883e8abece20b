/**
 * A small, tolerant XML reader on top of fast-xml-parser: bytes or text in, a tree of elements
 * out, with namespaces resolved to local names + namespace URIs and entities decoded by us.
 *
 * Safety: entity processing in the library is switched off; we decode only the five predefined
 * entities and numeric character references, so a DOCTYPE cannot expand anything
 * ("billion laughs") and nothing external is ever loaded.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { UserInputError } from '../api/errors.js';

export interface XmlElement {
  /** Local name (prefix removed). */
  name: string;
  /** Namespace URI, or undefined when none is in scope. */
  ns: string | undefined;
  /** Unprefixed attributes, decoded. Namespace declarations and prefixed attributes are dropped. */
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Direct text content (text and CDATA), decoded, concatenated. */
  text: string;
}

/** The file is not XML we can read; the message says why, specifically (a UserInputError: the caller names the file). */
export class RefiFormatError extends UserInputError {
  constructor(message: string) {
    super(undefined, message);
    this.name = 'RefiFormatError';
  }
}

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };


function decodeEntities(raw: string, unknown: Set<string>): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_][\w.-]*);/g, (m, body: string) => {
    if (body.startsWith('#')) {
      const cp = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      if (!Number.isFinite(cp) || cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\ufffd';
      return String.fromCodePoint(cp);
    }
    const v = PREDEFINED[body];
    if (v !== undefined) return v;
    unknown.add(body);
    return m;
  });
}

/** Bytes → string: honours a UTF-8/UTF-16 BOM and the XML declaration's encoding. */
export function decodeXmlBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const declared = /^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1]?.toLowerCase();
  if (declared && declared !== 'utf-8' && declared !== 'utf8') {
    try {
      return new TextDecoder(declared).decode(bytes);
    } catch {
      // unknown label: fall through to UTF-8
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new RefiFormatError('The XML is not valid UTF-8 text (QDA-XML files must be UTF-8).');
  }
}

interface FxpNode {
  [key: string]: unknown;
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: '#cdata',
  commentPropName: false,
  maxNestedTags: 1000,
});

function describeValidationError(err: { code: string; msg: string; line: number; col?: number }): string {
  const where = err.col !== undefined ? `line ${err.line}, column ${err.col}` : `line ${err.line}`;
  const unclosed = /^Invalid '\[(.*)\]' found\.$/s.exec(err.msg);
  if (err.code === 'InvalidXml' && unclosed) {
    const names = [...unclosed[1]!.matchAll(/"([^"]+)"/g)].map((m) => m[1]!.replace(/^.*:/, ''));
    return `The file is truncated or incomplete: the element${names.length === 1 ? '' : 's'} ${names
      .map((n) => `<${n}>`)
      .join(' > ')} ${names.length === 1 ? 'is' : 'are'} never closed.`;
  }
  if (err.code === 'InvalidXml' && /Start tag expected/.test(err.msg)) return 'The file is empty or contains no XML element.';
  return `The file is not well-formed XML (${where}): ${err.msg}`;
}

export interface ReadXmlResult {
  root: XmlElement;
  warnings: string[];
}

/** Parses XML text into an element tree. Throws RefiFormatError for anything that is not well-formed XML. */
export function readXml(input: string | Uint8Array): ReadXmlResult {
  let xml = typeof input === 'string' ? input : decodeXmlBytes(input);
  if (xml.charCodeAt(0) === 0xfeff) xml = xml.slice(1);
  // XML 1.0 §2.11: line ends are normalised to LF before parsing (char refs like &#13; survive).
  xml = xml.replace(/\r\n?/g, '\n');
  if (xml.trim() === '') throw new RefiFormatError('The file is empty.');
  const valid = XMLValidator.validate(xml, { allowBooleanAttributes: false });
  if (valid !== true) throw new RefiFormatError(describeValidationError(valid.err));
  const warnings: string[] = [];
  if (/<!DOCTYPE/i.test(xml.slice(0, 4096))) warnings.push('The file has a DOCTYPE declaration; it was ignored (custom entities are not expanded).');

  let nodes: FxpNode[];
  try {
    nodes = parser.parse(xml) as FxpNode[];
  } catch (err) {
    throw new RefiFormatError(`The file is not well-formed XML: ${(err as Error).message}`);
  }
  const unknownEntities = new Set<string>();
  const roots: XmlElement[] = [];
  const convert = (node: FxpNode, scope: Map<string, string>): XmlElement | null => {
    const tag = Object.keys(node).find((k) => k !== ':@');
    if (tag === undefined || tag === '#text' || tag === '#cdata') return null;
    const rawAttrs = (node[':@'] ?? {}) as Record<string, string>;
    let local = scope;
    for (const [k, v] of Object.entries(rawAttrs)) {
      if (k === 'xmlns' || k.startsWith('xmlns:')) {
        if (local === scope) local = new Map(scope);
        local.set(k === 'xmlns' ? '' : k.slice(6), decodeEntities(String(v), unknownEntities));
      }
    }
    const colon = tag.indexOf(':');
    const prefix = colon === -1 ? '' : tag.slice(0, colon);
    const name = colon === -1 ? tag : tag.slice(colon + 1);
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(rawAttrs)) {
      if (k === 'xmlns' || k.includes(':')) continue;
      // XML 1.0 §3.3.3 attribute-value normalisation: literal tab/newline become spaces.
      attrs[k] = decodeEntities(String(v).replace(/[\t\n]/g, ' '), unknownEntities);
    }
    const el: XmlElement = { name, ns: local.get(prefix), attrs, children: [], text: '' };
    const kids = node[tag];
    if (Array.isArray(kids)) {
      for (const kid of kids as FxpNode[]) {
        if ('#text' in kid) el.text += decodeEntities(String(kid['#text']), unknownEntities);
        else if ('#cdata' in kid) {
          for (const part of kid['#cdata'] as FxpNode[]) if ('#text' in part) el.text += String(part['#text']);
        } else {
          const child = convert(kid, local);
          if (child) el.children.push(child);
        }
      }
    }
    if (prefix && !local.has(prefix)) warnings.push(`The prefix “${prefix}:” of <${tag}> is not declared.`);
    return el;
  };
  for (const node of nodes) {
    const el = convert(node, new Map());
    if (el) roots.push(el);
  }
  if (roots.length === 0) throw new RefiFormatError('The file contains no XML element.');
  if (roots.length > 1) throw new RefiFormatError(`The file has ${roots.length} root elements; XML allows exactly one.`);
  if (unknownEntities.size) {
    warnings.push(`Unknown XML entities were left as written: ${[...unknownEntities].map((e) => `&${e};`).join(', ')}.`);
  }
  return { root: roots[0]!, warnings };
}
