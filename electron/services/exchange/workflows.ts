/**
 * The exchange operations as the API handlers and the CLI use them: render an export in any
 * format, write it atomically, import a codebook (.qdc or .csv) with an exact preview, and
 * import a REFI-QDA project as a new project file.
 *
 * Previews are dry runs: the import runs for real (inside a transaction that is rolled back, or
 * into an in-memory project), so the preview's counts and warnings are exactly the import's.
 */
import { discardExtractedMedia } from './media-files.js';
import { existsSync, rmSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { DomainError, UserInputError } from '../../../shared/api/errors.js';
import { codebookFormat, hasZipMagic, startsLikeXml } from '../../../shared/import/sniff.js';
import { codebookCsv, codebookCsvWarnings, codebookMarkdown, extractsCsv, type ExtractsTable } from '../../../shared/exchange/index.js';
import type { ExchangeProject } from '../../../shared/refi/index.js';
import type { WeftExtension } from '../../../shared/refi/extension.js';
import { saveMapLayout } from '../themes.js';
import { setExcludeInterviewer } from '../analysis/interviewer-setting.js';
import {
  FORMAT_FILES,
  type CodebookFormat,
  type CodebookImportOutcome,
  type ExtractsFormat,
  type ProjectImportPreview,
  type SpeakerDetection,
} from '../../../shared/types/exchange.js';
import type { DB } from '../../db/connection.js';
import { readMeta } from '../../db/connection.js';
import { publishNewFile, readUserFile, readUserFileHead, USER_FILE_KINDS, type WriteOptions } from '../../fs/user-files.js';
import type { ProgressOptions } from './progress.js';
import type { ArchiveLimitsMb } from '../../../shared/types/exchange.js';
import { zipLimitsFromMb } from '../../refi/zip.js';
import { codePaths, importCodebook as addCodebookTree } from '../codes.js';
import { importCodebookStep, parseCodebookCsvFile } from '../coding-workspace.js';
import type { ExtractFilter } from '../extracts.js';
import { ProjectSession } from '../project-session.js';
import { nameStep } from '../undo.js';
import { exportCodebookWithWarnings, exportQdpx } from './export.js';
import { loadCodebook, loadQde, loadQdpx, MAX_XML_BYTES, streamQdpxInto } from './files.js';
import { importCodebookInto, importProjectInto, type ExchangeImportReport } from './import.js';
import { codebookXlsx, codebookDocx, extractsXlsx, type SheetOptions } from './spreadsheets.js';
import { codebookEntries, extractsTable } from './tables.js';

export interface RenderedExport {
  bytes: Uint8Array;
  format: CodebookFormat | 'qdpx';
  /** A file name to offer, from the project's name. */
  fileName: string;
  mimeType: string;
  /** Codes, codings (extracts) or documents (project). */
  items: number;
  warnings: string[];
}

const utf8 = (s: string) => new TextEncoder().encode(s);

/** A file name without characters file systems refuse. */
export function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim() || 'Weft project';
}

const projectName = (db: DB) => readMeta(db).name ?? 'Weft project';

function rendered(db: DB, suffix: string, format: RenderedExport['format'], bytes: Uint8Array, items: number, warnings: string[]): RenderedExport {
  const f = FORMAT_FILES[format];
  return { bytes, format, fileName: `${safeFileName(projectName(db))}${suffix}.${f.extension}`, mimeType: f.mimeType, items, warnings };
}

/** The whole project as .qdpx bytes (a download). `progress` reports documents done and can cancel. */
export function renderProject(db: DB, origin: string, progress: ProgressOptions = {}, projectPath?: string): RenderedExport {
  const { bytes, warnings, counts } = exportQdpx(db, undefined, { origin, ...progress, ...(projectPath ? { projectPath } : {}) });
  return rendered(db, '', 'qdpx', bytes, counts.documents, warnings);
}

/** A .qdpx written to a path the user chose. */
export interface RenderedFileExport extends Omit<RenderedExport, 'bytes'> {
  /** The absolute path written. */
  path: string;
  size: number;
}

/**
 * The whole project as a .qdpx written to `path` as it is produced (never held in memory whole),
 * under writeUserFile's rules (`write`: overwrite, the open project refused). `progress` reports
 * documents done and can cancel; a cancelled or failed export leaves the target as it was.
 */
export function renderProjectToFile(db: DB, origin: string, path: string, write: WriteOptions = {}, progress: ProgressOptions = {}, projectPath?: string): RenderedFileExport {
  const r = exportQdpx(db, path, { origin, write, ...progress, ...(projectPath ? { projectPath } : {}) });
  const { bytes: _none, ...meta } = rendered(db, '', 'qdpx', new Uint8Array(0), r.counts.documents, r.warnings);
  return { ...meta, path: r.path, size: r.size };
}

