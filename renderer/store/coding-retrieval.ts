/** Retrieval (coded extracts with filters, split by moving extracts) and memos (list, search, edit). */
import type { StateCreator } from 'zustand';
import type { Extract, Memo, MemoHit, MemoTarget } from '../../shared/types/coding';
import type { Case } from '../../shared/types/entities';
import { api } from '../api/client';
import { attempt, attemptOr } from './busy';
import type { AppState } from './index';
import { flightKey, once } from './once';

export interface ExtractQuery {
  codeIds: number[];
  includeChildren: boolean;
  documentId: number | null;
  coderId: number | null;
  attribute: { name: string; value: string } | null;
}

export type CodingSidePanel = 'extracts' | 'memos' | null;

export interface RetrievalSlice {
  codingSidePanel: CodingSidePanel;
  extractQuery: ExtractQuery;
  /** The extracts loaded so far: the first page, then more as the list is scrolled (`moreExtracts`). */
  extracts: Extract[];
  extractsLoading: boolean;
  /** Continues the list shown (null: every extract is loaded). */
  extractsNextCursor: string | null;
  /** How many extracts the query has in all (null: not known until all are loaded). */
  extractsTotal: number | null;
  /** Coders seen in unfiltered results, for the coder filter. */
  knownCoders: { id: number; name: string }[];
  extractCases: Case[];
  memoList: Memo[];
  memoQuery: string;
  memoHits: MemoHit[] | null;
  resetRetrieval(): void;
  setCodingSidePanel(panel: CodingSidePanel): void;
  setExtractQuery(patch: Partial<ExtractQuery>): Promise<void>;
  showExtractsFor(codeIds: number[]): Promise<void>;
  /** Loads the first page of the query's extracts (`keepShown`: as many as are shown now, after a change elsewhere). */
  runExtracts(opts?: { keepShown?: boolean }): Promise<void>;
  /** Loads the next page of the list shown (nothing when all are loaded or a page is on its way). */
  moreExtracts(): Promise<void>;
  /** Every extract of the query shown (loads the pages not yet loaded), for copying them all. */
  allExtracts(): Promise<Extract[]>;
  moveExtracts(codingIds: number[], target: { codeId: number } | { newCode: { name: string; parentId: number | null } }): Promise<boolean>;
  loadMemos(): Promise<void>;
  /** Memos on one target (for the code editor). */
  memosFor(target: MemoTarget): Promise<Memo[]>;
  searchMemos(query: string): Promise<void>;
  createMemo(target: MemoTarget, body: string, title?: string): Promise<Memo | null>;
  updateMemo(id: number, patch: { title?: string; body?: string }): Promise<boolean>;
  deleteMemo(id: number): Promise<boolean>;
  /** Reloads the extracts or memos panel when it is open. */
  refreshOpenPanels(): Promise<void>;
}

const EMPTY_QUERY: ExtractQuery = { codeIds: [], includeChildren: true, documentId: null, coderId: null, attribute: null };

/** Extracts a page of the retrieval panel holds (a few screens). */
export const EXTRACTS_PAGE_SIZE = 50;

const filterOf = (q: ExtractQuery) => ({
  codeIds: q.codeIds,
  includeChildren: q.includeChildren,
  ...(q.documentId !== null ? { documentIds: [q.documentId] } : {}),
  ...(q.coderId !== null ? { coderIds: [q.coderId] } : {}),
  ...(q.attribute ? { caseAttribute: q.attribute } : {}),
});

