/**
 * Cached project data owned by the backend (documents, codes, codings of the open document) and
 * the coding workspace's actions. The workspace's parts live in coding-*.ts and are merged here:
 * coding-session.ts (applying codes, undo, the palette, active coding, jumps),
 * coding-codebook.ts (editing the codebook), coding-retrieval.ts (extracts and memos).
 */
import type { StateCreator } from 'zustand';
import type { CodeWithCounts, Coding, DocumentSummary, ImportReport, SourceDocument } from '../../shared/types/entities';
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
  lastImport: ImportReport | null;
  importing: boolean;
  resetProjectData(): void;
  loadProjectData(): Promise<void>;
  openDocument(id: number): Promise<void>;
  importFiles(files: File[]): Promise<void>;
  importPaths(paths: string[]): Promise<void>;
  dismissImportReport(): void;
  createCode(name: string, parentId?: number | null): Promise<CodeWithCounts | null>;
  setSelection(selection: TextSelection | null): void;
  /** Reloads the code list (with counts). */
  refreshCodes(): Promise<void>;
  /** Reloads the document list and the open document's codings. */
  refreshCodings(): Promise<void>;
}

async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export const sortCodings = (list: Coding[]) => list.sort((a, b) => a.start - b.start || b.end - a.end || a.id - b.id);

export const createProjectDataSlice: StateCreator<AppState, [], [], ProjectDataSlice> = (set, get, store) => {
  let codingsSeq = 0;
  const refreshLists = async () => {
    const [documents, codes] = await Promise.all([api.call('documents.list', {}), api.call('codes.list', {})]);
    set({ documents, codes });
  };
  const afterImport = async (report: ImportReport) => {
    set({ lastImport: report });
    await refreshLists();
    const first = report.files.find((f) => f.outcome === 'imported')?.documentId;
    if (first && !get().activeDocument) await get().openDocument(first);
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
    lastImport: null,
    importing: false,
    resetProjectData() {
      set({ documents: [], codes: [], activeDocument: null, codings: [], selection: null, lastImport: null });
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
    async importFiles(files) {
      if (files.length === 0) return;
      set({ importing: true });
      try {
        const payload = await Promise.all(files.map(async (f) => ({ name: f.name, base64: await toBase64(f) })));
        await afterImport(await api.call('documents.importFiles', { files: payload }));
      } catch (err) {
        get().notifyError(err);
      } finally {
        set({ importing: false });
      }
    },
    async importPaths(paths) {
      if (paths.length === 0) return;
      set({ importing: true });
      try {
        await afterImport(await api.call('documents.importPaths', { paths }));
      } catch (err) {
        get().notifyError(err);
      } finally {
        set({ importing: false });
      }
    },
    dismissImportReport() {
      set({ lastImport: null });
    },
    async createCode(name, parentId = null) {
      try {
        const code = await api.call('codes.create', { name, parentId });
        await get().refreshCodes();
        void get().refreshUndo();
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
      set({ codes: await api.call('codes.list', {}) });
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
