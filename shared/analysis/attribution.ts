/**
 * Attribution: which participant(s) a coded extract belongs to. The one rule, used by retrieval
 * (extracts), the query layer (matrix, ranking, co-occurrence by case), theme review, reports and
 * exports. Pure: the inputs are loaded by electron/services/analysis/attribution-inputs.ts.
 *
 * The rule (documented in the README, "How attribution works"):
 *  1. The extract's turns are the speaker turns its span [start, end) overlaps (an empty span:
 *     the turn it lies in).
 *  2. Turns of speakers marked as interviewer never make a participant. If the span overlaps only
 *     interviewer turns, the extract belongs to no participant (basis "interviewer") — even in a
 *     document linked to one participant: the interviewer's words are not the participant's.
 *  3. Otherwise its participants are the cases linked to the speakers of its other (participant)
 *     turns, in the order they first speak in the span (basis "speakers").
 *  4. A participant turn whose speaker is not linked to a case stands for the document's
 *     participant when the document is linked to exactly one case (a one-to-one interview whose
 *     speaker was never linked); so does a span in a document without turns, or one lying outside
 *     every turn (a heading, a gap) (basis "document").
 *  5. A document linked to several cases (a focus group) cannot say which of them an unlinked
 *     speaker or untimed passage is: such a span belongs to no participant (basis "none") rather
 *     than to all of them, which would count one person's words once for every participant.
 */

export interface AttributionTurn {
  start: number;
  end: number;
  /** The speaker's label, or null for a turn without a speaker. */
  speaker: string | null;
  /** The case (participant) the speaker is linked to. */
  caseId: number | null;
  interviewer: boolean;
}

export type AttributionBasis = 'speakers' | 'interviewer' | 'document' | 'none';

export interface Attribution {
  /** The participants (case ids), in the order they first speak within the span; empty for none. */
  caseIds: number[];
  /** The speaker shown beside the extract: the first participant speaker in the span, else the first speaker. */
  speaker: string | null;
  basis: AttributionBasis;
}

/** Index of the first turn (sorted by start) whose end lies after `offset`, or whose empty range sits at it. */
function firstTurnFrom(turns: readonly AttributionTurn[], offset: number): number {
  let lo = 0;
  let hi = turns.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (turns[mid]!.end > offset || (turns[mid]!.end === offset && turns[mid]!.start === offset)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The turns a span overlaps. `turns` must be sorted by start and not overlap each other (as imported). */
export function overlappedTurns(span: { start: number; end: number }, turns: readonly AttributionTurn[]): AttributionTurn[] {
  const out: AttributionTurn[] = [];
  for (let i = firstTurnFrom(turns, span.start); i < turns.length; i++) {
    const t = turns[i]!;
    if (span.end > span.start ? t.start >= span.end : t.start > span.start) break;
    const overlaps = span.end > span.start ? t.end > span.start || (t.start === t.end && t.start === span.start) : t.start <= span.start && (t.end > span.start || t.start === t.end);
    if (overlaps) out.push(t);
  }
  return out;
}

/**
 * The participants a coded span belongs to (the rule above).
 * @param turns the document's speaker turns, sorted by start
 * @param documentCaseIds the cases the document is linked to
 */
export function attributeSpan(span: { start: number; end: number }, turns: readonly AttributionTurn[], documentCaseIds: readonly number[]): Attribution {
  const documentCase = documentCaseIds.length === 1 ? documentCaseIds[0]! : null;
  const hit = overlappedTurns(span, turns);
  if (hit.length === 0) {
    return documentCase !== null ? { caseIds: [documentCase], speaker: null, basis: 'document' } : { caseIds: [], speaker: null, basis: 'none' };
  }
  const participantTurns = hit.filter((t) => !t.interviewer);
  if (participantTurns.length === 0) return { caseIds: [], speaker: hit.find((t) => t.speaker !== null)?.speaker ?? null, basis: 'interviewer' };
  const speaker = participantTurns.find((t) => t.speaker !== null)?.speaker ?? null;
  const caseIds: number[] = [];
  let usedDocument = false;
  for (const t of participantTurns) {
    const id = t.caseId ?? documentCase;
    if (t.caseId === null && documentCase !== null) usedDocument = true;
    if (id !== null && !caseIds.includes(id)) caseIds.push(id);
  }
  if (caseIds.length === 0) return { caseIds, speaker, basis: 'none' };
  return { caseIds, speaker, basis: usedDocument && participantTurns.every((t) => t.caseId === null) ? 'document' : 'speakers' };
}

// ---------------------------------------------------------------------------------------------
// The project setting "exclude interviewer turns" (electron/services/analysis/interviewer-setting.ts):
// the one test of which spans it leaves out of search, auto-code, theme review counts and agreement.

/**
 * Whether a span is the interviewer's words: it overlaps speaker turns and every one of them is a
 * turn of a speaker marked as interviewer (rule 2 above: such a span belongs to no participant).
 * A span that also touches a participant's turn, or lies outside every turn, is not.
 */
export function spokenByInterviewer(span: { start: number; end: number }, turns: readonly AttributionTurn[]): boolean {
  const hit = overlappedTurns(span, turns);
  return hit.length > 0 && hit.every((t) => t.interviewer);
}

/** The same test on the rule's answer for a span (a held attribution, electron/services/analysis/coding-index.ts). */
export function attributedToInterviewer(a: Pick<Attribution, 'basis'>): boolean {
  return a.basis === 'interviewer';
}

// ---------------------------------------------------------------------------------------------
// Which attributes appear beside a quote (the project setting `quoteAttributes`).

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** The default: the case attribute named "role" when the project has one, else none. */
export function defaultQuoteAttributes(caseAttributes: readonly string[]): string[] {
  const role = caseAttributes.find((n) => n === 'role') ?? caseAttributes.find((n) => sameName(n, 'role'));
  return role ? [role] : [];
}

/** `wanted` spelled as the project spells its attributes, without unknown names or repeats, in `wanted`'s order. */
export function resolveQuoteAttributes(caseAttributes: readonly string[], wanted: readonly string[]): string[] {
  const out: string[] = [];
  for (const w of wanted) {
    const name = caseAttributes.find((n) => n === w) ?? caseAttributes.find((n) => sameName(n, w));
    if (name && !out.includes(name)) out.push(name);
  }
  return out;
}