/** The codebook in one of the five formats. A project without codes has no codebook to export. */
export async function renderCodebook(db: DB, format: CodebookFormat, origin: string, options: SheetOptions = {}): Promise<RenderedExport> {
  const entries = codebookEntries(db);
  if (entries.length === 0) throw new DomainError('VALIDATION', `The project “${projectName(db)}” has no codes yet, so there is no codebook to export.`);
  const title = projectName(db);
  const out = (bytes: Uint8Array, warnings: string[]) => rendered(db, ' codebook', format, bytes, entries.length, warnings);
  switch (format) {
    case 'qdc': {
      const { xml, warnings } = exportCodebookWithWarnings(db, { origin });
      return out(utf8(xml), warnings);
    }
    case 'csv':
      return out(utf8(codebookCsv(entries, options)), codebookCsvWarnings(entries));
    case 'md':
      return out(utf8(codebookMarkdown(title, entries)), []);
    case 'xlsx': {
      const r = await codebookXlsx(entries, options);
      return out(r.bytes, r.warnings);
    }
    case 'docx': {
      const r = await codebookDocx(title, entries);
      return out(r.bytes, r.warnings);
    }
  }
}

/** Every coded extract (optionally filtered) as CSV or XLSX. */
export async function renderExtracts(db: DB, format: ExtractsFormat, filter: ExtractFilter = {}, options: SheetOptions = {}): Promise<RenderedExport> {
  return renderExtractsTable(extractsTable(db, filter), format, projectName(db), options);
}

/** An extracts table (tables.ts) as CSV or XLSX; `title` names the file. */
export async function renderExtractsTable(table: ExtractsTable, format: ExtractsFormat, title: string, options: SheetOptions = {}): Promise<RenderedExport> {
  const f = FORMAT_FILES[format];
  const out = (bytes: Uint8Array, warnings: string[]): RenderedExport => ({
    bytes,
    format,
    fileName: `${safeFileName(title)} extracts.${f.extension}`,
    mimeType: f.mimeType,
    items: table.entries.length,
    warnings,
  });
  if (format === 'csv') return out(utf8(extractsCsv(table, options)), []);
  const r = await extractsXlsx(table, options);
  return out(r.bytes, r.warnings);
}

// -----------------------------------------------------------------------------------------------
// Codebook import


/** Runs `fn` in a transaction that is always rolled back, and returns what it returned. */
function dryRun<T>(db: DB, fn: () => T): T {
  const rollback = new Error('dry run');
  let result!: T;
  try {
    db.transaction(() => {
      result = fn();
      throw rollback;
    })();
  } catch (err) {
    if (err !== rollback) throw err;
  }
  return result;
}

const zeroReport = (): ExchangeImportReport => ({
  imported: { coders: 0, codes: 0, documents: 0, codings: 0, cases: 0, attributes: 0, attributeValues: 0, memos: 0, sets: 0, themes: 0 },
  matched: { coders: 0, codes: 0, cases: 0, attributes: 0, sets: 0, themes: 0 },
  warnings: [],
});

/**
 * Adds a codebook file to the open project: a REFI-QDA codebook (codes by GUID then by path,
 * themes, code sets) or a CSV codebook (shared/codebook/csv.ts). With `dryRun`, nothing is
 * written and the result says what would happen. A real import is one undoable step.
 */
export function importCodebookFileBytes(session: ProjectSession, name: string, bytes: Uint8Array, options: { dryRun?: boolean } = {}): CodebookImportOutcome {
  const db = session.db;
  const dry = options.dryRun === true;
  if (bytes.length === 0) throw new UserInputError(name, 'the file is empty (0 bytes)');
  if (codebookFormat(name, bytes) === 'qdc') {
    if (bytes.length > MAX_XML_BYTES) throw new UserInputError(name, `the file is too large (${bytes.length} bytes) for a codebook`);
    let book: ExchangeProject;
    try {
      book = loadCodebook(bytes);
    } catch (err) {
      if (err instanceof DomainError) throw new DomainError(err.code, `“${name}”: ${err.message.replace(/^The codebook: /, '')}`);
      throw err;
    }
    const run = () => {
      const before = new Set(db.prepare('SELECT id FROM codes').pluck().all() as number[]);
      const report = importCodebookInto(session, book);
      const paths = codePaths(db);
      const newCodes = [...paths.entries()].filter(([id]) => !before.has(id)).map(([, p]) => p);
      return { ...report, newCodes };
    };
    const r = dry ? dryRun(db, run) : db.transaction(() => (nameStep(db, `Import codebook ${name}`), run()))();
    return { format: 'qdc', file: name, dryRun: dry, imported: r.imported, matched: r.matched, warnings: r.warnings, newCodes: r.newCodes };
  }
  let created: string[];
  let existing: string[];
  let warnings: string[];
  if (dry) {
    const book = parseCodebookCsvFile(name, bytes);
    const r = dryRun(db, () => addCodebookTree(db, book.roots));
    ({ created, existing } = r);
    warnings = book.warnings;
  } else {
    ({ created, existing, warnings } = importCodebookStep(db, name, bytes));
  }
  const report = zeroReport();
  report.imported.codes = created.length;
  report.matched.codes = existing.length;
  return { format: 'csv', file: name, dryRun: dry, ...report, warnings, newCodes: created, existingCodes: existing };
}

