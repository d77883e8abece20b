/**
 * A small, tolerant XML reader: bytes or text in, a tree of elements out, with namespaces resolved
 * to local names + namespace URIs and entities decoded by us. fast-xml-parser's validator checks
 * that the text is well-formed (and words the errors); the tree is then built in one pass here.
 *
 * Safety: entity processing in the library is switched off; we decode only the five predefined
 * entities and numeric character references, so a DOCTYPE cannot expand anything
 * ("billion laughs") and nothing external is ever loaded.
 */
import { XMLValidator } from 'fast-xml-parser';
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

const NAME_END = /[\s/>]/g;
const ATTR = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const MAX_DEPTH = 1000;

/**
 * Builds the element tree straight from the text, in one pass and without an intermediate tree
 * (a large project.qde would otherwise be held twice). The text has been checked well-formed by
 * XMLValidator before; this pass only needs to find tags, attributes, text and CDATA. Namespaces
 * are resolved per element; comments, processing instructions and the DOCTYPE are skipped.
 */
function buildTree(xml: string, unknownEntities: Set<string>, warnings: string[]): XmlElement[] {
  const roots: XmlElement[] = [];
  const stack: { el: XmlElement; scope: Map<string, string>; prefix: string; tag: string }[] = [];
  const n = xml.length;
  let i = 0;
  const addText = (raw: string, decode: boolean) => {
    const top = stack[stack.length - 1];
    if (top && raw !== '') top.el.text += decode ? decodeEntities(raw, unknownEntities) : raw;
  };
  while (i < n) {
    const lt = xml.indexOf('<', i);
    if (lt === -1) {
      addText(xml.slice(i), true);
      break;
    }
    if (lt > i) addText(xml.slice(i, lt), true);
    const c = xml.charCodeAt(lt + 1);
    if (c === 0x21 /* ! */) {
      if (xml.startsWith('<!--', lt)) {
        const end = xml.indexOf('-->', lt + 4);
        i = end === -1 ? n : end + 3;
      } else if (xml.startsWith('<![CDATA[', lt)) {
        const end = xml.indexOf(']]>', lt + 9);
        addText(xml.slice(lt + 9, end === -1 ? n : end), false);
        i = end === -1 ? n : end + 3;
      } else {
        // <!DOCTYPE …> with an optional internal subset in [ … ]
        let j = lt + 2;
        let depth = 0;
        let quote = 0;
        for (; j < n; j++) {
          const ch = xml.charCodeAt(j);
          if (quote) {
            if (ch === quote) quote = 0;
          } else if (ch === 0x22 || ch === 0x27) quote = ch;
          else if (ch === 0x5b) depth++;
          else if (ch === 0x5d) depth--;
          else if (ch === 0x3e && depth <= 0) break;
        }
        i = j + 1;
      }
      continue;
    }
    if (c === 0x3f /* ? */) {
      const end = xml.indexOf('?>', lt + 2);
      i = end === -1 ? n : end + 2;
      continue;
    }
    if (c === 0x2f /* / */) {
      const end = xml.indexOf('>', lt + 2);
      i = end === -1 ? n : end + 1;
      const done = stack.pop();
      if (done) close(done);
      continue;
    }
    // a start tag: find its end outside quoted attribute values
    let j = lt + 1;
    let quote = 0;
    for (; j < n; j++) {
      const ch = xml.charCodeAt(j);
      if (quote) {
        if (ch === quote) quote = 0;
      } else if (ch === 0x22 || ch === 0x27) quote = ch;
      else if (ch === 0x3e) break;
    }
    const selfClosing = xml.charCodeAt(j - 1) === 0x2f;
    const inner = xml.slice(lt + 1, selfClosing ? j - 1 : j);
    i = j + 1;
    NAME_END.lastIndex = 0;
    const m = NAME_END.exec(inner);
    const tag = m ? inner.slice(0, m.index) : inner;
    const parent = stack[stack.length - 1];
    let scope = parent ? parent.scope : new Map<string, string>();
    const attrs: Record<string, string> = {};
    ATTR.lastIndex = tag.length;
    for (let a = ATTR.exec(inner); a; a = ATTR.exec(inner)) {
      const k = a[1]!;
      const v = a[2] ?? a[3] ?? '';
      if (k === 'xmlns' || k.startsWith('xmlns:')) {
        if (parent && scope === parent.scope) scope = new Map(scope);
        scope.set(k === 'xmlns' ? '' : k.slice(6), decodeEntities(v, unknownEntities));
        continue;
      }
      if (k.includes(':')) continue;
      // XML 1.0 §3.3.3 attribute-value normalisation: literal tab/newline become spaces.
      attrs[k] = decodeEntities(v.replace(/[\t\n]/g, ' '), unknownEntities);
    }
    const colon = tag.indexOf(':');
    const prefix = colon === -1 ? '' : tag.slice(0, colon);
    const el: XmlElement = { name: colon === -1 ? tag : tag.slice(colon + 1), ns: scope.get(prefix), attrs, children: [], text: '' };
    if (parent) parent.el.children.push(el);
    else roots.push(el);
    const frame = { el, scope, prefix, tag };
    if (selfClosing) close(frame);
    else {
      stack.push(frame);
      if (stack.length > MAX_DEPTH) throw new RefiFormatError(`The file is not well-formed XML: elements are nested more than ${MAX_DEPTH} deep.`);
    }
  }
  function close(frame: { scope: Map<string, string>; prefix: string; tag: string }) {
    if (frame.prefix && !frame.scope.has(frame.prefix)) warnings.push(`The prefix “${frame.prefix}:” of <${frame.tag}> is not declared.`);
  }
  return roots;
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

  const unknownEntities = new Set<string>();
  const roots = buildTree(xml, unknownEntities, warnings);
  if (roots.length === 0) throw new RefiFormatError('The file contains no XML element.');
  if (roots.length > 1) throw new RefiFormatError(`The file has ${roots.length} root elements; XML allows exactly one.`);
  if (unknownEntities.size) {
    warnings.push(`Unknown XML entities were left as written: ${[...unknownEntities].map((e) => `&${e};`).join(', ')}.`);
  }
  return { root: roots[0]!, warnings };
}
