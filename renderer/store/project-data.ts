/**
 * Cached project data owned by the backend (documents, codes, codings of the open document) and
 * the coding workspace's actions. The workspace's parts live in coding-*.ts and are merged here:
 * coding-session.ts (applying codes, undo, the palette, active coding, jumps),
 * coding-codebook.ts (editing the codebook), coding-retrieval.ts (extracts and memos).
 */
import type { StateCreator } from 'zustand';
import type { CodeWithCounts, Coding, DocumentSummary, SourceDocument } from '../../shared/types/entities';
import type { CodingChanges } from '../../shared/types/coding';
import { mergeCodes, mergeDocumentCounts, mergeOpenCodings, sortCodings } from '../../shared/domain/merge-changes';
import { api } from '../api/client';
import type { AppState } from './index';
import { createCodingSessionSlice, type CodingSessionSlice } from './coding-session';
import { createCodebookSlice, type CodebookSlice } from './coding-codebook';
import { createRetrievalSlice, type RetrievalSlice } from './coding-retrieval';

export interface TextSelection {
  documentId: number;
  start: number;
  end: number;
  text: string;
}

export interface ProjectDataSlice extends CodingSessionSlice, CodebookSlice, RetrievalSlice {
  documents: DocumentSummary[];
  codes: CodeWithCounts[];
  activeDocument: SourceDocument | null;
  codings: Coding[];
  selection: TextSelection | null;
  resetProjectData(): void;
  loadProjectData(): Promise<void>;
  openDocument(id: number): Promise<void>;
  createCode(name: string, parentId?: number | null): Promise<CodeWithCounts | null>;
  setSelection(selection: TextSelection | null): void;
  /** Reloads the code list (with counts). */
  refreshCodes(): Promise<void>;
  /** Reloads the document list and the open document's codings. */
  refreshCodings(): Promise<void>;
  /**
   * Merges what a coding mutation changed (its `changes`, when complete) into the codes, the
   * documents' counts and the open document's codings, instead of reloading them.
   */
  mergeCodingChanges(changes: CodingChanges): void;
}

export { sortCodings };

export const createProjectDataSlice: StateCreator<AppState, [], [], ProjectDataSlice> = (set, get, store) => {
  let codingsSeq = 0;
  // replies of overlapping refreshes can arrive out of order: only the newest call's reply is kept
  let codesSeq = 0;
  const refreshLists = async () => {
    const [documents, codes] = await Promise.all([api.call('documents.list', {}), api.call('codes.list', {})]);
    set({ documents, codes });
  };
  return {
    ...createCodingSessionSlice(set, get, store),
    ...createCodebookSlice(set, get, store),
    ...createRetrievalSlice(set, get, store),
    documents: [],
    codes: [],
    activeDocument: null,
    codings: [],
    selection: null,
    resetProjectData() {
      set({ documents: [], codes: [], activeDocument: null, codings: [], selection: null });
      get().resetCodingSession();
      get().resetCodebook();
      get().resetRetrieval();
    },
    async loadProjectData() {
      try {
        await refreshLists();
        void get().refreshRecentCodes();
        void get().refreshUndo();
        const first = get().documents[0];
        if (first) await get().openDocument(first.id);
      } catch (err) {
        get().notifyError(err);
      }
    },
    async openDocument(id) {
      try {
        if (get().adjust) await get().commitAdjust();
        const seq = ++codingsSeq;
        const [doc, codings] = await Promise.all([api.call('documents.get', { id }), api.call('codings.listByDocument', { documentId: id })]);
        if (seq !== codingsSeq) return;
        const keep = get().activeDocument?.id === id;
        set({ activeDocument: doc, codings, ...(keep ? {} : { selection: null, activeCodingId: null, adjust: null, popover: null }) });
        void get().loadCodingMemos();
      } catch (err) {
        get().notifyError(err);
      }
    },
    async createCode(name, parentId = null) {
      try {
        const code = await api.call('codes.create', { name, parentId });
        await get().applyCodingChanges(code.changes);
        return get().codes.find((c) => c.id === code.id) ?? null;
      } catch (err) {
        get().notifyError(err);
        return null;
      }
    },
    setSelection(selection) {
      set({ selection });
    },
    async refreshCodes() {
      const seq = ++codesSeq;
      const codes = await api.call('codes.list', {});
      if (seq === codesSeq) set({ codes });
    },
    mergeCodingChanges(changes) {
      // a codes.list reply still on its way was read before this change: keep the merged list
      codesSeq++;
      const s = get();
      set({
        codes: mergeCodes(s.codes, changes),
        documents: mergeDocumentCounts(s.documents, changes),
        codings: mergeOpenCodings(s.codings, s.activeDocument?.id ?? null, changes),
      });
    },
    async refreshCodings() {
      const doc = get().activeDocument;
      const seq = ++codingsSeq;
      const [documents, codings] = await Promise.all([
        api.call('documents.list', {}),
        doc ? api.call('codings.listByDocument', { documentId: doc.id }) : Promise.resolve(null),
      ]);
      if (seq !== codingsSeq) {
        set({ documents });
        return;
      }
      set({ documents, ...(codings && get().activeDocument?.id === doc?.id ? { codings } : {}) });
    },
  };
};
