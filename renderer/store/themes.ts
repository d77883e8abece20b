/** Store slice for the themes view: the theme tree, the board selection, reviews, phases, the map and reports. */
import type { StateCreator } from 'zustand';
import type { Input } from '../../shared/api/contract';
import { toggled } from '../../shared/domain/list';
import type { PhaseFacts, ReportFormat, ReportOptions, ThemeMapLayout, ThemeReview, ThemeStatus, ThemeTree } from '../../shared/types/themes';
import { findTheme, flattenThemes, REVIEW_PAGE_SIZE, type ExtractGrouping } from '../../shared/themes/tree';
import { api } from '../api/client';
import { attempt } from './busy';
import { downloadBase64, existingFileOf, fileToBase64, type SaveOutcome } from '../browser/files';
import type { AppState } from './index';
import { flightKey, once } from './once';

export type ThemesTab = 'board' | 'map' | 'review' | 'phases';

export interface ReportChoices {
  format: ReportFormat;
  title: string;
  excludedThemes: number[];
  excludedQuotes: string[];
  excludedAttributes: string[];
  sections: { participants: boolean; themesTable: boolean; themes: boolean; codebook: boolean };
  /** Who the participants table lists (absent in choices remembered before: those in the documents). */
  participantsListed?: 'appearing' | 'all';
}

export interface ThemesSlice {
  /** Forgets the previous project's themes, selection, review, phases and map layout. */
  resetThemes(): void;
  themeTree: ThemeTree | null;
  themesTab: ThemesTab;
  /** Codes ticked on the board, as "themeId|bin:codeId" so the same code can be ticked in one place. */
  selectedCodes: number[];
  reviewThemeId: number | null;
  /** The theme under review: its first pages of extracts (REVIEW_PAGE_SIZE each, more with loadMoreReview). */
  review: ThemeReview | null;
  reviewSplitBy: string | null | undefined;
  /** How the review groups (and the service orders) its extracts. */
  reviewGroupBy: ExtractGrouping;
  /** True while the next page of the review is being fetched. */
  reviewLoadingMore: boolean;
  phases: PhaseFacts | null;
  mapLayout: ThemeMapLayout | null;
  reportDialog: boolean;
  /** Case attributes the report may show (loaded when the report dialog opens). */
  reportAttributes: string[] | null;
  /** The last report's choices, as what was left out (so themes and quotes added since are in). */
  lastReport: ReportChoices | null;
  /** The project setting: the case attributes shown beside a quote (null until loaded). */
  quoteAttributes: string[] | null;
  loadQuoteAttributes(): Promise<void>;
  /** Saves the setting; review, quotes and the report then show these attributes. */
  setQuoteAttributes(attributes: string[]): Promise<void>;
  rememberReportChoices(choices: ReportChoices): void;
  setThemesTab(tab: ThemesTab): void;
  loadThemes(): Promise<void>;
  toggleCodeSelection(codeId: number): void;
  clearCodeSelection(): void;
  createTheme(name: string, parentId?: number | null): Promise<number | null>;
  createThemeFromSelection(name: string): Promise<number | null>;
  updateTheme(id: number, patch: { name?: string; definition?: string; status?: ThemeStatus }): Promise<boolean>;
  deleteTheme(id: number): Promise<void>;
  moveTheme(id: number, parentId: number | null, position?: number): Promise<void>;
  moveCode(codeId: number, from: number | null, to: number | null, position?: number): Promise<void>;
  addCodeToTheme(codeId: number, themeId: number): Promise<void>;
  mergeThemes(intoId: number, themeIds: number[]): Promise<boolean>;
  splitTheme(id: number, parts: { name: string; codeIds: number[] }[], asSubthemes: boolean): Promise<boolean>;
  importThemesCsv(file: File): Promise<void>;
  /** Opens a theme's review with the first page of its extracts (`keep`: at least this many, to keep what was shown). */
  openReview(themeId: number, splitBy?: string | null, keep?: number): Promise<void>;
  /** Appends the review's next page of extracts ("Show more"). */
  loadMoreReview(): Promise<void>;
  setReviewGroupBy(by: ExtractGrouping): Promise<void>;
  toggleQuote(themeId: number, codingId: number, on: boolean): Promise<void>;
  saveThemeMemo(themeId: number, body: string, memoId?: number): Promise<void>;
  deleteThemeMemo(themeId: number, memoId: number): Promise<void>;
  loadPhases(): Promise<void>;
  markDocumentRead(documentId: number, read: boolean): Promise<void>;
  loadMapLayout(): Promise<void>;
  saveMapLayout(layout: Input<'themeMap.save'>): Promise<void>;
  resetMapLayout(): Promise<void>;
  setReportDialog(open: boolean): void;
  /** Builds the report and hands it to the browser as a download. */
  downloadReport(format: ReportFormat, options: ReportOptions): Promise<boolean>;
  /** Writes the report to a path on this machine. */
  /** 'exists': the file is there and was left alone (the save dialog asks before replacing). */
  saveReport(format: ReportFormat, options: ReportOptions, path: string, overwrite?: boolean): Promise<SaveOutcome>;
}

