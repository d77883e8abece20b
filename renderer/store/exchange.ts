/**
 * Store slice for the exchange view (issue 6): exports (download or save to a path), codebook
 * import with a preview, and a REFI-QDA project imported as a new project (also from Welcome).
 */
import type { StateCreator } from 'zustand';
import type {
  ArchiveLimitsMb,
  CodebookFormat,
  CodebookImportOutcome,
  ExchangeJob,
  ExportSummary,
  ExportToFileResult,
  ExtractsFormat,
  ProjectExportJob,
  ProjectImportJob,
  ProjectImportPreview,
  SpeakerDetection,
  ProjectImportResult,
} from '../../shared/types/exchange';
import { JobFollower } from '../../shared/api/follow-job';
import { api } from '../api/client';
import { base64ToBlob, baseName, downloadBlob, existingFileOf, fileToBase64, folderOf, joinPath, type SaveOutcome } from '../browser/files';
import type { AppState } from './index';

/** A file chosen for import: uploaded from the browser, or a path on this computer. */
export type ExchangeSource = { kind: 'file'; file: File } | { kind: 'path'; path: string };

/** Where an export goes: a browser download, or a file path written by the backend (an existing file only replaced with `overwrite`). */
export type ExportTarget = { kind: 'download' } | { kind: 'path'; path: string; overwrite?: boolean };

export type ExportKind = 'project' | 'codebook' | 'extracts';

export interface ExportDone extends ExportSummary {
  kind: ExportKind;
  /** Set when written to a path. */
  path: string | null;
}

export interface CodebookImportState {
  source: ExchangeSource;
  name: string;
  preview: CodebookImportOutcome | null;
  result: CodebookImportOutcome | null;
  error: string | null;
}

export interface ProjectImportState {
  source: ExchangeSource;
  name: string;
  preview: ProjectImportPreview | null;
  /** Default location of the new project file. */
  suggestedTarget: string;
  error: string | null;
}

export interface ExchangeSlice {
  /** Forgets what was shown about the previous project (its last export, codebook import and import report). */
  resetExchange(): void;
  /** What is running ("Exporting the codebook…"), or null. */
  exchangeBusy: string | null;
  lastExport: ExportDone | null;
  codebookImport: CodebookImportState | null;
  projectImport: ProjectImportState | null;
  /** The report of the last project imported as a new project (shown in Import & export). */
  projectImportResult: ProjectImportResult | null;
  /** The .qdpx import running in the background (its progress bar and Cancel), or null. */
  projectImportJob: ProjectImportJob | null;
  /** Cancels the running .qdpx import: no project file is created. */
  cancelProjectImportJob(): Promise<void>;
  /** The project being written as a .qdpx in the background (its progress and Cancel), or null. */
  projectExportJob: ProjectExportJob | null;
  /** Cancels the running .qdpx export: no file is written (an existing one is left as it was). */
  cancelProjectExportJob(): Promise<void>;
  /** A pushed `job.progress` event of an exchange job (routed here from the one event subscription). */
  exchangeJobProgressed(job: ExchangeJob): void;
  /** Spreadsheet exports (CSV, XLSX) put a ' before text that begins like a formula (on by default). */
  protectFormulas: boolean;
  setProtectFormulas(on: boolean): void;
  /** Caps on what a .qdpx may inflate to (MiB), raised under “Limits” in the import or merge dialog for a file the researcher trusts; unset = the defaults. */
  archiveLimits: ArchiveLimitsMb;
  setArchiveLimits(limits: ArchiveLimitsMb): void;
  /** 'exists': the file is there and was left alone (the save dialog asks before replacing). */
  exportProject(to: ExportTarget): Promise<SaveOutcome>;
  exportCodebook(format: CodebookFormat, to: ExportTarget): Promise<SaveOutcome>;
  exportExtracts(format: ExtractsFormat, to: ExportTarget): Promise<SaveOutcome>;
  previewCodebookImport(source: ExchangeSource): Promise<void>;
  confirmCodebookImport(): Promise<boolean>;
  closeCodebookImport(): void;
  previewProjectImport(source: ExchangeSource): Promise<void>;
  /** `detection`: speaker detection off for the batch or for some documents (chosen in the preview). */
  importProjectAsNew(target: string, detection?: SpeakerDetection): Promise<boolean>;
  closeProjectImport(): void;
  dismissProjectImportResult(): void;
}

const sourceName = (s: ExchangeSource) => (s.kind === 'file' ? s.file.name : baseName(s.path));

async function sourcePayload(s: ExchangeSource): Promise<string | { name: string; base64: string }> {
  return s.kind === 'path' ? s.path : { name: s.file.name, base64: await fileToBase64(s.file) };
}

