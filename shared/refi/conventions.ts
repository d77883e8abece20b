/**
 * Weft's conventions for what REFI-QDA has no element for (documented in MAPPING.md):
 * - a code's definition / inclusion / exclusion / example, carried in the code's <Description>;
 * - themes, carried as <Set>s of <MemberCode> with a marker line in the set's <Description>;
 * - attribute scope and category lists, carried in the <Variable>'s <Description>.
 * Every layout here is re-parseable: export → import gives back the same fields.
 */

export interface CodeDescriptionFields {
  definition: string;
  inclusion: string;
  exclusion: string;
  example: string;
}

type Section = 'inclusion' | 'exclusion' | 'example';

export const CODE_HEADINGS: Record<Section, string> = {
  inclusion: '## Inclusion criteria',
  exclusion: '## Exclusion criteria',
  example: '## Example',
};

/** A heading line as the parser recognises it (lenient, so hand-written descriptions work too). */
const HEADING = /^#{1,6}[ \t]*(inclusion(?:[ \t]+criteria)?|include|exclusion(?:[ \t]+criteria)?|exclude|examples?)[ \t]*:?[ \t]*$/i;
/** A field line that would read as a heading, possibly already escaped with backslashes. */
const NEEDS_ESCAPE = /^\\*#{1,6}[ \t]*(inclusion(?:[ \t]+criteria)?|include|exclusion(?:[ \t]+criteria)?|exclude|examples?)[ \t]*:?[ \t]*$/i;
const ESCAPED = /^\\(\\*#{1,6}[ \t]*(?:inclusion(?:[ \t]+criteria)?|include|exclusion(?:[ \t]+criteria)?|exclude|examples?)[ \t]*:?[ \t]*)$/i;

const sectionOf = (word: string): Section => {
  const w = word.toLowerCase();
  if (w.startsWith('incl')) return 'inclusion';
  if (w.startsWith('excl')) return 'exclusion';
  return 'example';
};

const escapeField = (text: string) =>
  text
    .split('\n')
    .map((l) => (NEEDS_ESCAPE.test(l) ? `\\${l}` : l))
    .join('\n');

const unescapeLine = (l: string) => ESCAPED.exec(l)?.[1] ?? l;

/**
 * The <Description> of a code:
 *
 *     <definition>
 *
 *     ## Inclusion criteria
 *     <inclusion>
 *
 *     ## Exclusion criteria
 *     <exclusion>
 *
 *     ## Example
 *     <example>
 *
 * Empty fields are left out (with their heading). A line inside a field that would read as a
 * heading is escaped with a leading backslash. Returns '' when every field is empty.
 */
export function composeCodeDescription(f: CodeDescriptionFields): string {
  const parts: string[] = [];
  if (f.definition !== '') parts.push(escapeField(f.definition));
  for (const key of ['inclusion', 'exclusion', 'example'] as const) {
    if (f[key] !== '') parts.push(`${CODE_HEADINGS[key]}\n${escapeField(f[key])}`);
  }
  return parts.join('\n\n');
}

/** Reads a code <Description> back into Weft's fields; text without headings is all definition. */
export function parseCodeDescription(description: string | undefined): CodeDescriptionFields {
  const out: CodeDescriptionFields = { definition: '', inclusion: '', exclusion: '', example: '' };
  if (!description) return out;
  const lines = description.replace(/\r\n?/g, '\n').split('\n');
  const sections: { key: keyof CodeDescriptionFields; lines: string[] }[] = [{ key: 'definition', lines: [] }];
  for (const line of lines) {
    const m = HEADING.exec(line);
    if (m) sections.push({ key: sectionOf(m[1]!), lines: [] });
    else sections[sections.length - 1]!.lines.push(unescapeLine(line));
  }
  sections.forEach((s, i) => {
    let text = s.lines.join('\n');
    // The blank line that separates a section from the next heading belongs to the layout.
    if (i < sections.length - 1 && text.endsWith('\n')) text = text.slice(0, -1);
    if (text === '') return;
    out[s.key] = out[s.key] === '' ? text : `${out[s.key]}\n\n${text}`;
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Marker lines: "(Weft theme; status: final; colour: #9b8fd6; parent: <guid>)"

function composeMarker(kind: string, fields: Record<string, string | undefined>): string {
  const parts = Object.entries(fields)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}: ${v!.replace(/[;()\n]/g, ' ')}`);
  return `(${kind}${parts.length ? `; ${parts.join('; ')}` : ''})`;
}

function splitMarker(kind: string, description: string | undefined): { body: string; fields: Record<string, string> } | null {
  if (!description) return null;
  const text = description.replace(/\r\n?/g, '\n').replace(/\s+$/, '');
  const nl = text.lastIndexOf('\n');
  const last = text.slice(nl + 1).trim();
  const m = new RegExp(`^\\(${kind}((?:;[^()]*)?)\\)$`, 'i').exec(last);
  if (!m) return null;
  const fields: Record<string, string> = {};
  for (const part of m[1]!.split(';')) {
    const c = part.indexOf(':');
    if (c === -1) continue;
    fields[part.slice(0, c).trim().toLowerCase()] = part.slice(c + 1).trim();
  }
  let body = nl === -1 ? '' : text.slice(0, nl);
  if (body.endsWith('\n')) body = body.slice(0, -1);
  return { body, fields };
}

export const THEME_STATUSES = ['candidate', 'reviewed', 'final', 'discarded'] as const;
export type ThemeStatus = (typeof THEME_STATUSES)[number];

export interface ThemeMarker {
  definition: string;
  status: ThemeStatus;
  color?: string;
  /** GUID of the parent theme's Set. */
  parent?: string;
}

/** The <Description> of a Set that carries a Weft theme: its definition, a blank line, the marker. */
export function composeThemeDescription(t: ThemeMarker): string {
  const marker = composeMarker('Weft theme', { status: t.status, colour: t.color, parent: t.parent });
  return t.definition === '' ? marker : `${t.definition}\n\n${marker}`;
}

/** Reads a Set description; null when it does not carry the Weft theme marker. */
export function parseThemeDescription(description: string | undefined): ThemeMarker | null {
  const m = splitMarker('Weft theme', description);
  if (!m) return null;
  const status = (THEME_STATUSES as readonly string[]).includes(m.fields.status ?? '') ? (m.fields.status as ThemeStatus) : 'candidate';
  const t: ThemeMarker = { definition: m.body, status };
  const color = m.fields.colour ?? m.fields.color;
  if (color && /^#[0-9a-f]{6}$/i.test(color)) t.color = color.toLowerCase();
  if (m.fields.parent) t.parent = m.fields.parent;
  return t;
}

export interface AttributeMarker {
  scope?: 'case' | 'document';
  /** Weft's kind, when the variable's type cannot say it (e.g. a number attribute with non-numeric values, exported as Text). */
  kind?: 'text' | 'number' | 'date' | 'boolean' | 'category';
  categories?: string[];
  /** How a boolean attribute spells true and false in Weft (e.g. "yes"/"no"), when not "true"/"false". */
  spelling?: { true: string; false: string };
}

const ATTRIBUTE_KINDS = ['text', 'number', 'date', 'boolean', 'category'] as const;

/** The <Description> of a Variable exported from a Weft attribute. */
export function composeAttributeDescription(a: AttributeMarker): string {
  return composeMarker('Weft attribute', {
    scope: a.scope,
    kind: a.kind,
    true: a.spelling?.true,
    false: a.spelling?.false,
    categories: a.categories ? JSON.stringify(a.categories).replace(/[;()\n]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : undefined,
  });
}

/**
 * The researcher's own text in a variable's description: all of it when it has no Weft marker
 * (another tool's description), else what precedes the marker. Empty when there is none.
 */
export function attributeDescriptionText(description: string | undefined): string {
  const m = splitMarker('Weft attribute', description);
  return (m ? m.body : (description ?? '')).trim();
}

export function parseAttributeDescription(description: string | undefined): AttributeMarker | null {
  const m = splitMarker('Weft attribute', description);
  if (!m) return null;
  const out: AttributeMarker = {};
  if (m.fields.scope === 'case' || m.fields.scope === 'document') out.scope = m.fields.scope;
  const kind = ATTRIBUTE_KINDS.find((k) => k === m.fields.kind);
  if (kind) out.kind = kind;
  if (m.fields.true && m.fields.false) out.spelling = { true: m.fields.true, false: m.fields.false };
  if (m.fields.categories) {
    try {
      const parsed: unknown = JSON.parse(m.fields.categories);
      if (Array.isArray(parsed) && parsed.every((x) => typeof x === 'string')) out.categories = parsed as string[];
    } catch {
      // not ours: ignore
    }
  }
  return out;
}
