/**
 * Text inside XML (REFI-QDA files, SVG, XLSX and DOCX parts): the one place that knows which
 * characters XML 1.0 cannot carry and how text and attribute values are escaped.
 */

/** Characters XML 1.0 cannot carry at all, not even as character references (C0 controls but tab/LF/CR, U+FFFE/U+FFFF, lone surrogates). */
export const INVALID_XML_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Removes characters XML 1.0 cannot carry (a lone surrogate becomes U+FFFD); `changed` says whether any were. */
export function xmlSafe(s: string): { value: string; changed: boolean } {
  INVALID_XML_CHARS.lastIndex = 0;
  if (!INVALID_XML_CHARS.test(s)) return { value: s, changed: false };
  INVALID_XML_CHARS.lastIndex = 0;
  return { value: s.replace(INVALID_XML_CHARS, (c) => (c.length === 1 && c >= '\ud800' && c <= '\udfff' ? '\ufffd' : '')), changed: true };
}

/** `s` without the characters XML 1.0 cannot carry. */
export const xmlSafeText = (s: string): string => xmlSafe(s).value;

/** An attribute value as written: made XML-safe (`xmlSafe`) and escaped (`escapeAttr`). */
export const attrValue = (s: string) => (PLAIN_ATTR.test(s) ? s : escapeAttr(xmlSafe(s).value));
/** Printable ASCII but & < > ": nothing to remove or escape (GUIDs, dates, numbers, most names). */
const PLAIN_ATTR = /^[\x20\x21\x23-\x25\x27-\x3b\x3d\x3f-\x7e]*$/;

/** Characters that escapeText / escapeAttr rewrite: a value without any is written as it is. */
const TEXT_SPECIAL = /[&<>\r]/;
const ATTR_SPECIAL = /[&<>"\t\n\r]/;

/** Escapes element text (after xmlSafe) so that it reads back exactly. */
export const escapeText = (s: string) => (TEXT_SPECIAL.test(s) ? s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;') : s);

/** Escapes an attribute value (after xmlSafe) so that it reads back exactly, white space included. */
export const escapeAttr = (s: string) =>
  ATTR_SPECIAL.test(s)
    ? s
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/\t/g, '&#9;')
        .replace(/\n/g, '&#10;')
        .replace(/\r/g, '&#13;')
    : s;
