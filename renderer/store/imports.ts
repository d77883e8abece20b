/**
 * Batch imports: start a background job, follow its pushed progress (`job.progress` events, with a
 * slow poll only in case one is lost: shared/api/follow-job.ts), cancel, offer to import duplicates anyway.
 */
import type { StateCreator } from 'zustand';
import type { Input } from '../../shared/api/contract';
import type { Case, DocumentSet, DocumentSummary, ImportJob, ParticipantsImportResult, ParticipantsPreview, SpeakerSummary } from '../../shared/types/entities';
import { api } from '../api/client';
import { NOT_UNDOABLE } from '../../shared/api/not-undoable';
import { fileToBase64 } from '../browser/files';
import { JobFollower } from '../../shared/api/follow-job';
import type { AppState } from './index';

export interface ImportsSlice {
  importJob: ImportJob | null;
  /** Files chosen in the browser for the current job, by name, so duplicates can be re-sent. */
  pendingFiles: Map<string, File>;
  speakersDialogFor: number[] | null;
  startImport(source: { files?: File[]; paths?: string[] }, duplicates?: 'skip' | 'import'): Promise<void>;
  cancelImport(): Promise<void>;
  importDuplicatesAnyway(): Promise<void>;
  closeImportJob(): void;
  /** A pushed `job.progress` event of an import (routed here from the one event subscription). */
  importJobProgressed(job: ImportJob): void;
  openSpeakersDialog(documentIds: number[] | null): void;
  /** The speakers dialog's data: all documents (also refreshed in the store) and all participants (cases). Throws on failure. */
  loadSpeakersData(): Promise<{ documents: DocumentSummary[]; cases: Case[] }>;
  updateSpeaker(input: Input<'documents.updateSpeaker'>): Promise<SpeakerSummary>;
  /** One action on several speakers in one undo step (the Participants dialog's bulk actions); returns how many changed. */
  bulkUpdateSpeakers(input: Input<'speakers.bulk'>): Promise<number>;
  /** The project's document sets (the document list's "Show" choice and its "Add to set" menu). */
  documentSets: DocumentSet[];
  loadDocumentSets(): Promise<void>;
  /** Renames a document (undoable); the list and the open document's heading follow. */
  renameDocument(id: number, name: string): Promise<void>;
  /** Adds documents to a set or a new one (undoable); returns the set. */
  addDocumentsToSet(input: Input<'sets.addDocuments'>): Promise<DocumentSet | null>;
  previewParticipantsCsv(file: File): Promise<ParticipantsPreview>;
  importParticipantsCsv(file: File, kinds: Record<string, ParticipantsPreview['attributes'][number]['kind']>): Promise<ParticipantsImportResult>;
}

/** The import jobs' pushed steps, kept until their start call has answered (a short job may end first). */
const importJobs = new JobFollower<ImportJob>((fn, ms) => {
  const timer = window.setTimeout(fn, ms);
  return () => window.clearTimeout(timer);
});

export const createImportsSlice: StateCreator<AppState, [], [], ImportsSlice> = (set, get) => ({
  importJob: null,
  pendingFiles: new Map(),
  speakersDialogFor: null,

  async startImport(source, duplicates = 'skip') {
    if (!source.files?.length && !source.paths?.length) return;
    // declared notUndoable in the contract: before it makes Undo forget earlier changes, ask
    if (get().undoState.canUndo && !window.confirm(NOT_UNDOABLE.importDocuments)) return;
    try {
      const files = source.files?.length
        ? await Promise.all(source.files.map(async (f) => ({ name: f.name, base64: await fileToBase64(f) })))
        : undefined;
      if (source.files) set({ pendingFiles: new Map(source.files.map((f) => [f.name, f])) });
      const started = await api.call('imports.start', { ...(files ? { files } : {}), ...(source.paths ? { paths: source.paths } : {}), duplicates });
      set({ importJob: started });
      const job = await importJobs.follow(started, {
        poll: (id) => api.call('imports.status', { id }),
        onUpdate: (importJob) => set({ importJob }),
      });
      // Cancelled because the project was closed: the dialog says so; nothing of it is open now.
      if (job.cancelledBecause) {
        get().notify('info', 'Import cancelled', `Weft cancelled the import because ${job.cancelledBecause}: ${job.report.imported} files were imported, each of them whole; the rest were not.`);
        return;
      }
      set({ documents: await api.call('documents.list', {}) });
      const first = job.report.files.find((f) => f.outcome === 'imported')?.documentId;
      if (first && !get().activeDocument) await get().openDocument(first);
    } catch (err) {
      get().notifyError(err);
    }
  },

  async cancelImport() {
    const job = get().importJob;
    if (!job || job.state !== 'running') return;
    try {
      // through the follower: the job's pushed end may have arrived before this reply, which must not undo it
      importJobs.arrived(await api.call('imports.cancel', { id: job.id }));
    } catch (err) {
      get().notifyError(err);
    }
  },

  async importDuplicatesAnyway() {
    const job = get().importJob;
    if (!job) return;
    const dups = job.report.files.filter((f) => f.duplicateOf);
    const files = dups.map((f) => get().pendingFiles.get(f.file)).filter((f): f is File => !!f);
    const paths = dups.map((f) => f.file).filter((p) => !get().pendingFiles.has(p));
    await get().startImport({ ...(files.length ? { files } : {}), ...(paths.length ? { paths } : {}) }, 'import');
  },

  closeImportJob() {
    set({ importJob: null, pendingFiles: new Map() });
  },

  importJobProgressed(job) {
    importJobs.arrived(job);
  },

  openSpeakersDialog(documentIds) {
    set({ speakersDialogFor: documentIds });
  },

  async loadSpeakersData() {
    const [documents, cases] = await Promise.all([api.call('documents.list', {}), api.call('cases.list', {})]);
    set({ documents });
    return { documents, cases };
  },

  updateSpeaker(input) {
    return api.call('documents.updateSpeaker', input);
  },

  async bulkUpdateSpeakers(input) {
    const { changed } = await api.call('speakers.bulk', input);
    void get().refreshUndo();
    return changed;
  },

  documentSets: [],
  async loadDocumentSets() {
    try {
      set({ documentSets: await api.call('sets.list', {}) });
    } catch (err) {
      get().notifyError(err);
    }
  },

  async renameDocument(id, name) {
    try {
      const renamed = await api.call('documents.rename', { id, name });
      const active = get().activeDocument;
      set({
        documents: get().documents.map((d) => (d.id === id ? { ...d, name: renamed.name } : d)),
        ...(active?.id === id ? { activeDocument: { ...active, name: renamed.name } } : {}),
      });
      void get().refreshUndo();
    } catch (err) {
      get().notifyError(err);
    }
  },

  async addDocumentsToSet(input) {
    try {
      const added = await api.call('sets.addDocuments', input);
      await get().loadDocumentSets();
      void get().refreshUndo();
      return added;
    } catch (err) {
      get().notifyError(err);
      return null;
    }
  },

  async previewParticipantsCsv(file) {
    return api.call('participants.previewCsv', { name: file.name, base64: await fileToBase64(file) });
  },

  async importParticipantsCsv(file, kinds) {
    return api.call('participants.importCsv', { name: file.name, base64: await fileToBase64(file), kinds });
  },
});