const message = (err: unknown) => (err as Error)?.message ?? String(err);

/** The exchange jobs' pushed steps, kept until their start call has answered (shared/api/follow-job.ts). */
const exchangeJobs = new JobFollower<ExchangeJob>((fn, ms) => {
  const timer = window.setTimeout(fn, ms);
  return () => window.clearTimeout(timer);
});

/** `jobs.status` of an exchange job (an import batch's id is never followed here). */
async function exchangeJobStatus(id: string): Promise<ExchangeJob> {
  const job = await api.call('jobs.status', { id });
  if (!('kind' in job)) throw new Error('That job is not a .qdpx import or export.');
  return job;
}

/** A background export the researcher cancelled (said as a notice, not as an error). */
class ExportCancelled extends Error {}

/**
 * Writes the project as a .qdpx to a path in the background (a worker thread): resolves with what
 * was written. `onUpdate` receives each step (null at the end).
 */
async function exportProjectInBackground(path: string, overwrite: boolean, onUpdate: (job: ProjectExportJob | null) => void): Promise<ExportToFileResult> {
  const started = await api.call('exchange.startProjectExport', { path, overwrite });
  onUpdate(started);
  try {
    const job = await followExchangeJob(started, onUpdate);
    if (job.state === 'done' && job.result) return job.result;
    if (job.state === 'cancelled') throw new ExportCancelled('The export was cancelled; no file was written.');
    throw new Error(job.error?.message ?? 'The export failed; no file was written.');
  } finally {
    onUpdate(null);
  }
}

/**
 * Follows a job that writes a file of its own (a .qdpx export, a pseudonymised copy…) to its end:
 * `onUpdate` receives each newer picture (pushed `job.progress` events, `jobs.status` as fallback).
 */
export function followExchangeJob<J extends ExchangeJob>(started: J, onUpdate: (job: J) => void): Promise<J> {
  return exchangeJobs.follow(started, {
    poll: exchangeJobStatus,
    onUpdate: (update) => {
      if (update.kind === started.kind) onUpdate(update as J);
    },
  }) as Promise<J>;
}

/** Asks the service to cancel an exchange job; its end comes through the follower (a pushed end may have arrived first). */
export async function cancelExchangeJob(job: ExchangeJob | null, notifyError: (err: unknown) => void) {
  if (!job || job.state !== 'running') return;
  try {
    const reply = await api.call('jobs.cancel', { id: job.id });
    if ('kind' in reply) exchangeJobs.arrived(reply);
  } catch (err) {
    notifyError(err);
  }
}

