/**
 * Batch imports: start a background job, follow its pushed progress (`job.progress` events, with a
 * slow poll only in case one is lost: shared/api/follow-job.ts), cancel, offer to import duplicates anyway.
 */
import type { StateCreator } from 'zustand';
import type { Input } from '../../shared/api/contract';
import type { Case, DocumentSet, DocumentSummary, ImportJob, ParticipantsImportResult, ParticipantsPreview, SpeakerSummary } from '../../shared/types/entities';
import type { DocumentSpeakers, SpeakerDetection } from '../../shared/types/exchange';
import { api } from '../api/client';
import { attemptOr } from './busy';
import { NOT_UNDOABLE } from '../../shared/api/not-undoable';
import { fileToBase64 } from '../browser/files';
import { JobFollower } from '../../shared/api/follow-job';
import type { AppState } from './index';

/** What is sent to start an import (and to preview it): uploaded files' bytes, or paths. */
type ImportPayload = { files?: { name: string; base64: string }[]; paths?: string[] };

/**
 * The import preview of transcripts: while `speakers` is null the files are being read; then the
 * files that would get speakers, each with a switch (ImportPreviewDialog).
 */
export interface TranscriptPreviewState {
  payload: ImportPayload;
  files: number;
  speakers: DocumentSpeakers[] | null;
}

export interface ImportsSlice {
  importJob: ImportJob | null;
  importPreview: TranscriptPreviewState | null;
  /** Starts the previewed import with the speaker detection chosen in the preview. */
  confirmImportPreview(detection: SpeakerDetection): Promise<void>;
  /** Closes the preview: nothing is imported. */
  cancelImportPreview(): void;
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

/** The detection chosen in the last preview: "Import duplicates anyway" imports those files with the same choice. */
let lastDetection: SpeakerDetection = {};

export const createImportsSlice: StateCreator<AppState, [], [], ImportsSlice> = (set, get) => {
  /** Runs an import job to its end and opens the first imported document. */
  const run = async (payload: ImportPayload, duplicates: 'skip' | 'import', detection: SpeakerDetection) => {
    lastDetection = detection;
    const started = await api.call('imports.start', { ...payload, duplicates, ...detection });
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
  };

  return {
    importJob: null,
    importPreview: null,
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
        const payload: ImportPayload = { ...(files ? { files } : {}), ...(source.paths ? { paths: source.paths } : {}) };
        // duplicates imported anyway: the files were previewed already; keep the choice made then
        if (duplicates === 'import') return await run(payload, duplicates, lastDetection);
        // The preview: the speakers each file would get. Nothing to review: the import starts at once.
        set({ importPreview: { payload, files: (files?.length ?? 0) + (source.paths?.length ?? 0), speakers: null } });
        const preview = await api.call('imports.preview', payload);
        if (get().importPreview?.payload !== payload) return; // closed meanwhile
        if (preview.speakers.length === 0) {
          set({ importPreview: null });
          return await run(payload, duplicates, {});
        }
        set({ importPreview: { payload, files: preview.files, speakers: preview.speakers } });
      } catch (err) {
        set({ importPreview: null });
        get().notifyError(err);
      }
    },

    async confirmImportPreview(detection) {
      const preview = get().importPreview;
      if (!preview?.speakers) return;
      set({ importPreview: null });
      try {
        await run(preview.payload, 'skip', detection);
      } catch (err) {
        get().notifyError(err);
      }
    },

    cancelImportPreview() {
      set({ importPreview: null, pendingFiles: new Map() });
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

    addDocumentsToSet: (input) =>
      attemptOr(
        get,
        async () => {
          const added = await api.call('sets.addDocuments', input);
          await get().loadDocumentSets();
          void get().refreshUndo();
          return added;
        },
        null,
      ),

    updateSpeaker(input) {
      return api.call('documents.updateSpeaker', input);
    },

    async previewParticipantsCsv(file) {
      return api.call('participants.previewCsv', { name: file.name, base64: await fileToBase64(file) });
    },

    async importParticipantsCsv(file, kinds) {
      return api.call('participants.importCsv', { name: file.name, base64: await fileToBase64(file), kinds });
    },
  };
};
