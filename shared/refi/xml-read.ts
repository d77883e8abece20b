/**
 * A small, tolerant, streaming XML reader: bytes or text in (whole or in chunks), elements out,
 * with namespaces resolved to local names + namespace URIs and entities decoded by us. It checks
 * well-formedness as it reads (one pass: tags nest and match, attributes are quoted and not
 * repeated, names are names, nothing but comments and processing instructions outside the root),
 * and it hands each element to the caller when it closes, so a caller that converts and lets go
 * of its bulk elements (a project's sources) never holds the whole tree, nor the whole text.
 *
 * Safety: nothing is ever expanded or loaded: we decode only the five predefined entities and
 * numeric character references, so a DOCTYPE cannot expand anything ("billion laughs") and
 * nothing external is ever loaded. Elements may nest at most MAX_DEPTH deep.
 */
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
  if (!raw.includes('&')) return own(raw);
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

/**
 * A copy of `s` that does not point into the chunk of text it was cut from: V8 keeps a cut of 13
 * characters or more as a view of the whole chunk, so the values a caller keeps (GUIDs, dates,
 * names) would hold every chunk of the file alive. Shorter cuts are copies already.
 */
const own = (s: string) => (s.length < 13 ? s : (s + ' ').slice(0, -1));

const NOT_UTF8 = 'The XML is not valid UTF-8 text (QDA-XML files must be UTF-8).';

/** What we use of a TextDecoder (typed here: the Node and DOM typings name it differently). */
interface Decoder {
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}

/** How many bytes of the file's start tell its encoding (a BOM, the XML declaration: decoderFor). */
const HEAD_BYTES = 200;