export const createExchangeSlice: StateCreator<AppState, [], [], ExchangeSlice> = (set, get) => {
  /** Runs one export either way and reports it. */
  const runExport = async (
    kind: ExportKind,
    label: string,
    to: ExportTarget,
    toPath: (path: string, overwrite: boolean) => Promise<ExportSummary & { path: string }>,
    toBytes: () => Promise<ExportSummary & { base64: string }>,
  ): Promise<SaveOutcome> => {
    set({ exchangeBusy: label });
    try {
      if (to.kind === 'download') {
        const r = await toBytes();
        downloadBlob(r.fileName, base64ToBlob(r.base64, r.mimeType));
        const { base64: _drop, ...summary } = r;
        void _drop;
        set({ lastExport: { ...summary, kind, path: null } });
      } else {
        const r = await toPath(to.path, to.overwrite === true);
        set({ lastExport: { ...r, kind, path: r.path } });
        get().notify('info', 'Exported', `Saved ${r.path}`);
      }
      return 'saved';
    } catch (err) {
      if (existingFileOf(err)) return 'exists';
      if (err instanceof ExportCancelled) {
        get().notify('info', 'Export cancelled', 'No file was written; a file that was there is as it was.');
        return 'failed';
      }
      get().notifyError(err);
      return 'failed';
    } finally {
      set({ exchangeBusy: null });
    }
  };

  return {
    resetExchange() {
      set({ lastExport: null, codebookImport: null, projectImportResult: null });
    },
    exchangeBusy: null,
    lastExport: null,
    codebookImport: null,
    projectImport: null,
    projectImportResult: null,
    projectImportJob: null,
    projectExportJob: null,
    protectFormulas: true,
    setProtectFormulas: (on) => set({ protectFormulas: on }),
    archiveLimits: {},
    setArchiveLimits: (limits) => set({ archiveLimits: limits }),

    exportProject: (to) =>
      runExport(
        'project',
        'Exporting the project…',
        to,
        (path, overwrite) => exportProjectInBackground(path, overwrite, (job) => set({ projectExportJob: job })),
        () => api.call('exchange.exportProjectBytes', {}),
      ),
    exportCodebook: (format, to) =>
      runExport(
        'codebook',
        'Exporting the codebook…',
        to,
        (path, overwrite) => api.call('exchange.exportCodebook', { format, path, overwrite, protectFormulas: get().protectFormulas }),
        () => api.call('exchange.exportCodebookBytes', { format, protectFormulas: get().protectFormulas }),
      ),
    exportExtracts: (format, to) =>
      runExport(
        'extracts',
        'Exporting the coded extracts…',
        to,
        (path, overwrite) => api.call('exchange.exportExtracts', { format, path, overwrite, protectFormulas: get().protectFormulas }),
        () => api.call('exchange.exportExtractsBytes', { format, protectFormulas: get().protectFormulas }),
      ),

    async previewCodebookImport(source) {
      const name = sourceName(source);
      set({ codebookImport: { source, name, preview: null, result: null, error: null }, exchangeBusy: `Reading ${name}…` });
      try {
        const preview = await api.call('exchange.previewCodebook', { source: await sourcePayload(source) });
        if (get().codebookImport?.source === source) set({ codebookImport: { source, name, preview, result: null, error: null } });
      } catch (err) {
        if (get().codebookImport?.source === source) set({ codebookImport: { source, name, preview: null, result: null, error: message(err) } });
      } finally {
        set({ exchangeBusy: null });
      }
    },
    async confirmCodebookImport() {
      const current = get().codebookImport;
      if (!current?.preview) return false;
      set({ exchangeBusy: `Importing ${current.name}…` });
      try {
        const result = await api.call('exchange.importCodebook', { source: await sourcePayload(current.source) });
        set({ codebookImport: { ...current, result, error: null } });
        get().notify('info', 'Codebook imported', `${result.imported.codes} new codes, ${result.matched.codes} already there.`);
        await get().loadProjectData();
        return true;
      } catch (err) {
        set({ codebookImport: { ...current, error: message(err) } });
        return false;
      } finally {
        set({ exchangeBusy: null });
      }
    },
    closeCodebookImport() {
      set({ codebookImport: null });
    },

    async previewProjectImport(source) {
      const name = sourceName(source);
      set({ projectImport: { source, name, preview: null, suggestedTarget: '', error: null }, exchangeBusy: `Reading ${name}…` });
      try {
        const preview = await api.call('exchange.previewProject', { source: await sourcePayload(source), limits: get().archiveLimits });
        let folder = source.kind === 'path' ? folderOf(source.path) : '';
        if (!folder) folder = (await api.call('files.list', {})).path;
        if (get().projectImport?.source !== source) return;
        set({ projectImport: { source, name, preview, suggestedTarget: joinPath(folder, preview.suggestedFileName), error: null } });
      } catch (err) {
        if (get().projectImport?.source === source) set({ projectImport: { source, name, preview: null, suggestedTarget: '', error: message(err) } });
      } finally {
        set({ exchangeBusy: null });
      }
    },
    async importProjectAsNew(target, detection = {}) {
      const current = get().projectImport;
      if (!current?.preview) return false;
      set({ exchangeBusy: `Importing ${current.name}…` });
      try {
        // a background job (a worker thread in the service): the window keeps working and can cancel it
        const started = await api.call('exchange.startProjectImport', { source: await sourcePayload(current.source), target, ...detection, limits: get().archiveLimits });
        set({ projectImportJob: started });
        const job = await followExchangeJob(started, (update) => set({ projectImportJob: update }));
        if (job.state === 'cancelled') {
          get().notify('info', 'Import cancelled', 'No project file was created; the open project is as it was.');
          return false;
        }
        if (job.state !== 'done' || !job.result) {
          set({ projectImport: { ...current, error: job.error?.message ?? 'The import failed.' } });
          return false;
        }
        const { path, ...report } = job.result;
        const project = await api.call('project.open', { path });
        get().resetProjectData();
        set({ project, projectImport: null, projectImportResult: { ...report, project } });
        get().setView('exchange');
        await get().loadProjectData();
        get().notify('info', 'Project imported', `${project.name}: ${report.imported.documents} documents, ${report.imported.codings} codings.`);
        return true;
      } catch (err) {
        set({ projectImport: { ...current, error: message(err) } });
        return false;
      } finally {
        set({ exchangeBusy: null, projectImportJob: null });
      }
    },
    async cancelProjectImportJob() {
      await cancelExchangeJob(get().projectImportJob, get().notifyError);
    },
    async cancelProjectExportJob() {
      await cancelExchangeJob(get().projectExportJob, get().notifyError);
    },
    exchangeJobProgressed(job) {
      exchangeJobs.arrived(job);
    },
    closeProjectImport() {
      set({ projectImport: null });
    },
    dismissProjectImportResult() {
      set({ projectImportResult: null });
    },
  };
};
