/** Store slice for the analysis view: cases & attributes, matrix, ranking, co-occurrence, search. */
import type { StateCreator } from 'zustand';
import type {
  AnalysisFilters,
  AnalysisOptions,
  AttributeKind,
  AttributeScope,
  AutoCodeResult,
  AutoCodeScope,
  CasesTable,
  CooccurrenceInstance,
  CooccurrenceResult,
  CooccurrenceUnit,
  CountMode,
  ExportTable,
  Extract,
  MatrixResult,
  RankingResult,
  RowKind,
  SearchResult,
} from '../../shared/analysis/types';
import type { RankLevel } from '../../shared/analysis/matrix';
import { SEARCH_PAGE_SIZE, appendSearchPage } from '../../shared/analysis/search';
import { api } from '../api/client';
import { attempt } from './busy';
import { fileToBase64 } from '../browser/files';
import { toCsv } from '../../shared/csv/writer';
import { downloadBlob, base64ToBytes } from '../browser/files';
import type { AppState } from './index';
import { flightKey, once } from './once';

export type AnalysisTab = 'cases' | 'matrix' | 'ranking' | 'cooccurrence' | 'search';

export interface MatrixSettings {
  attributeId: number | null;
  count: CountMode;
  rows: RowKind;
  includeMissing: boolean;
  /** `auto`: the service's default (the applied codes unless a parent was applied itself: defaultRankLevel). */
  level: RankLevel | 'auto';
}

export interface DrillDown {
  title: string;
  extracts: Extract[];
}

export interface AnalysisSlice {
  analysisTab: AnalysisTab;
  casesTable: CasesTable | null;
  analysisOptions: AnalysisOptions | null;
  filters: AnalysisFilters;
  matrixSettings: MatrixSettings;
  matrix: MatrixResult | null;
  /** The order of the matrix columns (attribute values) as the user arranged them for the chart and table. */
  columnOrder: (string | null)[];
  drillDown: DrillDown | null;
  ranking: RankingResult | null;
  cooccurrenceUnit: CooccurrenceUnit;
  cooccurrenceResult: CooccurrenceResult | null;
  pairInstances: { title: string; instances: CooccurrenceInstance[] } | null;
  searchResult: SearchResult | null;
  /** The project setting "exclude interviewer turns" (null until loaded). */
  excludeInterviewer: boolean | null;
  loadExcludeInterviewer(): Promise<void>;
  /** Changes it, then shows search, themes and review again by it. */
  setExcludeInterviewer(exclude: boolean): Promise<void>;
  /** The filters the shown search ran with (its next pages use them too). */
  searchFilters: Pick<AnalysisFilters, 'setIds' | 'attributes'> | undefined;
  autoCodeResult: AutoCodeResult | null;
  analysisBusy: boolean;
  /** The project the results above belong to. */
  analysisProject: string | null;

  setAnalysisTab(tab: AnalysisTab): void;
  /** Loads the tables for `projectPath`; results of another project are dropped first. */
  loadAnalysis(projectPath: string): Promise<void>;
  refreshCasesTable(): Promise<void>;
  addCase(name: string): Promise<void>;
  renameCase(id: number, name: string): Promise<void>;
  removeCase(id: number): Promise<void>;
  addAttribute(input: { name: string; scope: AttributeScope; kind: AttributeKind; categories?: string[] }): Promise<boolean>;
  changeAttribute(id: number, patch: { name?: string; kind?: AttributeKind; categories?: string[] }): Promise<void>;
  removeAttribute(id: number): Promise<void>;
  setCaseValue(caseId: number, attributeId: number, value: string): Promise<void>;
  setDocumentValue(documentId: number, attributeId: number, value: string): Promise<void>;
  linkSpeaker(speakerId: number, patch: { caseId?: number | null; isInterviewer?: boolean }): Promise<void>;
  linkDocument(caseId: number, documentId: number, linked: boolean): Promise<void>;
  importCasesCsv(file: File): Promise<void>;
  exportCasesCsv(): Promise<void>;