export const createRetrievalSlice: StateCreator<AppState, [], [], RetrievalSlice> = (set, get) => {
  let extractSeq = 0;
  /** The page on its way, so scrolling asks for each page once. */
  let morePending: Promise<void> | null = null;
  const withCoders = (extracts: Extract[]) => {
    const coders = new Map(get().knownCoders.map((c) => [c.id, c.name]));
    for (const e of extracts) coders.set(e.coderId, e.coder);
    return [...coders].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
  };
  let memoSeq = 0;
  const afterMemoChange = async () => {
    await Promise.all([get().loadCodingMemos(), get().refreshUndo(), get().refreshOpenPanels()]);
  };
  return {
    codingSidePanel: null,
    extractQuery: EMPTY_QUERY,
    extracts: [],
    extractsLoading: false,
    extractsNextCursor: null,
    extractsTotal: null,
    knownCoders: [],
    extractCases: [],
    memoList: [],
    memoQuery: '',
    memoHits: null,
    resetRetrieval() {
      set({ codingSidePanel: null, extractQuery: EMPTY_QUERY, extracts: [], extractsNextCursor: null, extractsTotal: null, knownCoders: [], extractCases: [], memoList: [], memoQuery: '', memoHits: null });
    },
    setCodingSidePanel(panel) {
      set({ codingSidePanel: panel });
      if (panel === 'extracts') {
        void api
          .call('cases.list', {})
          .then((cases) => set({ extractCases: cases }))
          .catch(() => set({ extractCases: [] }));
        void get().runExtracts();
      }
      if (panel === 'memos') void get().loadMemos();
    },
    async setExtractQuery(patch) {
      set({ extractQuery: { ...get().extractQuery, ...patch } });
      await get().runExtracts();
    },
    async showExtractsFor(codeIds) {
      set({ extractQuery: { ...get().extractQuery, codeIds } });
      get().setCodingSidePanel('extracts');
    },
    async runExtracts(opts) {
      const q = get().extractQuery;
      const limit = opts?.keepShown ? Math.max(EXTRACTS_PAGE_SIZE, get().extracts.length) : EXTRACTS_PAGE_SIZE;
      const seq = ++extractSeq;
      morePending = null;
      if (q.codeIds.length === 0) {
        set({ extracts: [], extractsLoading: false, extractsNextCursor: null, extractsTotal: null });
        return;
      }
      set({ extractsLoading: true });
      try {
        const page = await api.call('extracts.page', { ...filterOf(q), limit });
        if (seq !== extractSeq) return;
        set({
          extracts: page.extracts,
          extractsLoading: false,
          extractsNextCursor: page.nextCursor,
          extractsTotal: page.total,
          knownCoders: withCoders(page.extracts),
        });
      } catch (err) {
        if (seq === extractSeq) set({ extractsLoading: false });
        get().notifyError(err);
      }
    },
    moreExtracts() {
      const cursor = get().extractsNextCursor;
      if (cursor === null || get().extractsLoading) return Promise.resolve();
      if (morePending) return morePending;
      const seq = extractSeq;
      const load = async () => {
        try {
          const page = await api.call('extracts.page', { ...filterOf(get().extractQuery), limit: EXTRACTS_PAGE_SIZE, cursor });
          // only when the list shown is still the one this page continues
          if (seq !== extractSeq || get().extractsNextCursor !== cursor) return;
          const extracts = [...get().extracts, ...page.extracts];
          set({ extracts, extractsNextCursor: page.nextCursor, extractsTotal: page.total, knownCoders: withCoders(page.extracts) });
        } catch (err) {
          get().notifyError(err);
        }
      };
      const pending = load().finally(() => {
        if (morePending === pending) morePending = null;
      });
      morePending = pending;
      return pending;
    },
    async allExtracts() {
      for (;;) {
        const before = get().extractsNextCursor;
        if (before === null) return get().extracts;
        await get().moreExtracts();
        // a failed page or a new query: give what is loaded
        if (get().extractsNextCursor === before) return get().extracts;
      }
    },
    moveExtracts: (codingIds, target) =>
      attempt(get, async () => {
        const r = await api.call('codings.move', { ids: codingIds, ...target });
        await get().applyCodingChanges(r.changes);
        get().notify(
          'info',
          `Moved to “${r.code.name}”`,
          `${r.moved} coding${r.moved === 1 ? '' : 's'} moved${r.collapsed ? `, ${r.collapsed} already there` : ''}. Undo with Ctrl+Z.`,
        );
      }),
    async loadMemos() {
      try {
        const seq = ++memoSeq;
        const memos = await api.call('memos.list', {});
        if (seq === memoSeq) set({ memoList: memos });
        const q = get().memoQuery.trim();
        if (q) set({ memoHits: await api.call('memos.search', { query: q }) });
      } catch (err) {
        get().notifyError(err);
      }
    },
    memosFor: (target) => attemptOr(get, () => api.call('memos.list', { target }), []),
    async searchMemos(query) {
      set({ memoQuery: query });
      if (!query.trim()) {
        set({ memoHits: null });
        return;
      }
      try {
        const hits = await api.call('memos.search', { query });
        if (get().memoQuery === query) set({ memoHits: hits });
      } catch (err) {
        get().notifyError(err);
      }
    },
    createMemo(target, body, title) {
      return once(flightKey('memos.create', target, body, title), () =>
        attemptOr(
          get,
          async () => {
            const memo = await api.call('memos.create', { target, body, ...(title !== undefined ? { title } : {}) });
            await afterMemoChange();
            return memo;
          },
          null,
        ),
      );
    },
    updateMemo: (id, patch) =>
      attempt(get, async () => {
        await api.call('memos.update', { id, ...patch });
        await afterMemoChange();
      }),
    deleteMemo: (id) =>
      attempt(get, async () => {
        await api.call('memos.delete', { id });
        await afterMemoChange();
      }),
    async refreshOpenPanels() {
      const panel = get().codingSidePanel;
      if (panel === 'extracts') {
        const alive = new Set(get().codes.map((c) => c.id));
        const q = get().extractQuery;
        if (q.codeIds.some((id) => !alive.has(id))) set({ extractQuery: { ...q, codeIds: q.codeIds.filter((id) => alive.has(id)) } });
        await get().runExtracts({ keepShown: true });
      } else if (panel === 'memos') await get().loadMemos();
    },
  };
};