function concatBytes(parts: readonly Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The decoder for a file that starts with `head`, and how many bytes of it (a BOM) to skip. */
function decoderFor(head: Uint8Array): { decoder: Decoder; skip: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { decoder: new TextDecoder('utf-8'), skip: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { decoder: new TextDecoder('utf-16le'), skip: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { decoder: new TextDecoder('utf-16be'), skip: 2 };
  const start = new TextDecoder('latin1').decode(head.subarray(0, HEAD_BYTES));
  const declared = /^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(start)?.[1]?.toLowerCase();
  if (declared && declared !== 'utf-8' && declared !== 'utf8') {
    try {
      return { decoder: new TextDecoder(declared), skip: 0 };
    } catch {
      // unknown label: fall through to UTF-8
    }
  }
  return { decoder: new TextDecoder('utf-8', { fatal: true }), skip: 0 };
}

/** XML 1.0 names (the production of fast-xml-parser's validator, which this reader replaces). */
const NAME_START = ':A-Za-z_\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD';
// eslint-disable-next-line no-misleading-character-class -- the XML name production: combining marks (U+0300–036F) are a range of name characters here
const NAME = new RegExp(`^[${NAME_START}][${NAME_START}\\-.\\d\\u00B7\\u0300-\\u036F\\u203F-\\u2040]*$`);
const NAME_END = /[\s/>]/g;
/** One attribute, at `lastIndex` (sticky): name = "value" or name = 'value'. */
const ATTR = /([^\s=/>"'<]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;
const SPACE = /\s*/y;
/** A whole start tag at `lastIndex` (sticky): its name, its attributes, and "/" when it closes itself. */
const START_TAG = /<([^\s/>"'<=]+)((?:\s+[^\s=/>"'<]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
/** The attributes of a tag START_TAG matched. */
const ATTRS = /([^\s=/>"'<]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const MAX_DEPTH = 1000;
/** The longest entity reference waited for across chunks (“&#x10FFFF;”, “&amp;”, any named one). */
const MAX_ENTITY = 64;

export interface XmlHooks {
  /** An element opened: its name, namespace and attributes are known, its children not yet. `depth` 0 is the root. */
  open?(el: XmlElement, parent: XmlElement | undefined, depth: number): void;
  /** An element closed. Return false to leave it out of its parent's children (the caller has used it). */
  close?(el: XmlElement, parent: XmlElement | undefined, depth: number): boolean | void;
}

interface Frame {
  el: XmlElement;
  scope: Map<string, string>;
  prefix: string;
  tag: string;
}

export interface ReadXmlResult {
  root: XmlElement;
  warnings: string[];
}

/**
 * The streaming reader: `write` text or `writeBytes` in chunks of any size (a tag, an entity or a
 * line end may be cut anywhere), then `end`. Throws RefiFormatError, naming the line and column,
 * at the first thing that is not well-formed.
 */
export class XmlReader {
  readonly warnings: string[] = [];
  private buf = '';
  /** Line number (1-based) and column offset of `buf`'s first character in the whole text. */
  private line = 1;
  private col = 0;
  /** Characters of the text already dropped from `buf`. */
  private consumed = 0;
  private pendingCR = false;
  private nonBlank = false;
  private readonly stack: Frame[] = [];
  private root: XmlElement | undefined;
  private rootClosed = false;
  private readonly unknownEntities = new Set<string>();
  private decoder: Decoder | undefined;
  private ended = false;
  /** Attribute values seen, decoded: one string for each value that repeats (see `shared`). */
  private readonly values = new Map<string, string>();
  /**
   * While a token (a tag, comment, CDATA section…) is incomplete at `buf`'s start, the text that
   * comes is set aside and the token is looked at again only once `buf` would be twice as long:
   * looking at it again with every chunk would scan a long token (a large attribute value or CDATA
   * section cut into many chunks) once per chunk, in time growing with the square of its length.
   */
  private retryAt = 0;
  /** How many times buffered text was parsed (a diagnostic: a long token costs a few passes, not one per chunk). */
  passes = 0;
  private waiting: string[] = [];
  private waitingLength = 0;
  /** The first bytes, held until there are enough to tell the encoding (a BOM, the XML declaration). */
  private head: Uint8Array[] = [];
  private headLength = 0;

  constructor(private readonly hooks: XmlHooks = {}) {}

  writeBytes(bytes: Uint8Array) {
    let chunk = bytes;
    if (!this.decoder) {
      // the encoding is told from the first HEAD_BYTES bytes, however the file is cut into chunks
      this.head.push(bytes);
      this.headLength += bytes.length;
      if (this.headLength < HEAD_BYTES) return;
      chunk = this.takeHead();
    }
    this.writeDecoded(chunk);
  }

  private writeDecoded(chunk: Uint8Array) {
    let text: string;
    try {
      text = this.decoder!.decode(chunk, { stream: true });
    } catch {
      throw new RefiFormatError(NOT_UTF8);
    }
    this.write(text);
  }

  write(text: string) {
    if (text === '') return;
    if (this.consumed === 0 && this.buf === '' && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    // XML 1.0 §2.11: line ends are normalised to LF before parsing (char refs like &#13; survive);
    // a CR at the end of a chunk waits for the next one (CR LF is one line end).
    if (this.pendingCR) text = `\r${text}`;
    this.pendingCR = text.charCodeAt(text.length - 1) === 0x0d;
    if (this.pendingCR) text = text.slice(0, -1);
    if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
    if (this.retryAt > 0) {
      this.waiting.push(text);
      this.waitingLength += text.length;
      if (this.buf.length + this.waitingLength < this.retryAt) return;
      text = this.takeWaiting();
    }
    this.buf = this.buf === '' ? text : this.buf + text;
    this.run(false);
  }

  /** The head bytes held, with the decoder chosen from them; returns them without their BOM. */
  private takeHead(): Uint8Array {
    const all = this.head.length === 1 ? this.head[0]! : concatBytes(this.head, this.headLength);
    this.head = [];
    this.headLength = 0;
    const d = decoderFor(all);
    this.decoder = d.decoder;
    return all.subarray(d.skip);
  }

  private takeWaiting(): string {
    const text = this.waiting.join('');
    this.waiting = [];
    this.waitingLength = 0;
    return text;
  }

  end(): ReadXmlResult {
    if (this.ended) throw new Error('XmlReader.end() called twice');
    this.ended = true;
    // a file shorter than the head: its encoding is told from what there is
    if (!this.decoder && this.headLength > 0) {
      const rest = this.takeHead();
      this.writeDecoded(rest);
    }
    if (this.decoder) {
      let rest: string;
      try {
        rest = this.decoder.decode();
      } catch {
        // a character cut in two at the end: the file was cut short
        if (this.stack.length) this.truncated();
        throw new RefiFormatError('The file is truncated or incomplete: it ends in the middle of a character.');
      }
      if (rest !== '') this.write(rest);
    }
    if (this.waitingLength > 0) this.buf += this.takeWaiting();
    this.retryAt = 0;
    if (this.pendingCR) {
      this.pendingCR = false;
      this.buf += '\n';
    }
    this.run(true);
    if (!this.nonBlank) throw new RefiFormatError('The file is empty.');
    if (!this.root) throw new RefiFormatError('The file contains no XML element.');
    if (this.stack.length) this.truncated();
    if (this.unknownEntities.size) {
      this.warnings.push(`Unknown XML entities were left as written: ${[...this.unknownEntities].map((e) => `&${e};`).join(', ')}.`);
    }
    return { root: this.root, warnings: this.warnings };
  }

  /** Reads whole input in one go. */
  static read(input: string | Uint8Array, hooks: XmlHooks = {}): ReadXmlResult {
    const reader = new XmlReader(hooks);
    if (typeof input === 'string') reader.write(input);
    else reader.writeBytes(input);
    return reader.end();
  }

  // ---------------------------------------------------------------------------------------------

  private fail(at: number, problem: string): never {
    let line = this.line;
    let col = this.col;
    let nl = this.buf.indexOf('\n');
    let lineStart = 0;
    while (nl !== -1 && nl < at) {
      line++;
      col = 0;
      lineStart = nl + 1;
      nl = this.buf.indexOf('\n', lineStart);
    }
    throw new RefiFormatError(`The file is not well-formed XML (line ${line}, column ${col + at - lineStart + 1}): ${problem}`);
  }

  private truncated(cut?: string): never {
    const names = this.stack.map((f) => f.el.name);
    if (cut !== undefined) names.push(cut.slice(cut.indexOf(':') + 1));
    if (names.length === 0) throw new RefiFormatError('The file is truncated or incomplete: it ends inside a tag.');
    throw new RefiFormatError(
      `The file is truncated or incomplete: the element${names.length === 1 ? '' : 's'} ${names.map((n) => `<${n}>`).join(' > ')} ${names.length === 1 ? 'is' : 'are'} never closed.`,
    );
  }

  /** Drops the first `i` characters of `buf`, keeping count of lines for error positions. */
  private drop(i: number) {
    if (i === 0) return;
    const buf = this.buf;
    let last = -1;
    for (let nl = buf.indexOf('\n'); nl !== -1 && nl < i; nl = buf.indexOf('\n', nl + 1)) {
      this.line++;
      last = nl;
    }
    this.col = last === -1 ? this.col + i : i - last - 1;
    this.consumed += i;
    this.buf = i === buf.length ? '' : buf.slice(i);
  }

  private text(from: number, to: number) {
    const raw = this.buf.slice(from, to);
    const top = this.stack[this.stack.length - 1];
    if (!top) {
      if (/\S/.test(raw)) this.fail(from + raw.search(/\S/), this.root ? 'there is text after the root element.' : 'there is text before the root element.');
      return;
    }
    this.nonBlank = true;
    top.el.text += decodeEntities(raw, this.unknownEntities);
  }

  private run(final: boolean) {
    this.passes++;
    const xml = this.buf;
    const n = xml.length;
    let i = 0;
    while (i < n) {
      const lt = xml.indexOf('<', i);
      if (lt === -1) {
        // text up to the end of what we have; an entity cut by the chunk's end waits for the rest
        let cut = n;
        if (!final) {
          const amp = xml.lastIndexOf('&');
          // an entity is short: a “&” far from the end without “;” is left to decodeEntities as written
          if (amp >= i && n - amp <= MAX_ENTITY && xml.indexOf(';', amp) === -1) cut = amp;
        }
        if (cut > i) this.text(i, cut);
        i = cut;
        break;
      }
      if (lt > i) this.text(i, lt);
      i = lt;
      if (lt + 1 >= n) {
        if (final) this.failEnd(lt, 'the file ends with “<”.');
        break;
      }
      const c = xml.charCodeAt(lt + 1);
      let next: number;
      if (c === 0x21 /* ! */) next = this.bang(lt, final);
      else if (c === 0x3f /* ? */) next = this.pi(lt, final);
      else if (c === 0x2f /* / */) next = this.endTag(lt, final);
      else next = this.startTag(lt, final);
      if (next === -1) break; // the token is not complete yet
      i = next;
    }
    this.drop(i);
    // what is left is a token not complete yet: looked at again once twice as much text is in
    this.retryAt = final || this.buf === '' ? 0 : this.buf.length * 2;
  }

  /** At the end of the input inside a token: truncated when elements are open, else `problem`. */
  private failEnd(at: number, problem: string, cut?: string): never {
    if (this.stack.length) this.truncated(cut);
    this.fail(at, problem);
  }

  private bang(lt: number, final: boolean): number {
    const xml = this.buf;
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      if (end === -1) return final ? this.failEnd(lt, 'a comment is never closed (“-->” is missing).') : -1;
      this.nonBlank = true;
      return end + 3;
    }
    if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt + 9);
      if (end === -1) return final ? this.failEnd(lt, 'a CDATA section is never closed (“]]>” is missing).') : -1;
      const top = this.stack[this.stack.length - 1];
      if (!top) this.fail(lt, 'a CDATA section is outside the root element.');
      this.nonBlank = true;
      top.el.text += own(xml.slice(lt + 9, end));
      return end + 3;
    }
    if (xml.startsWith('<!DOCTYPE', lt)) {
      if (this.root) this.fail(lt, 'a DOCTYPE declaration comes after the root element has started.');
      // <!DOCTYPE …> with an optional internal subset in [ … ]; nothing in it is used
      let depth = 0;
      let quote = 0;
      for (let j = lt + 9; j < xml.length; j++) {
        const ch = xml.charCodeAt(j);
        if (quote) {
          if (ch === quote) quote = 0;
        } else if (ch === 0x22 || ch === 0x27) quote = ch;
        else if (ch === 0x5b) depth++;
        else if (ch === 0x5d) depth--;
        else if (ch === 0x3e && depth <= 0) {
          this.nonBlank = true;
          this.warnings.push('The file has a DOCTYPE declaration; it was ignored (custom entities are not expanded).');
          return j + 1;
        }
      }
      return final ? this.fail(lt, 'the DOCTYPE declaration is never closed.') : -1;
    }
    if (!final && xml.length - lt < 9) return -1;
    return this.fail(lt, '“<!” starts neither a comment, a CDATA section nor a DOCTYPE declaration.');
  }

  private pi(lt: number, final: boolean): number {
    const xml = this.buf;
    const end = xml.indexOf('?>', lt + 2);
    if (end === -1) return final ? this.failEnd(lt, 'a processing instruction (“<?…”) is never closed (“?>” is missing).') : -1;
    NAME_END.lastIndex = lt + 2;
    const m = NAME_END.exec(xml);
    const target = xml.slice(lt + 2, m && m.index < end ? m.index : end);
    if (target.toLowerCase() === 'xml' && (this.consumed + lt !== 0 || this.nonBlank)) {
      this.fail(lt, 'the XML declaration (“<?xml …?>”) is allowed only at the very start of the file.');
    }
    if (!NAME.test(target)) this.fail(lt, `“<?${target}” is not a valid processing instruction.`);
    this.nonBlank = true;
    return end + 2;
  }

  private endTag(lt: number, final: boolean): number {
    const xml = this.buf;
    const gt = xml.indexOf('>', lt + 2);
    if (gt === -1) return final ? this.failEnd(lt, 'a closing tag is never finished (“>” is missing).') : -1;
    const tag = xml.slice(lt + 2, gt).trimEnd();
    const top = this.stack[this.stack.length - 1];
    if (!top) this.fail(lt, `the closing tag </${tag}> has no opening tag.`);
    if (tag !== top.tag) this.fail(lt, `the closing tag </${tag}> does not match the open element <${top.tag}>.`);
    this.stack.pop();
    this.closed(top);
    return gt + 1;
  }

  private startTag(lt: number, final: boolean): number {
    const xml = this.buf;
    START_TAG.lastIndex = lt;
    const m = START_TAG.exec(xml);
    if (!m) return this.startTagSlowly(lt, final);
    if (this.rootClosed) this.fail(lt, 'there is a second root element; XML allows exactly one.');
    const tag = m[1]!;
    if (!NAME.test(tag)) this.fail(lt, `“${tag}” is not a valid tag name.`);
    const next = START_TAG.lastIndex;
    const parent = this.stack[this.stack.length - 1];
    let scope = parent ? parent.scope : new Map<string, string>();
    const attrs: Record<string, string> = {};
    const part = m[2]!;
    if (part !== '') {
      let others: Set<string> | undefined;
      ATTRS.lastIndex = 0;
      for (let a = ATTRS.exec(part); a; a = ATTRS.exec(part)) {
        const key = a[1]!;
        const plain = !key.includes(':') && key !== 'xmlns';
        if (plain ? Object.hasOwn(attrs, key) : (others ??= new Set()).has(key)) this.fail(lt, `in <${tag}>, the attribute “${key}” is repeated.`);
        if (!NAME.test(key)) this.fail(lt, `in <${tag}>, “${key}” is not a valid attribute name.`);
        const v = a[2] ?? a[3] ?? '';
        if (plain) {
          // XML 1.0 §3.3.3 attribute-value normalisation: literal tab/newline become spaces.
          attrs[key] = key === 'guid' ? decodeEntities(v.includes('\t') || v.includes('\n') ? v.replace(/[\t\n]/g, ' ') : v, this.unknownEntities) : this.shared(v);
          continue;
        }
        others!.add(key);
        if (key === 'xmlns' || key.startsWith('xmlns:')) {
          if (parent && scope === parent.scope) scope = new Map(scope);
          scope.set(key === 'xmlns' ? '' : key.slice(6), decodeEntities(v, this.unknownEntities));
        }
        // other prefixed attributes are dropped
      }
    }
    this.opened(lt, tag, attrs, scope, parent, m[3] === '/');
    return next;
  }

  /** A start tag that START_TAG did not match: not complete yet, or not well-formed (said precisely here). */
  private startTagSlowly(lt: number, final: boolean): number {
    const xml = this.buf;
    const n = xml.length;
    // the tag's end, outside quoted attribute values
    let j = lt + 1;
    let quote = 0;
    for (; j < n; j++) {
      const ch = xml.charCodeAt(j);
      if (quote) {
        if (ch === quote) quote = 0;
      } else if (ch === 0x22 || ch === 0x27) quote = ch;
      else if (ch === 0x3e) break;
      else if (ch === 0x3c) this.fail(j, `“<” inside the tag that starts at “${xml.slice(lt, Math.min(j, lt + 40))}”.`);
    }
    if (j >= n) {
      if (!final) return -1;
      // the element being opened counts as left open when its whole name is there
      const cut = /^([^\s/>]*)\s/.exec(xml.slice(lt + 1, lt + 200))?.[1];
      this.failEnd(lt, 'a tag is never finished (“>” is missing).', cut !== undefined && NAME.test(cut) ? cut : undefined);
    }
    if (this.rootClosed) this.fail(lt, 'there is a second root element; XML allows exactly one.');
    const selfClosing = xml.charCodeAt(j - 1) === 0x2f;
    const end = selfClosing ? j - 1 : j;
    NAME_END.lastIndex = lt + 1;
    const m = NAME_END.exec(xml);
    const nameEnd = m && m.index < end ? m.index : end;
    const tag = xml.slice(lt + 1, nameEnd);
    if (!NAME.test(tag)) this.fail(lt, tag === '' ? '“<” is not followed by a tag name.' : `“${tag}” is not a valid tag name.`);
    let k = nameEnd;
    while (k < end) {
      SPACE.lastIndex = k;
      SPACE.exec(xml);
      const spaced = SPACE.lastIndex > k;
      k = SPACE.lastIndex;
      if (k >= end) break;
      ATTR.lastIndex = k;
      const a = ATTR.exec(xml);
      if (!a || ATTR.lastIndex > end) {
        const word = /^[^\s=]*/.exec(xml.slice(k, end))![0];
        this.fail(k, `in <${tag}>, the attribute “${word}” has no value in quotes.`);
      }
      if (!spaced) this.fail(k, `in <${tag}>, the attributes are not separated by white space.`);
      k = ATTR.lastIndex;
    }
    // Anything START_TAG refuses is refused above; this is not reached for a complete tag.
    return this.fail(lt, `the tag <${tag}> is not well-formed.`);
  }

  private opened(lt: number, tag: string, attrs: Record<string, string>, scope: Map<string, string>, parent: Frame | undefined, selfClosing: boolean) {
    const colon = tag.indexOf(':');
    const prefix = colon === -1 ? '' : tag.slice(0, colon);
    const el: XmlElement = { name: colon === -1 ? tag : tag.slice(colon + 1), ns: scope.get(prefix), attrs, children: [], text: '' };
    this.nonBlank = true;
    if (parent) parent.el.children.push(el);
    else this.root = el;
    const frame: Frame = { el, scope, prefix, tag };
    this.hooks.open?.(el, parent?.el, this.stack.length);
    if (selfClosing) this.closed(frame);
    else {
      this.stack.push(frame);
      if (this.stack.length > MAX_DEPTH) this.fail(lt, `elements are nested more than ${MAX_DEPTH} deep.`);
    }
  }

  /**
   * A decoded attribute value, one string per distinct value: references, users and dates repeat
   * on every selection and coding of a project, and the model keeps each (own GUIDs, `guid`, are
   * unique and not looked up). The table is emptied when it grows large.
   */
  private shared(raw: string): string {
    const known = this.values.get(raw);
    if (known !== undefined) return known;
    const v = decodeEntities(raw.includes('\t') || raw.includes('\n') ? raw.replace(/[\t\n]/g, ' ') : raw, this.unknownEntities);
    if (this.values.size >= 65536) this.values.clear();
    this.values.set(v === raw ? v : own(raw), v);
    return v;
  }

  private closed(frame: Frame) {
    if (frame.prefix && !frame.scope.has(frame.prefix)) this.warnings.push(`The prefix “${frame.prefix}:” of <${frame.tag}> is not declared.`);
    const parent = this.stack[this.stack.length - 1];
    if (!parent) this.rootClosed = true;
    if (this.hooks.close?.(frame.el, parent?.el, this.stack.length) === false && parent) {
      const kids = parent.el.children;
      if (kids[kids.length - 1] === frame.el) kids.pop();
    }
  }
}

/** Parses XML text into an element tree. Throws RefiFormatError for anything that is not well-formed XML. */
export function readXml(input: string | Uint8Array): ReadXmlResult {
  return XmlReader.read(input);
}
