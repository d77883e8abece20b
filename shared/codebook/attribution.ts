/** Quoting coded extracts with their attribution, for reports and the clipboard. */

export interface Attributable {
  text: string;
  participant: string | null;
  speaker: string | null;
  role: string | null;
  /** The participant's values of the project's quote attributes (setting `quoteAttributes`); when given, shown instead of role. */
  quoteAttributes?: { name: string; value: string }[];
  document: string;
}

/** What goes in brackets after the name: the quote attributes' values ("client, 34"), else the role; '' for none. */
export function quoteAttributeLabel(e: Pick<Attributable, 'role' | 'quoteAttributes'>): string {
  if (e.quoteAttributes) return e.quoteAttributes.map((a) => a.value).join(', ');
  return e.role ?? '';
}

/**
 * `"text" — Name (role)`: the extract's text in double quotes, then the participant (or the
 * speaker, or the document when neither is known) and the participant's quote attributes (by
 * default the role) when there are any.
 */
export function attribution(e: Attributable): string {
  const who = e.participant ?? e.speaker ?? e.document;
  const label = quoteAttributeLabel(e);
  return `"${e.text}" — ${who}${label ? ` (${label})` : ''}`;
}

/** Several extracts, one per paragraph. */
export function attributions(list: Attributable[]): string {
  return list.map(attribution).join('\n\n');
}
