/** Quoting coded extracts with their attribution, for reports and the clipboard. */

export interface Attributable {
  text: string;
  participant: string | null;
  speaker: string | null;
  role: string | null;
  document: string;
}

/**
 * `"text" — Name (role)`: the extract's text in double quotes, then the participant (or the
 * speaker, or the document when neither is known) and the participant's role when there is one.
 */
export function attribution(e: Attributable): string {
  const who = e.participant ?? e.speaker ?? e.document;
  return `"${e.text}" — ${who}${e.role ? ` (${e.role})` : ''}`;
}

/** Several extracts, one per paragraph. */
export function attributions(list: Attributable[]): string {
  return list.map(attribution).join('\n\n');
}
