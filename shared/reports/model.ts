/**
 * The write-up as data: what a published thematic analysis shows (a participants table, a themes
 * table, a section per theme with its definition, sub-themes and illustrative quotes, and an
 * appendix codebook), assembled from the project and the researcher's choices. Renderers turn the
 * model into Markdown, HTML (shared/reports) and DOCX (electron/services/reports).
 */
import type { Case, Id } from '../types/entities.js';
import type { ReportOptions, ThemeNode } from '../types/themes.js';
import { attribution } from '../themes/tree.js';
import { defaultQuoteAttributes } from '../analysis/attribution.js';
import { formatTimestamp } from '../media/timeline.js';

export interface ReportQuote {
  text: string;
  attribution: string;
  document: string;
  /** "[12:04]": where the quote starts on the document's recording, when its turns have times. */
  timestamp: string | null;
}

export interface ReportTheme {
  name: string;
  definition: string;
  codes: string[];
  quotes: ReportQuote[];
  subthemes: ReportTheme[];
}

export interface ReportModel {
  title: string;
  /** One line under the title: how many themes and participants. */
  subtitle: string;
  participants: { columns: string[]; rows: string[][] } | null;
  themesTable: { name: string; explanation: string; depth: number }[] | null;
  themes: ReportTheme[] | null;
  codebook: { code: string; definition: string; themes: string }[] | null;
}

export interface ReportSource {
  projectName: string;
  themes: ThemeNode[];
  cases: Case[];
  /** The cases that appear in the analysed documents (linked to a document or to a speaker in one); absent: all of them. */
  appearing?: Id[];
  /** Case attributes in their order. */
  attributes: string[];
  /** The project's quoteAttributes setting (attributes shown beside a quote); default "role" when present. */
  quoteAttributes?: string[];
  /** The codebook in tree order. */
  codes: { id: Id; path: string; definition: string }[];
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The themes, quotes and attributes a report includes when the researcher has not chosen. */
export function defaultReportOptions(source: ReportSource): Required<Omit<ReportOptions, 'title'>> & { title: string } {
  const themeIds: Id[] = [];
  const quotes: string[] = [];
  const walk = (list: ThemeNode[]) => {
    for (const t of list) {
      if (t.status === 'discarded') continue;
      themeIds.push(t.id);
      for (const q of t.quotes) quotes.push(`${t.id}:${q.codingId}`);
      walk(t.children);
    }
  };
  walk(source.themes);
  return {
    title: source.projectName,
    themeIds,
    quotes,
    attributes: source.attributes,
    attributionAttribute: (source.quoteAttributes ?? defaultQuoteAttributes(source.attributes))[0] ?? null,
    quoteAttributes: source.quoteAttributes ?? defaultQuoteAttributes(source.attributes),
    sections: { participants: true, themesTable: true, themes: true, codebook: true },
    participantsListed: 'appearing',
  };
}

/** The participants the report lists: those appearing in the documents (the default), or all. */
export function listedParticipants(source: Pick<ReportSource, 'cases' | 'appearing'>, listed: 'appearing' | 'all' = 'appearing'): Case[] {
  if (listed === 'all' || source.appearing === undefined) return source.cases;
  const appearing = new Set(source.appearing);
  return source.cases.filter((c) => appearing.has(c.id));
}

export function assembleReport(source: ReportSource, options: ReportOptions = {}): ReportModel {
  const defaults = defaultReportOptions(source);
  const themeIds = new Set(options.themeIds ?? defaults.themeIds);
  const quoteKeys = new Set(options.quotes ?? defaults.quotes);
  const attributes = (options.attributes ?? defaults.attributes).filter((a) => source.attributes.includes(a));
  const attributionAttrs: readonly string[] =
    options.quoteAttributes ?? (options.attributionAttribute === undefined ? defaults.quoteAttributes : options.attributionAttribute === null ? [] : [options.attributionAttribute]);
  const sections = { ...defaults.sections, ...(options.sections ?? {}) };
  const caseByName = new Map(source.cases.map((c) => [c.name, c]));
  const listed = listedParticipants(source, options.participantsListed ?? defaults.participantsListed);

  const toReport = (t: ThemeNode): ReportTheme => ({
    name: t.name,
    definition: t.definition.trim(),
    codes: t.codes.map((c) => c.path),
    quotes: t.quotes
      .filter((q) => quoteKeys.has(`${t.id}:${q.codingId}`))
      .map((q) => {
        const person = q.participant ? caseByName.get(q.participant) : undefined;
        return {
          text: q.text.trim(),
          attribution: person ? attribution(person.name, person.attributes, attributionAttrs) : q.attribution,
          document: q.documentName,
          timestamp: q.time ? formatTimestamp(q.time.start) : null,
        };
      }),
    subthemes: t.children.filter((c) => themeIds.has(c.id)).map(toReport),
  });
  const chosen = source.themes.filter((t) => themeIds.has(t.id));
  const themes = chosen.map(toReport);

  const themesTable: NonNullable<ReportModel['themesTable']> = [];
  const table = (list: ReportTheme[], depth: number) => {
    for (const t of list) {
      themesTable.push({ name: t.name, explanation: t.definition, depth });
      table(t.subthemes, depth + 1);
    }
  };
  table(themes, 0);

  // The codebook names, for each code, the included themes it sits on.
  const themesOfCode = new Map<Id, string[]>();
  const collect = (list: ThemeNode[]) => {
    for (const t of list) {
      if (!themeIds.has(t.id)) continue;
      for (const c of t.codes) themesOfCode.set(c.id, [...(themesOfCode.get(c.id) ?? []), t.name]);
      collect(t.children);
    }
  };
  collect(source.themes);

  return {
    title: (options.title ?? defaults.title).trim() || source.projectName,
    subtitle: `Thematic analysis: ${plural(themes.length, 'theme')}, ${plural(listed.length, 'participant')}`,
    participants: sections.participants
      ? { columns: ['Pseudonym', ...attributes], rows: listed.map((c) => [c.name, ...attributes.map((a) => c.attributes[a] ?? '')]) }
      : null,
    themesTable: sections.themesTable ? themesTable : null,
    themes: sections.themes ? themes : null,
    codebook: sections.codebook
      ? source.codes.map((c) => ({ code: c.path, definition: c.definition.trim(), themes: (themesOfCode.get(c.id) ?? []).join('; ') }))
      : null,
  };
}