export const createThemesSlice: StateCreator<AppState, [], [], ThemesSlice> = (set, get) => {
  /** Runs a change, then refreshes what depends on themes; errors become a notice. */
  const run = async <T>(fn: () => Promise<T>): Promise<T | null> => {
    try {
      const value = await fn();
      await refresh();
      return value;
    } catch (err) {
      get().notifyError(err);
      await refresh().catch(() => undefined);
      return null;
    }
  };
  const refresh = async () => {
    // theme changes are undo steps too: the Undo button names the latest
    void get().refreshUndo();
    const tree = await api.call('themes.list', {});
    set({ themeTree: tree });
    // another project may be open now, or the theme under review may have gone (merged, deleted)
    if (get().reviewThemeId !== null && !findTheme(tree.themes, get().reviewThemeId!)) set({ reviewThemeId: null, review: null });
    const known = new Set([...tree.unthemed.map((c) => c.id), ...flattenThemes(tree.themes).flatMap((x) => x.theme.codes.map((c) => c.id))]);
    if (get().selectedCodes.some((c) => !known.has(c))) set({ selectedCodes: get().selectedCodes.filter((c) => known.has(c)) });
    const { reviewThemeId, themesTab } = get();
    // the review again, as far as it was shown (a quote marked below the first page stays in view)
    if (reviewThemeId !== null && themesTab === 'review') await get().openReview(reviewThemeId, get().reviewSplitBy, get().review?.extracts.length);
    if (themesTab === 'phases') await get().loadPhases();
  };
  return {
    resetThemes() {
      set({ themeTree: null, selectedCodes: [], reviewThemeId: null, review: null, reviewSplitBy: undefined, phases: null, mapLayout: null, reportDialog: false, reportAttributes: null, lastReport: null, quoteAttributes: null });
    },
    themeTree: null,
    themesTab: 'board',
    selectedCodes: [],
    reviewThemeId: null,
    review: null,
    reviewSplitBy: undefined,
    reviewGroupBy: 'code',
    reviewLoadingMore: false,
    phases: null,
    mapLayout: null,
    reportDialog: false,
    reportAttributes: null,
    lastReport: null,
    quoteAttributes: null,
    async loadQuoteAttributes() {
      try {
        set({ quoteAttributes: await api.call('settings.quoteAttributes', {}) });
      } catch (err) {
        get().notifyError(err);
      }
    },
    async setQuoteAttributes(attributes) {
      const saved = await run(() => api.call('settings.setQuoteAttributes', { attributes }));
      if (saved) set({ quoteAttributes: saved });
    },
    rememberReportChoices(choices) {
      set({ lastReport: choices });
    },
    setThemesTab(tab) {
      set({ themesTab: tab });
      if (tab === 'phases') void get().loadPhases();
      if (tab === 'map') void get().loadMapLayout();
      if (tab === 'review') {
        const id = get().reviewThemeId ?? get().themeTree?.themes[0]?.id ?? null;
        if (id !== null) void get().openReview(id, get().reviewSplitBy);
        void get().loadQuoteAttributes();
      }
    },
    async loadThemes() {
      try {
        await refresh();
      } catch (err) {
        get().notifyError(err);
      }
    },
    toggleCodeSelection(codeId) {
      const cur = get().selectedCodes;
      set({ selectedCodes: toggled(cur, codeId) });
    },
    clearCodeSelection() {
      set({ selectedCodes: [] });
    },
    createTheme(name, parentId = null) {
      return once(flightKey('themes.create', name, parentId), async () => {
        const t = await run(() => api.call('themes.create', { name, parentId }));
        return t?.id ?? null;
      });
    },
    createThemeFromSelection(name) {
      const codeIds = get().selectedCodes;
      return once(flightKey('themes.createFromCodes', name, codeIds), async () => {
        const t = await run(() => api.call('themes.createFromCodes', { name, codeIds }));
        if (t) set({ selectedCodes: [] });
        return t?.id ?? null;
      });
    },
    async updateTheme(id, patch) {
      return (await run(() => api.call('themes.update', { id, patch }))) !== null;
    },
    async deleteTheme(id) {
      await run(() => api.call('themes.delete', { id }));
      if (get().reviewThemeId === id) set({ reviewThemeId: null, review: null });
    },
    async moveTheme(id, parentId, position) {
      await run(() => api.call('themes.move', { id, parentId, position }));
    },
    async moveCode(codeId, from, to, position) {
      await run(() => api.call('themes.moveCode', { codeId, from, to, position }));
    },
    async addCodeToTheme(codeId, themeId) {
      await run(() => api.call('themes.assignCode', { themeId, codeId }));
    },
    async mergeThemes(intoId, themeIds) {
      return (await run(() => api.call('themes.merge', { intoId, themeIds }))) !== null;
    },
    async splitTheme(id, parts, asSubthemes) {
      return (await run(() => api.call('themes.split', { id, parts, asSubthemes }))) !== null;
    },
    async importThemesCsv(file) {
      const report = await run(async () => api.call('themes.importCsv', { name: file.name, base64: await fileToBase64(file) }));
      if (report) {
        const lines = [`${report.created.length} created, ${report.updated.length} updated.`, ...report.problems];
        get().notify(report.problems.length ? 'error' : 'info', `Themes imported from ${file.name}`, lines.join(' '));
      }
    },
    async openReview(themeId, splitBy, keep = 0) {
      const limit = Math.max(REVIEW_PAGE_SIZE, Math.min(keep, 100_000));
      try {
        const review = await api.call('themes.review', { id: themeId, groupBy: get().reviewGroupBy, limit, ...(splitBy === undefined ? {} : { splitBy }) });
        set({ reviewThemeId: themeId, review, reviewSplitBy: splitBy });
      } catch (err) {
        set({ reviewThemeId: null, review: null });
        get().notifyError(err);
      }
    },
    async loadMoreReview() {
      const { review, reviewSplitBy, reviewLoadingMore } = get();
      if (!review || review.nextOffset === null || reviewLoadingMore) return;
      set({ reviewLoadingMore: true });
      try {
        const next = await api.call('themes.review', {
          id: review.theme.id,
          groupBy: review.groupBy,
          offset: review.nextOffset,
          limit: REVIEW_PAGE_SIZE,
          ...(reviewSplitBy === undefined ? {} : { splitBy: reviewSplitBy }),
        });
        // only onto the review it continues (another theme, grouping or reload may have replaced it meanwhile)
        if (get().review === review) set({ review: { ...next, extracts: [...review.extracts, ...next.extracts] } });
      } catch (err) {
        get().notifyError(err);
      } finally {
        set({ reviewLoadingMore: false });
      }
    },
    async setReviewGroupBy(by) {
      set({ reviewGroupBy: by });
      const id = get().reviewThemeId;
      if (id !== null) await get().openReview(id, get().reviewSplitBy);
    },
    async toggleQuote(themeId, codingId, on) {
      await run(() => api.call(on ? 'quotes.mark' : 'quotes.unmark', { themeId, codingId }));
    },
    async saveThemeMemo(themeId, body, memoId) {
      await run(() => api.call('themes.saveMemo', { themeId, body, ...(memoId === undefined ? {} : { memoId }) }));
    },
    async deleteThemeMemo(_themeId, memoId) {
      await run(() => api.call('themes.deleteMemo', { memoId }));
    },
    async loadPhases() {
      try {
        set({ phases: await api.call('phases.get', {}) });
      } catch (err) {
        get().notifyError(err);
      }
    },
    async markDocumentRead(documentId, read) {
      const cur = get().phases;
      if (cur) set({ phases: { ...cur, documents: cur.documents.map((d) => (d.id === documentId ? { ...d, read } : d)) } });
      try {
        set({ phases: await api.call('phases.markRead', { documentId, read }) });
      } catch (err) {
        get().notifyError(err);
        await get().loadPhases();
      }
    },
    async loadMapLayout() {
      try {
        set({ mapLayout: await api.call('themeMap.get', {}) });
      } catch (err) {
        get().notifyError(err);
      }
    },
    async saveMapLayout(layout) {
      try {
        await api.call('themeMap.save', layout);
        const cur = get().mapLayout ?? { positions: {}, view: null };
        set({ mapLayout: { positions: { ...cur.positions, ...layout.positions }, view: layout.view === undefined ? cur.view : layout.view } });
      } catch (err) {
        get().notifyError(err);
      }
    },
    async resetMapLayout() {
      try {
        await api.call('themeMap.reset', {});
        set({ mapLayout: { positions: {}, view: null } });
      } catch (err) {
        get().notifyError(err);
      }
    },
    setReportDialog(open) {
      set({ reportDialog: open, ...(open ? { reportAttributes: null } : {}) });
      if (!open) return;
      void get().loadQuoteAttributes();
      void Promise.all([api.call('cases.list', {}), get().themeTree ? null : get().loadThemes()])
        .then(([cases]) => set({ reportAttributes: [...new Set(cases.flatMap((c) => Object.keys(c.attributes)))] }))
        .catch((err) => {
          set({ reportAttributes: [] });
          get().notifyError(err);
        });
    },
    downloadReport: (format, options) =>
      attempt(get, async () => {
        const file = await api.call('reports.build', { format, options });
        downloadBase64(file.fileName, file.mimeType, file.base64);
      }),
    async saveReport(format, options, path, overwrite = false) {
      try {
        const r = await api.call('reports.export', { format, options, path, overwrite });
        get().notify('info', 'Report saved', `${r.path} (${Math.max(1, Math.round(r.bytes / 1024))} KB)`);
        return 'saved';
      } catch (err) {
        if (existingFileOf(err)) return 'exists';
        get().notifyError(err);
        return 'failed';
      }
    },
  };
};
