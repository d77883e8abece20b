/** Cached project data owned by the backend: documents, codes, codings of the open document. */
import type { StateCreator } from 'zustand';
import type { CodeWithCounts, Coding, DocumentSummary, ImportReport, SourceDocument } from '../../shared/types/entities';
import { api } from '../api/client';
import type { AppState } from './index';

export interface TextSelection {
  documentId: number;
  start: number;
  end: number;
  text: string;
}

export interface ProjectDataSlice {
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
  createCode(name: string): Promise<CodeWithCounts | null>;
  setSelection(selection: TextSelection | null): void;
  applyCode(codeId: number): Promise<void>;
  removeCoding(id: number): Promise<void>;
}

async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export const createProjectDataSlice: StateCreator<AppState, [], [], ProjectDataSlice> = (set, get) => {
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
    documents: [],
    codes: [],
    activeDocument: null,
    codings: [],
    selection: null,
    lastImport: null,
    importing: false,
    resetProjectData() {
      set({ documents: [], codes: [], activeDocument: null, codings: [], selection: null, lastImport: null });
    },
    async loadProjectData() {
      try {
        await refreshLists();
        const first = get().documents[0];
        if (first) await get().openDocument(first.id);
      } catch (err) {
        get().notifyError(err);
      }
    },
    async openDocument(id) {
      try {
        const [doc, codings] = await Promise.all([api.call('documents.get', { id }), api.call('codings.listByDocument', { documentId: id })]);
        set({ activeDocument: doc, codings, selection: null });
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
    async createCode(name) {
      try {
        const code = await api.call('codes.create', { name });
        set({ codes: await api.call('codes.list', {}) });
        return get().codes.find((c) => c.id === code.id) ?? null;
      } catch (err) {
        get().notifyError(err);
        return null;
      }
    },
    setSelection(selection) {
      set({ selection });
    },
    async applyCode(codeId) {
      const sel = get().selection;
      if (!sel) {
        get().notify('info', 'Select some text first', 'Drag across a passage in the transcript, then apply a code.');
        return;
      }
      try {
        const coding = await api.call('codings.create', { documentId: sel.documentId, codeId, start: sel.start, end: sel.end });
        const codings = [...get().codings.filter((c) => c.id !== coding.id), coding].sort((a, b) => a.start - b.start || b.end - a.end);
        set({ codings, codes: await api.call('codes.list', {}) });
        set({ documents: get().documents.map((d) => (d.id === sel.documentId ? { ...d, codings: codings.length } : d)) });
      } catch (err) {
        get().notifyError(err);
      }
    },
    async removeCoding(id) {
      try {
        await api.call('codings.delete', { id });
        set({ codings: get().codings.filter((c) => c.id !== id), codes: await api.call('codes.list', {}) });
      } catch (err) {
        get().notifyError(err);
      }
    },
  };
};
