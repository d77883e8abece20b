/** Themes, theme board, thematic map, reports (Braun & Clarke phases). */
import { z } from 'zod';
import type { ImportThemesReport, PhaseFacts, Quote, ReportFile, ThemeMapLayout, ThemeMemo, ThemeNode, ThemeReview, ThemeTree } from '../../types/themes.js';
import { THEME_STATUSES } from '../../types/themes.js';
import { color, id, change, method, name, none, overwrite, path } from './base.js';
import { importFile } from './documents.js';

const status = z.enum(THEME_STATUSES);
const definition = z.string().max(20000);
const position = z.number().int().nonnegative();
const point = z.object({ x: z.number().finite(), y: z.number().finite() }).strict();

export const themeFields = z.object({ name, definition, status, color }).partial().strict();

export const reportOptions = z
  .object({
    title: z.string().max(500),
    themeIds: z.array(id).max(10000),
    quotes: z.array(z.string().regex(/^\d+:\d+$/, 'A quote is written themeId:codingId')).max(100000),
    attributes: z.array(z.string().max(500)).max(1000),
    attributionAttribute: z.string().max(500).nullable(),
    /** The case attributes shown beside each quote (overrides the project's quoteAttributes setting for this report). */
    quoteAttributes: z.array(z.string().max(500)).max(100),
    sections: z.object({ participants: z.boolean(), themesTable: z.boolean(), themes: z.boolean(), codebook: z.boolean() }).partial().strict(),
    /** Who the participants table lists: those in the analysed documents (default) or all. */
    participantsListed: z.enum(['appearing', 'all']),
  })
  .partial()
  .strict();

export const reportFormat = z.enum(['docx', 'md', 'html']);

export const themeMethods = {
  'themes.list': method<ThemeTree>()(none),
  'themes.create': change<ThemeNode>()(themeFields.extend({ name, parentId: id.nullable().optional() }).strict(), { undo: (_i, t) => `Create theme ${t.name}` }),
  'themes.update': change<ThemeNode>()(z.object({ id, patch: themeFields }).strict(), { undo: (_i, t) => `Edit theme ${t.name}` }),
  /** Sub-themes move up a level; codes stay in the codebook. */
  'themes.delete': change<null>()(z.object({ id }).strict(), { undo: 'Delete theme' }),
  'themes.move': change<ThemeNode>()(z.object({ id, parentId: id.nullable(), position: position.optional() }).strict(), { undo: (_i, t) => `Move theme ${t.name}` }),
  'themes.assignCode': change<ThemeTree>()(z.object({ themeId: id, codeId: id, position: position.optional() }).strict(), { undo: 'Add code to theme' }),
  'themes.unassignCode': change<ThemeTree>()(z.object({ themeId: id, codeId: id }).strict(), { undo: 'Remove code from theme' }),
  /** from null: out of the "not yet themed" bin; to null: back into it. */
  'themes.moveCode': change<ThemeTree>()(z.object({ codeId: id, from: id.nullable(), to: id.nullable(), position: position.optional() }).strict(), { undo: 'Move code between themes' }),
  'themes.createFromCodes': change<ThemeNode>()(
    themeFields.extend({ name, parentId: id.nullable().optional(), codeIds: z.array(id).min(1, 'Choose at least one code').max(10000) }).strict(),
    { undo: (_i, t) => `Create theme ${t.name}` },
  ),
  'themes.merge': change<ThemeNode>()(z.object({ intoId: id, themeIds: z.array(id).min(1).max(1000) }).strict(), { undo: (_i, t) => `Merge themes into ${t.name}` }),
  'themes.split': change<ThemeNode[]>()(
    z
      .object({
        id,
        parts: z.array(z.object({ name, definition: definition.optional(), codeIds: z.array(id).min(1).max(10000) }).strict()).min(1).max(100),
        asSubthemes: z.boolean().optional(),
      })
      .strict(),
    { undo: (_i, ts) => `Split theme into ${ts.length}` },
  ),
  /** Themes from a CSV file's bytes (base64), decoded like transcripts (UTF-8, UTF-16, Windows-1252). */
  'themes.importCsv': change<ImportThemesReport>()(importFile, { undo: (i) => `Import themes from ${i.name}` }),
  /**
   * A theme's extracts and prevalence. `limit`: one page of extracts from `offset` (the previous
   * page's `nextOffset`), in the order of `groupBy` (default by code); without it, every extract.
   */
  'themes.review': method<ThemeReview>()(
    z
      .object({
        id,
        splitBy: z.string().max(500).nullable().optional(),
        groupBy: z.enum(['code', 'participant']).optional(),
        offset: z.number().int().nonnegative().optional(),
        limit: z.number().int().min(1).max(100_000).optional(),
      })
      .strict(),
  ),
  'themes.saveMemo': change<ThemeMemo>()(
    z.object({ themeId: id, memoId: id.optional(), title: z.string().max(500).optional(), body: z.string().max(200000) }).strict(),
    { undo: 'Save theme memo' },
  ),
  'themes.deleteMemo': change<null>()(z.object({ memoId: id }).strict(), { undo: 'Delete theme memo' }),
  'quotes.list': method<Quote[]>()(z.object({ themeId: id.optional() }).strict()),
  /** Returns the theme's quotes in order. */
  'quotes.mark': change<Quote[]>()(z.object({ themeId: id, codingId: id, position: position.optional() }).strict(), { undo: 'Mark quote' }),
  'quotes.unmark': change<Quote[]>()(z.object({ themeId: id, codingId: id }).strict(), { undo: 'Unmark quote' }),
  'themeMap.get': method<ThemeMapLayout>()(none),
  'themeMap.save': change<null>()(
    z
      .object({
        positions: z.record(z.string().max(100), point),
        view: z.object({ x: z.number().finite(), y: z.number().finite(), scale: z.number().positive().max(100) }).strict().nullable().optional(),
      })
      .strict(),
    { undo: 'Arrange theme map' },
  ),
  'themeMap.reset': change<null>()(none, { undo: 'Reset theme map' }),
  /** The case attributes shown beside a quote (project setting; default "role" when the project has one). */
  'settings.quoteAttributes': method<string[]>()(none),
  /** Sets them (an empty list: the participant's name alone); returns them as the project spells them. */
  'settings.setQuoteAttributes': change<string[]>()(z.object({ attributes: z.array(z.string().max(500)).max(100) }).strict(), { setting: true }),
  'phases.get': method<PhaseFacts>()(none),
  'phases.markRead': change<PhaseFacts>()(z.object({ documentId: id, read: z.boolean() }).strict(), { undo: (i) => (i.read ? 'Mark document read' : 'Mark document unread') }),
  /** The report as a file (base64) for the renderer to download. */
  'reports.build': method<ReportFile>()(z.object({ format: reportFormat, options: reportOptions.optional() }).strict()),
  /** Writes the report to a path on this machine. */
  'reports.export': method<{ path: string; bytes: number }>()(z.object({ format: reportFormat, path, options: reportOptions.optional(), overwrite }).strict()),
} as const;