// -----------------------------------------------------------------------------------------------
// Project import

/** The first bytes of a project file (a path or its bytes), to tell a .qdpx from a .qde; an empty file is refused. */
function headOf(input: string | Uint8Array, name: string): Uint8Array {
  const first = typeof input === 'string' ? readUserFileHead(input, 4, USER_FILE_KINDS.archive) : input.subarray(0, 4);
  if (first.length === 0) throw new DomainError('VALIDATION', `“${name}” is empty (0 bytes).`);
  return first;
}

/**
 * Reads and parses a REFI-QDA project: a .qdpx archive (path or bytes; also when named .zip) or
 * a bare .qde. Nothing is written. A codebook (.qdc) is refused with a pointer to the codebook import.
 */
export async function loadProjectSource(input: string | Uint8Array, name: string, progress: ProgressOptions = {}, limits?: ArchiveLimitsMb): Promise<ExchangeProject> {
  const first = headOf(input, name);
  let project: ExchangeProject;
  if (hasZipMagic(first)) project = await loadQdpx(input, { ...progress, limits: zipLimitsFromMb(limits) });
  else {
    const bytes = typeof input === 'string' ? readUserFile(input, USER_FILE_KINDS.projectXml) : input;
    if (bytes.length > MAX_XML_BYTES) throw new DomainError('VALIDATION', `“${name}” is too large (${bytes.length} bytes) for a REFI-QDA project file.`);
    if (!startsLikeXml(bytes)) throw new DomainError('VALIDATION', `“${name}” is neither a REFI-QDA project archive (.qdpx, a ZIP file) nor a project XML file (.qde).`);
    try {
      project = loadQde(bytes);
    } catch (err) {
      if (err instanceof DomainError) throw new DomainError(err.code, `“${name}”: ${err.message.replace(/^The project file: /, '')}`);
      throw err;
    }
  }
  if (project.kind !== 'project') {
    discardExtractedMedia(project);
    throw new DomainError('VALIDATION', `“${name}” is a REFI-QDA codebook, not a project. Import it as a codebook (weft import-codebook, or “Import codebook” in Import & export).`);
  }
  return project;
}

const toWeftName = (s: string) => `${safeFileName(s)}.weft`;

/** The new project's name: the file's `Project@name`, else the new file's name. */
export const importedProjectName = (project: ExchangeProject, path: string) => (project.unnamed ? basename(path).replace(/\.weft$/i, '') : project.name);

/** What importing the file as a new project would create, and every element it would drop or repair. */
export async function previewProjectImport(input: string | Uint8Array, name: string, coderName: string, limits?: ArchiveLimitsMb): Promise<ProjectImportPreview> {
  const project = await loadProjectSource(input, name, {}, limits);
  const session = ProjectSession.create(':memory:', coderName);
  try {
    const report = importProjectInto(session, project);
    return { file: name, projectName: project.name, origin: project.origin ?? null, suggestedFileName: toWeftName((!project.unnamed && project.name) || basename(name).replace(/\.[^.]+$/, '')), ...report };
  } finally {
    session.close();
    discardExtractedMedia(project);
  }
}

/** Resolves the path of the new project: `.weft` added when missing; refuses an existing file. */
export function newProjectTarget(target: string): string {
  let abs = resolve(target);
  if (!/\.weft$/i.test(abs)) abs += '.weft';
  if (existsSync(abs)) throw new DomainError('CONFLICT', `“${abs}” already exists. Importing never overwrites a file: choose a new file name.`);
  if (!existsSync(dirname(abs))) throw new DomainError('NOT_FOUND', `The folder “${dirname(abs)}” does not exist.`);
  return abs;
}

