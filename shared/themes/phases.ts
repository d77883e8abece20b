/**
 * Where an analysis stands in Braun & Clarke's six phases of reflexive thematic analysis, judged
 * from what is in the project. The phases are recursive, not a checklist: a "done" here only says
 * the traces a phase leaves are present, and the researcher moves back and forth between them.
 */
import type { PhaseFacts } from '../types/themes.js';

export type PhaseState = 'not-started' | 'in-progress' | 'done';

export interface PhaseItem {
  label: string;
  /** Names of the documents, codes or themes this item is about (e.g. the ones still missing). */
  names?: string[];
  ok: boolean;
}

export interface Phase {
  number: number;
  title: string;
  state: PhaseState;
  summary: string;
  items: PhaseItem[];
}

const state = (done: number, total: number): PhaseState => (total === 0 || done === 0 ? 'not-started' : done >= total ? 'done' : 'in-progress');
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function phaseStatus(facts: PhaseFacts): Phase[] {
  const docs = facts.documents;
  const read = docs.filter((d) => d.read);
  const noted = docs.filter((d) => d.notes.length > 0);
  const coded = docs.filter((d) => d.codings > 0);
  const live = facts.themes.filter((t) => t.status !== 'discarded');
  const top = live.filter((t) => !t.isSubtheme);
  const reviewed = live.filter((t) => t.status === 'reviewed' || t.status === 'final');
  const defined = live.filter((t) => t.hasDefinition);
  const withQuotes = top.filter((t) => t.quotes > 0);
  const final = top.filter((t) => t.status === 'final');

  const familiarised = docs.filter((d) => d.read || d.notes.length > 0);
  const p1: Phase = {
    number: 1,
    title: 'Familiarising yourself with the data',
    state: state(familiarised.length, docs.length),
    summary: `${read.length} of ${plural(docs.length, 'document')} read; ${noted.length} with familiarisation notes`,
    items: [
      { label: 'Documents not yet marked as read', names: docs.filter((d) => !d.read).map((d) => d.name), ok: read.length === docs.length && docs.length > 0 },
      { label: 'Documents without familiarisation notes', names: docs.filter((d) => d.notes.length === 0).map((d) => d.name), ok: noted.length === docs.length && docs.length > 0 },
    ],
  };
  const p2: Phase = {
    number: 2,
    title: 'Generating initial codes',
    state: facts.codings === 0 ? 'not-started' : state(coded.length, docs.length),
    summary: `${coded.length} of ${plural(docs.length, 'document')} coded; ${plural(facts.codes, 'code')}, ${plural(facts.codings, 'coding')}`,
    items: [{ label: 'Documents without codings', names: docs.filter((d) => d.codings === 0).map((d) => d.name), ok: coded.length === docs.length && docs.length > 0 }],
  };
  const p3: Phase = {
    number: 3,
    title: 'Generating initial themes',
    state: live.length === 0 ? 'not-started' : facts.unthemedCodes.length === 0 ? 'done' : 'in-progress',
    summary: `${plural(top.length, 'theme')}; ${plural(facts.unthemedCodes.length, 'code')} not yet themed`,
    items: [{ label: 'Codes without themes', names: facts.unthemedCodes, ok: facts.unthemedCodes.length === 0 && facts.codes > 0 }],
  };
  const p4: Phase = {
    number: 4,
    title: 'Reviewing themes',
    state: live.length === 0 ? 'not-started' : reviewed.length === 0 ? 'not-started' : state(reviewed.length, live.length),
    summary: `${reviewed.length} of ${plural(live.length, 'theme')} reviewed`,
    items: [{ label: 'Themes still candidates', names: live.filter((t) => t.status === 'candidate').map((t) => t.name), ok: live.length > 0 && reviewed.length === live.length }],
  };
  const p5: Phase = {
    number: 5,
    title: 'Defining and naming themes',
    state: live.length === 0 ? 'not-started' : state(defined.length, live.length),
    summary: `${defined.length} of ${plural(live.length, 'theme')} defined`,
    items: [{ label: 'Themes without definitions', names: live.filter((t) => !t.hasDefinition).map((t) => t.name), ok: live.length > 0 && defined.length === live.length }],
  };
  const p6: Phase = {
    number: 6,
    title: 'Producing the report',
    state: top.length === 0 ? 'not-started' : withQuotes.length === 0 && final.length === 0 ? 'not-started' : withQuotes.length === top.length && final.length === top.length ? 'done' : 'in-progress',
    summary: `${withQuotes.length} of ${plural(top.length, 'theme')} with illustrative quotes; ${final.length} final`,
    items: [
      { label: 'Themes without quotes', names: top.filter((t) => t.quotes === 0).map((t) => t.name), ok: top.length > 0 && withQuotes.length === top.length },
      { label: 'Themes not yet final', names: top.filter((t) => t.status !== 'final').map((t) => t.name), ok: top.length > 0 && final.length === top.length },
    ],
  };
  return [p1, p2, p3, p4, p5, p6];
}