  setFilters(filters: AnalysisFilters): void;
  setMatrixSettings(patch: Partial<MatrixSettings>): void;
  runMatrix(): Promise<void>;
  moveColumn(value: string | null, delta: -1 | 1): void;
  openCell(rowKey: string, rowName: string, value: string | null, label: string): Promise<void>;
  closeDrillDown(): void;
  runRanking(): Promise<void>;
  setCooccurrenceUnit(unit: CooccurrenceUnit): void;
  runCooccurrence(): Promise<void>;
  openPair(codeA: number, codeB: number, title: string): Promise<void>;
  runSearch(query: string): Promise<void>;
  /** Appends the next page of the current search's hits. */
  moreSearchHits(): Promise<void>;
  /** Codes every hit with a code, given by id or as the name of a new top-level code (made in the same undo step). */
  autoCodeSearch(query: string, code: number | { newCode: string }, scope: AutoCodeScope): Promise<void>;
  exportXlsx(tables: ExportTable[], fileName: string): Promise<void>;
  /** Downloads rows (header first) as CSV: UTF-8 with a BOM, formulas protected unless turned off in Import & export. */
  downloadCsv(rows: (string | number | null)[][], fileName: string): void;
}

const cleanFilters = (f: AnalysisFilters): AnalysisFilters | undefined => {
  const out: AnalysisFilters = {};
  if (f.setIds?.length) out.setIds = f.setIds;
  if (f.coderIds?.length) out.coderIds = f.coderIds;
  if (f.themeId !== undefined) out.themeId = f.themeId;
  if (f.attributes?.length) out.attributes = f.attributes.filter((a) => a.values.length > 0);
  if (out.attributes?.length === 0) delete out.attributes;
  return Object.keys(out).length ? out : undefined;
};

