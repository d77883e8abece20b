import { basename } from 'node:path';
import type { HandlersFor } from '../../../shared/api/contract.js';
import type { exchangeMethods } from '../../../shared/api/methods/exchange.js';
import type { ArchiveLimitsMb, ExportBytesResult, ExportToFileResult } from '../../../shared/types/exchange.js';
import { prepareThenChange } from '../undo-steps.js';
import type { AppService } from '../app-service.js';
import { APP_VERSION } from '../version.js';
import {
  importCodebookFileBytes,
  importProjectAsNewFile,
  renderCodebook,
  renderExtracts,
  renderProject,
  renderProjectToFile,
  type RenderedExport,
} from '../exchange/workflows.js';
import type { ExtractFilter } from '../extracts.js';
import { previewOffThread, startProjectExport, startProjectImport } from '../jobs/exchange-jobs.js';
import { readUserFile, USER_FILE_KINDS, writeUserFile } from '../../fs/user-files.js';

type Source = string | { name: string; base64: string };

/** The `origin` written into REFI-QDA files. */
const origin = () => `Weft ${APP_VERSION}`;

const sourceName = (source: Source): string => (typeof source === 'string' ? basename(source) : source.name);

/** The bytes of a small file (a codebook), from a path (an ordinary file within the cap) or an upload. */
const sourceBytes = (source: Source): Uint8Array =>
  typeof source === 'string' ? readUserFile(source, USER_FILE_KINDS.codebook) : Buffer.from(source.base64, 'base64');

/** A .qdpx is read from its path (streamed, with archive limits), or from the uploaded bytes. */
const projectInput = (source: Source): string | Uint8Array => (typeof source === 'string' ? source : Buffer.from(source.base64, 'base64'));

const toFile = (app: AppService, r: RenderedExport, path: string, overwrite: boolean | undefined): ExportToFileResult => {
  const written = writeUserFile(path, r.bytes, { overwrite: overwrite === true, openProjectPath: app.currentOrNull()?.path ?? null });
  return { path: written, fileName: basename(written), format: r.format, mimeType: r.mimeType, size: r.bytes.length, items: r.items, warnings: r.warnings };
};

const toBytes = (r: RenderedExport): ExportBytesResult => ({
  fileName: r.fileName,
  format: r.format,
  mimeType: r.mimeType,
  size: r.bytes.length,
  items: r.items,
  warnings: r.warnings,
  base64: Buffer.from(r.bytes).toString('base64'),
});

/** The archive caps a call gave (zod: whole MiB within bounds), without unset keys. */
const limitsOf = (l: ArchiveLimitsMb | undefined): ArchiveLimitsMb => ({
  ...(l?.maxDocumentMb !== undefined ? { maxDocumentMb: l.maxDocumentMb } : {}),
  ...(l?.maxArchiveMb !== undefined ? { maxArchiveMb: l.maxArchiveMb } : {}),
});

const filterOf = (f: { codeIds?: number[] | undefined; coderIds?: number[] | undefined; documentIds?: number[] | undefined } | undefined): ExtractFilter => ({
  ...(f?.codeIds ? { codeIds: f.codeIds } : {}),
  ...(f?.coderIds ? { coderIds: f.coderIds } : {}),
  ...(f?.documentIds ? { documentIds: f.documentIds } : {}),
});

export const exchangeHandlers = (app: AppService): HandlersFor<typeof exchangeMethods> => {
  const db = () => app.current().db;
  return {
    'exchange.exportProject': ({ path, overwrite }) => {
      // streamed to the file (never the whole archive in memory)
      const r = renderProjectToFile(db(), origin(), path, { overwrite: overwrite === true, openProjectPath: app.currentOrNull()?.path ?? null }, {}, app.currentOrNull()?.path);
      return { path: r.path, fileName: basename(r.path), format: r.format, mimeType: r.mimeType, size: r.size, items: r.items, warnings: r.warnings };
    },
    'exchange.exportProjectBytes': () => toBytes(renderProject(db(), origin(), {}, app.currentOrNull()?.path)),
    'exchange.exportCodebook': async ({ format, path, overwrite, protectFormulas }) => toFile(app, await renderCodebook(db(), format, origin(), { protectFormulas }), path, overwrite),
    'exchange.exportCodebookBytes': async ({ format, protectFormulas }) => toBytes(await renderCodebook(db(), format, origin(), { protectFormulas })),
    'exchange.exportExtracts': async ({ format, path, filter, overwrite, protectFormulas }) => toFile(app, await renderExtracts(db(), format, filterOf(filter), { protectFormulas }), path, overwrite),
    'exchange.exportExtractsBytes': async ({ format, filter, protectFormulas }) => toBytes(await renderExtracts(db(), format, filterOf(filter), { protectFormulas })),
    'exchange.previewCodebook': ({ source }) => importCodebookFileBytes(app.current(), sourceName(source), sourceBytes(source), { dryRun: true }),
    'exchange.importCodebook': prepareThenChange(
      async ({ source }) => {
        const bytes = sourceBytes(source);
        await app.current().backupBefore('import');
        return bytes;
      },
      ({ source }, bytes) => importCodebookFileBytes(app.current(), sourceName(source), bytes),
    ),
    // a large archive in a worker thread: reading it must not stop the service answering other calls
    'exchange.previewProject': ({ source, limits }) => previewOffThread(projectInput(source), sourceName(source), app.settings.get().coderName, limitsOf(limits)),
    'exchange.importProjectAsNew': async ({ source, target, limits }) => {
      const r = await importProjectAsNewFile(projectInput(source), sourceName(source), target, app.settings.get().coderName, { limits: limitsOf(limits) });
      await app.stopImports();
      const project = app.openProject(r.path);
      return { file: sourceName(source), project, imported: r.imported, matched: r.matched, warnings: r.warnings };
    },
    'exchange.startProjectImport': ({ source, target, speakers, noSpeakersFor, limits }) =>
      startProjectImport(app.importJobs, projectInput(source), sourceName(source), target, app.settings.get().coderName, {
        ...(speakers !== undefined ? { speakers } : {}),
        ...(noSpeakersFor ? { noSpeakersFor } : {}),
      }, limitsOf(limits)),
    'exchange.startProjectExport': ({ path, overwrite }) => startProjectExport(app.importJobs, app.current().path, path, overwrite === true, origin()),
    'jobs.status': ({ id }) => app.importJobs.jobStatus(id),
    'jobs.cancel': ({ id }) => app.importJobs.cancelJob(id),
  };
};