export function removeDatabaseFiles(path: string) {
  for (const f of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) rmSync(f, { force: true });
}

/** The temporary name a new project is built under beside `path` (`tag` tells two builds apart). */
export const importingPath = (path: string, tag: string | number = process.pid) => `${path}.importing-${tag}`;

/** The steps of a project import, for progress: reading the file, writing the new project. */
export const PROJECT_IMPORT_STEPS = 2;

/**
 * Reads the REFI-QDA project and builds the new project in `tmp` (whole, checkpointed, closed);
 * `path` names it. Leaves `tmp` for the caller to publish or remove. `onStep(done, what)` reports progress.
 */
export async function buildImportedProject(
  input: string | Uint8Array,
  name: string,
  path: string,
  tmp: string,
  coderName: string,
  onStep: (done: number, what: string) => void = () => undefined,
  progress: { reading?: ProgressOptions; writing?: ProgressOptions; detection?: SpeakerDetection; limits?: ArchiveLimitsMb } = {},
): Promise<ExchangeImportReport> {
  onStep(0, `Reading ${name}`);
  const writing = { ...progress.writing, ...progress.detection, projectPath: path };
  const done = (session: ProjectSession, project: ExchangeProject) => {
    session.db.prepare("UPDATE project_meta SET value = ? WHERE key = 'name'").run(importedProjectName(project, path));
    if (project.weft) restoreProjectSettings(session.db, project.weft);
    session.db.pragma('wal_checkpoint(TRUNCATE)');
  };
  if (hasZipMagic(headOf(input, name))) {
    // a .qdpx is written as it is read (its documents' progress is the writing's); one that is not in the order that needs is read whole below
    onStep(1, `Writing ${basename(path)}`);
    removeDatabaseFiles(tmp);
    const session = ProjectSession.create(tmp, coderName);
    try {
      const streamed = await streamQdpxInto(session, input, { ...writing, limits: zipLimitsFromMb(progress.limits) });
      if (streamed) {
        done(session, streamed.project);
        return streamed.report;
      }
    } finally {
      session.close();
    }
  }
  const project = await loadProjectSource(input, name, progress.reading, progress.limits);
  onStep(1, `Writing ${basename(path)}`);
  removeDatabaseFiles(tmp);
  try {
    const session = ProjectSession.create(tmp, coderName);
    try {
      const report = importProjectInto(session, project, writing);
      done(session, project);
      return report;
    } finally {
      session.close();
    }
  } finally {
    discardExtractedMedia(project);
  }
}

/**
 * What a NEW project made from a .qdpx takes from Weft's own data besides its content: the
 * "exclude interviewer turns" setting and the thematic map's bin and view (node positions are
 * restored with the themes and codes by the importer). An import into an existing project keeps
 * that project's own settings.
 */
export function restoreProjectSettings(db: DB, ext: WeftExtension) {
  if (ext.settings?.excludeInterviewer !== undefined) setExcludeInterviewer(db, ext.settings.excludeInterviewer);
  const { bin, view } = ext.mapLayout;
  if (bin || view) saveMapLayout(db, { positions: bin ? { bin: { x: bin[0], y: bin[1] } } : {}, ...(view ? { view } : {}) });
}

/** Publishes a project built in `tmp` at `path` (never over a file created meanwhile). */
export function publishImportedProject(tmp: string, path: string) {
  publishNewFile(tmp, path, (p) => new DomainError('CONFLICT', `“${p}” was created while importing; it was left as it is. Choose a new file name.`));
}

/**
 * Imports a REFI-QDA project into a NEW project file at `target` (never overwritten). The file is
 * built beside the target under a temporary name and only appears at `target` when the import
 * succeeded; on any failure nothing is left behind. Returns the import report and the path.
 * `progress.reading` follows the documents as their texts are read from the archive and
 * `progress.writing` as they are written; either `isCancelled` stops the import, leaving nothing.
 * (The same steps run in a worker thread as a job: ../jobs/exchange-jobs.ts.)
 */
export async function importProjectAsNewFile(
  input: string | Uint8Array,
  name: string,
  target: string,
  coderName: string,
  progress: { reading?: ProgressOptions; writing?: ProgressOptions; detection?: SpeakerDetection; limits?: ArchiveLimitsMb } = {},
): Promise<ExchangeImportReport & { path: string }> {
  const path = newProjectTarget(target);
  const tmp = importingPath(path);
  let report: ExchangeImportReport;
  try {
    report = await buildImportedProject(input, name, path, tmp, coderName, undefined, progress);
    publishImportedProject(tmp, path);
  } finally {
    removeDatabaseFiles(tmp);
  }
  return { ...report, path };
}