export const createAnalysisSlice: StateCreator<AppState, [], [], AnalysisSlice> = (set, get) => {
  /** Runs an action, reporting failures as a notice. */
  const guard = async (fn: () => Promise<void>) => void (await attempt(get, fn));
  const reloadTableAndOptions = async () => {
    const [casesTable, analysisOptions] = await Promise.all([api.call('cases.table', {}), api.call('analysis.options', {})]);
    const settings = get().matrixSettings;
    const stillThere = analysisOptions.attributes.some((a) => a.id === settings.attributeId);
    set({
      casesTable,
      analysisOptions,
      matrixSettings: stillThere ? settings : { ...settings, attributeId: analysisOptions.attributes[0]?.id ?? null },
    });
  };
  const matrixInput = () => {
    const s = get().matrixSettings;
    return { attributeId: s.attributeId!, count: s.count, rows: s.rows, includeMissing: s.includeMissing, filters: cleanFilters(get().filters) };
  };
  return {
    analysisTab: 'cases',
    casesTable: null,
    analysisOptions: null,
    filters: {},
    matrixSettings: { attributeId: null, count: 'codings', rows: 'codes', includeMissing: false, level: 'auto' },
    matrix: null,
    columnOrder: [],
    drillDown: null,
    ranking: null,
    cooccurrenceUnit: 'overlap',
    cooccurrenceResult: null,
    pairInstances: null,
    searchResult: null,
    excludeInterviewer: null,
    loadExcludeInterviewer: () =>
      guard(async () => {
        set({ excludeInterviewer: await api.call('settings.excludeInterviewer', {}) });
      }),
    setExcludeInterviewer: (exclude) =>
      guard(async () => {
        // shown at once (the checkbox follows the click); the project's answer, or its value again on a failure
        const was = get().excludeInterviewer;
        set({ excludeInterviewer: exclude });
        try {
          set({ excludeInterviewer: await api.call('settings.setExcludeInterviewer', { exclude }) });
        } catch (err) {
          set({ excludeInterviewer: was });
          throw err;
        }
        const shown = get().searchResult;
        if (shown) set({ searchResult: await api.call('search.query', { query: shown.query, filters: get().searchFilters, limit: SEARCH_PAGE_SIZE }), autoCodeResult: null });
        if (get().themeTree) await get().loadThemes();
        const { reviewThemeId, review } = get();
        if (reviewThemeId !== null && review) await get().openReview(reviewThemeId, get().reviewSplitBy);
      }),
    searchFilters: undefined,
    autoCodeResult: null,
    analysisBusy: false,
    analysisProject: null,

    setAnalysisTab(tab) {
      set({ analysisTab: tab });
    },
    loadAnalysis: (projectPath) =>
      guard(async () => {
        if (get().analysisProject !== projectPath) {
          set({
            analysisProject: projectPath,
            casesTable: null,
            analysisOptions: null,
            filters: {},
            matrixSettings: { ...get().matrixSettings, attributeId: null },
            matrix: null,
            columnOrder: [],
            drillDown: null,
            ranking: null,
            cooccurrenceResult: null,
            pairInstances: null,
            searchResult: null,
            autoCodeResult: null,
            excludeInterviewer: null,
          });
        }
        await reloadTableAndOptions();
      }),
    refreshCasesTable: () => guard(reloadTableAndOptions),
    addCase: (name) =>
      once(flightKey('cases.create', name), () =>
        guard(async () => {
          await api.call('cases.create', { name });
          await reloadTableAndOptions();
        }),
      ),
    renameCase: (id, name) =>
      guard(async () => {
        await api.call('cases.update', { id, patch: { name } });
        await reloadTableAndOptions();
      }),
    removeCase: (id) =>
      guard(async () => {
        await api.call('cases.delete', { id });
        await reloadTableAndOptions();
      }),
    addAttribute: (input) =>
      attempt(get, async () => {
        await api.call('attributes.create', input);
        await reloadTableAndOptions();
      }),
    changeAttribute: (id, patch) =>
      guard(async () => {
        await api.call('attributes.update', { id, patch });
        await reloadTableAndOptions();
      }),
    removeAttribute: (id) =>
      guard(async () => {
        await api.call('attributes.delete', { id });
        await reloadTableAndOptions();
      }),
    setCaseValue: (caseId, attributeId, value) =>
      guard(async () => {
        try {
          await api.call('cases.setAttribute', { caseId, attributeId, value });
        } finally {
          await reloadTableAndOptions();
        }
      }),
    setDocumentValue: (documentId, attributeId, value) =>
      guard(async () => {
        try {
          await api.call('documents.setAttribute', { documentId, attributeId, value });
        } finally {
          await reloadTableAndOptions();
        }
      }),
    linkSpeaker: (speakerId, patch) =>
      guard(async () => {
        await api.call('speakers.link', { speakerId, ...patch });
        await reloadTableAndOptions();
      }),
    linkDocument: (caseId, documentId, linked) =>
      guard(async () => {
        await api.call('cases.linkDocument', { caseId, documentId, linked });
        await reloadTableAndOptions();
      }),
    importCasesCsv: (file) =>
      guard(async () => {
        const report = await api.call('participants.importCsv', { name: file.name, base64: await fileToBase64(file) });
        await reloadTableAndOptions();
        get().notify(
          'info',
          'Cases imported',
          `${report.created} new, ${report.updated} updated, ${report.valuesSet} values` +
            (report.attributesCreated.length ? `; new attributes: ${report.attributesCreated.join(', ')}` : '') +
            (report.linkedSpeakers ? `; ${report.linkedSpeakers} speakers linked` : '') +
            (report.warnings.length ? `. ${report.warnings.join('; ')}` : ''),
        );
      }),
    exportCasesCsv: () =>
      guard(async () => {
        const out = await api.call('cases.exportCsv', { protectFormulas: get().protectFormulas });
        downloadBlob(out.fileName, new Blob([out.csv], { type: 'text/csv;charset=utf-8' }));
      }),

    setFilters(filters) {
      set({ filters });
    },
    setMatrixSettings(patch) {
      set({ matrixSettings: { ...get().matrixSettings, ...patch } });
    },
    runMatrix: () =>
      guard(async () => {
        if (get().matrixSettings.attributeId === null) return;
        set({ analysisBusy: true });
        try {
          const matrix = await api.call('analysis.matrix', matrixInput());
          const previous = get().columnOrder;
          const values = matrix.columns.map((c) => c.value);
          // keep the user's order for values still present; new values go to the end in their natural order
          const kept = previous.filter((v) => values.includes(v));
          const columnOrder = kept.length === values.length ? kept : [...kept, ...values.filter((v) => !kept.includes(v))];
          set({ matrix, columnOrder: get().matrix?.attribute.id === matrix.attribute.id ? columnOrder : values, drillDown: null });
        } finally {
          set({ analysisBusy: false });
        }
      }),
    moveColumn(value, delta) {
      const order = [...get().columnOrder];
      const i = order.indexOf(value);
      const j = i + delta;
      if (i < 0 || j < 0 || j >= order.length) return;
      [order[i], order[j]] = [order[j]!, order[i]!];
      set({ columnOrder: order });
    },
    openCell: (rowKey, rowName, value, label) =>
      guard(async () => {
        const extracts = await api.call('analysis.matrixCell', { ...matrixInput(), rowKey, value });
        set({ drillDown: { title: `${rowName} × ${label}`, extracts } });
      }),
    closeDrillDown() {
      set({ drillDown: null, pairInstances: null });
    },
    runRanking: () =>
      guard(async () => {
        if (get().matrixSettings.attributeId === null) return;
        const { level } = get().matrixSettings;
        set({ ranking: await api.call('analysis.ranking', { ...matrixInput(), ...(level === 'auto' ? {} : { level }) }) });
      }),
    setCooccurrenceUnit(unit) {
      set({ cooccurrenceUnit: unit });
    },
    runCooccurrence: () =>
      guard(async () => {
        set({
          cooccurrenceResult: await api.call('analysis.cooccurrence', { unit: get().cooccurrenceUnit, filters: cleanFilters(get().filters) }),
          pairInstances: null,
        });
      }),
    openPair: (codeA, codeB, title) =>
      guard(async () => {
        const instances = await api.call('analysis.cooccurrenceCell', { unit: get().cooccurrenceUnit, codeA, codeB, filters: cleanFilters(get().filters) });
        set({ pairInstances: { title, instances } });
      }),
    runSearch: (query) =>
      guard(async () => {
        if (!query.trim()) return;
        const filters = cleanFilters(get().filters);
        const searchFilters = filters && { setIds: filters.setIds, attributes: filters.attributes };
        set({ searchResult: await api.call('search.query', { query, filters: searchFilters, limit: SEARCH_PAGE_SIZE }), searchFilters, autoCodeResult: null });
      }),
    moreSearchHits: () =>
      guard(async () => {
        const shown = get().searchResult;
        if (!shown?.nextCursor) return;
        const page = await api.call('search.query', { query: shown.query, filters: get().searchFilters, limit: SEARCH_PAGE_SIZE, cursor: shown.nextCursor });
        // only when the search shown is still the one this page continues
        if (get().searchResult !== shown) return;
        set({ searchResult: appendSearchPage(shown, page) });
      }),
    autoCodeSearch: (query, code, scope) =>
      guard(async () => {
        const filters = cleanFilters(get().filters);
        const which = typeof code === 'number' ? { codeId: code } : { newCode: { name: code.newCode } };
        const result = await api.call('search.autoCode', { query, ...which, scope, filters: filters && { setIds: filters.setIds, attributes: filters.attributes } });
        set({ autoCodeResult: result });
        // an undo step: the Undo button names it
        void get().refreshUndo();
        // the coding workspace shows the new codings
        const [codes, documents] = await Promise.all([api.call('codes.list', {}), api.call('documents.list', {})]);
        set({ codes, documents });
        const active = get().activeDocument;
        if (active) await get().openDocument(active.id);
      }),
    exportXlsx: (tables, fileName) =>
      guard(async () => {
        const { base64 } = await api.call('analysis.exportXlsx', { tables, protectFormulas: get().protectFormulas });
        downloadBlob(fileName, new Blob([base64ToBytes(base64)], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
      }),
    downloadCsv: (rows, fileName) =>
      downloadBlob(fileName, new Blob([toCsv(rows, { protectFormulas: get().protectFormulas })], { type: 'text/csv;charset=utf-8' })),
  };
};
