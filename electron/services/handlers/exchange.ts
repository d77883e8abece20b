import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { HandlersFor } from '../../../shared/api/contract.js';
import { DomainError } from '../../../shared/api/errors.js';
import type { exchangeMethods } from '../../../shared/api/methods/exchange.js';
import type { ExportBytesResult, ExportToFileResult } from '../../../shared/types/exchange.js';
import type { AppService } from '../app-service.js';
import { APP_VERSION } from '../version.js';
import {
  importCodebookFileBytes,
  importProjectAsNewFile,
  previewProjectImport,
  renderCodebook,
  renderExtracts,
  renderProject,
  writeExport,
  type RenderedExport,
} from '../exchange/workflows.js';
import type { ExtractFilter } from '../extracts.js';

type Source = string | { name: string; base64: string };

/** The `origin` written into REFI-QDA files. */
const origin = () => `Weft ${APP_VERSION}`;

/** Largest codebook file read from a path. */
const MAX_CODEBOOK_BYTES = 256 * 1024 * 1024;

function sourceName(source: Source): string {
  return typeof source === 'string' ? basename(source) : source.name;
}

/** The bytes of a small file (a codebook), from a path or an upload. */
function sourceBytes(source: Source): Uint8Array {
  if (typeof source !== 'string') return Buffer.from(source.base64, 'base64');
  let size: number;
  try {
    const st = statSync(source);
    if (st.isDirectory()) throw new DomainError('VALIDATION', `“${source}” is a folder, not a file.`);
    size = st.size;
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw new DomainError('NOT_FOUND', `“${source}” does not exist.`);
  }
  if (size > MAX_CODEBOOK_BYTES) throw new DomainError('VALIDATION', `“${source}” is too large (${size} bytes) for a codebook.`);
  return readFileSync(source);
}

/** A .qdpx is read from its path (streamed, with archive limits), or from the uploaded bytes. */
const projectInput = (source: Source): string | Uint8Array => (typeof source === 'string' ? source : Buffer.from(source.base64, 'base64'));

const toFile = (r: RenderedExport, path: string): ExportToFileResult => {
  const written = writeExport(path, r.bytes);
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

const filterOf = (f: { codeIds?: number[] | undefined; coderIds?: number[] | undefined; documentIds?: number[] | undefined } | undefined): ExtractFilter => ({
  ...(f?.codeIds ? { codeIds: f.codeIds } : {}),
  ...(f?.coderIds ? { coderIds: f.coderIds } : {}),
  ...(f?.documentIds ? { documentIds: f.documentIds } : {}),
});

export const exchangeHandlers = (app: AppService): HandlersFor<typeof exchangeMethods> => {
  const db = () => app.current().db;
  return {
    'exchange.exportProject': ({ path }) => toFile(renderProject(db(), origin()), path),
    'exchange.exportProjectBytes': () => toBytes(renderProject(db(), origin())),
    'exchange.exportCodebook': async ({ format, path }) => toFile(await renderCodebook(db(), format, origin()), path),
    'exchange.exportCodebookBytes': async ({ format }) => toBytes(await renderCodebook(db(), format, origin())),
    'exchange.exportExtracts': async ({ format, path, filter }) => toFile(await renderExtracts(db(), format, filterOf(filter)), path),
    'exchange.exportExtractsBytes': async ({ format, filter }) => toBytes(await renderExtracts(db(), format, filterOf(filter))),
    'exchange.previewCodebook': ({ source }) => importCodebookFileBytes(app.current(), sourceName(source), sourceBytes(source), { dryRun: true }),
    'exchange.importCodebook': async ({ source }) => {
      const bytes = sourceBytes(source);
      await app.current().backupBefore('import');
      return importCodebookFileBytes(app.current(), sourceName(source), bytes);
    },
    'exchange.previewProject': ({ source }) => previewProjectImport(projectInput(source), sourceName(source), app.settings.get().coderName),
    'exchange.importProjectAsNew': async ({ source, target }) => {
      const r = await importProjectAsNewFile(projectInput(source), sourceName(source), target, app.settings.get().coderName);
      const project = app.openProject(r.path);
      return { file: sourceName(source), project, imported: r.imported, matched: r.matched, warnings: r.warnings };
    },
  };
};
