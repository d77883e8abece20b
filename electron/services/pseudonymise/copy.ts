/**
 * Pseudonymised copies of a project, and re-identifying them with their key (issue 16).
 *
 * A copy is made with the project's safe copy routine (saveProjectCopy: SQLite's online backup API)
 * into a temporary file beside the output; then, in ONE transaction, every text that may name
 * someone (fields.ts) is rewritten and every coding's and speaker turn's positions are moved
 * (shared/pseudonymise/replace.ts); the full-text indexes are rebuilt from the new texts, and the
 * file is vacuumed with secure_delete on, so no page of the file keeps an old text. Only then is the
 * temporary file renamed to the output and the key (key.ts) written beside it under its own name.
 * The source project is never changed; a failure leaves no output and no key.
 *
 * Each copy is three steps: plan (check everything, write nothing: the caller's error at once),
 * build (the copy and the one transaction in the temporary file, with progress by documents) and
 * publish (write the key, rename the copy). `writePseudonymisedCopy` / `writeReidentifiedCopy` run
 * the three in turn (the CLI, `pseudonymise.write`); the background jobs (`pseudonymise.start`,
 * jobs/exchange-jobs.ts) run the build in a worker thread, and cancelling it stops the worker and
 * removes the temporary file: the build never touches anything else.
 */
import { forgetSync } from '../sync/replica.js';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { DomainError } from '../../../shared/api/errors.js';
import { countWords } from '../../../shared/domain/text.js';
import {
  applySplices,
  chooseMatches,
  context,
  isInsideReplacement,
  mapRange,
  normaliseTerms,
  pseudonymiseText,
  residueFinder,
  suggestTerms,
  termsProblem,
  type PseudonymTerm,
  type Replacement,
} from '../../../shared/pseudonymise/index.js';
import type {
  PseudonymiseOccurrence,
  PseudonymisePreview,
  PseudonymiseResidue,
  PseudonymiseResult,
  PseudonymiseSummary,
  ReidentifyResult,
  SuggestedTerm,
} from '../../../shared/types/pseudonymise.js';
import type { DB } from '../../db/connection.js';
import { describeWriteError } from '../../db/disk-full.js';
import { checkWriteTarget, writeUserFile } from '../../fs/user-files.js';
import { saveProjectCopy } from '../backups/restore.js';
import { rebaseStored } from '../media.js';
import { contentHash } from '../documents.js';
import { DOCUMENT_TEXT, OTHER_FIELDS, readField, type TextField } from './fields.js';
import { encryptKey, passphraseProblem, readKeyFile, type AdjustedRange, type ChangedField, type PseudonymisationKey, type RecordingLink } from './key.js';

/** How many replacements and residue items the review lists (the counts are always complete). */
export const LIST_LIMIT = 5000;

const ALL_FIELDS = [DOCUMENT_TEXT, ...OTHER_FIELDS];
const hashOf = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

interface PlannedRow {
  field: TextField;
  row: string;
  label: string;
  before: string;
  after: string;
  replacements: Replacement[];
}

function checkTerms(terms: readonly PseudonymTerm[]): PseudonymTerm[] {
  if (terms.length === 0) throw new DomainError('VALIDATION', 'Give at least one identifying term and its pseudonym.');
  const problem = termsProblem(terms);
  if (problem) throw new DomainError('VALIDATION', `The terms cannot be used: ${problem}.`);
  return normaliseTerms(terms);
}

/** Every row of every text field, with its text after replacement; `onDocument(done, total)` after each document text. */
function plan(db: DB, terms: readonly PseudonymTerm[], onDocument?: (done: number, total: number) => void): PlannedRow[] {
  const out: PlannedRow[] = [];
  for (const field of ALL_FIELDS) {
    const rows = readField(db, field);
    for (const r of rows) {
      const { text, replacements } = pseudonymiseText(r.value, terms);
      out.push({ field, row: r.row, label: r.label, before: r.value, after: text, replacements });
      if (field === DOCUMENT_TEXT) onDocument?.(out.length, rows.length);
    }
  }
  return out;
}

interface RangeRow {
  id: number;
  key: string;
  start: number;
  end: number;
  code_id?: number;
  coder_id?: number;
}

const codingsOf = (db: DB, documentGuid: string) =>
  db
    .prepare(
      `SELECT c.id, c.guid AS key, c.start, c.end, c.code_id, c.coder_id FROM codings c JOIN documents d ON d.id = c.document_id WHERE d.guid = ? ORDER BY c.id`,
    )
    .all(documentGuid) as RangeRow[];
const turnsOf = (db: DB, documentGuid: string) =>
  db
    .prepare(`SELECT t.id, d.guid || '#' || t.seq AS key, t.start, t.end FROM turns t JOIN documents d ON d.id = t.document_id WHERE d.guid = ? ORDER BY t.id`)
    .all(documentGuid) as RangeRow[];

/** Far above any position, so moving codings in two steps never meets a span still to be moved. */
const PARKED = 1_000_000_000;

/**
 * Moves one document's codings and turns through `replacements`. `exact` holds ranges to put back
 * exactly (re-identifying); ranges with a boundary inside a replaced span are returned as `adjusted`.
 */
function moveRanges(db: DB, documentGuid: string, label: string, replacements: Replacement[], exact: Map<string, AdjustedRange> | null) {
  const adjusted: AdjustedRange[] = [];
  let moved = 0;
  let adjustedCodings = 0;
  const target = (kind: 'coding' | 'turn', r: RangeRow) => {
    const fixed = exact?.get(`${kind}:${r.key}`);
    if (fixed) return { start: fixed.start, end: fixed.end };
    if (isInsideReplacement(replacements, r.start) || isInsideReplacement(replacements, r.end)) {
      adjusted.push({ kind, row: r.key, start: r.start, end: r.end });
      if (kind === 'coding') adjustedCodings++;
    }
    return mapRange(replacements, r.start, r.end);
  };
  const codings = codingsOf(db, documentGuid).map((r) => ({ r, to: target('coding', r) }));
  const seen = new Map<string, RangeRow>();
  for (const { r, to } of codings) {
    const k = `${r.code_id}|${r.coder_id}|${to.start}|${to.end}`;
    const other = seen.get(k);
    if (other) {
      throw new DomainError(
        'CONFLICT',
        `In “${label}”, two codings of the same code by the same coder (${other.start}–${other.end} and ${r.start}–${r.end}) differ only inside a name, so they would become the same extract. Remove one of them first; nothing was written.`,
      );
    }
    seen.set(k, r);
  }
  const park = db.prepare('UPDATE codings SET start = start + ?, end = end + ? WHERE id = ?');
  const put = db.prepare('UPDATE codings SET start = ?, end = ? WHERE id = ?');
  for (const { r, to } of codings) if (to.start !== r.start || to.end !== r.end) park.run(PARKED, PARKED, r.id);
  for (const { r, to } of codings) {
    if (to.start === r.start && to.end === r.end) continue;
    put.run(to.start, to.end, r.id);
    moved++;
  }
  const putTurn = db.prepare('UPDATE turns SET start = ?, end = ? WHERE id = ?');
  for (const r of turnsOf(db, documentGuid)) {
    const to = target('turn', r);
    if (to.start !== r.start || to.end !== r.end) putTurn.run(to.start, to.end, r.id);
  }
  return { moved, adjusted, adjustedCodings };
}

function writeRow(db: DB, field: TextField, row: string, label: string, value: string) {
  try {
    db.prepare(field.update).run({ row, value });
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) {
      throw new DomainError(
        'CONFLICT',
        `After replacement, ${field.what.toLowerCase()} “${label}” would have the ${field.column} “${value.slice(0, 80)}”, which another ${field.what.toLowerCase()} already has. Choose distinct pseudonyms; nothing was written.`,
      );
    }
    throw err;
  }
  if (field === DOCUMENT_TEXT) {
    db.prepare('UPDATE documents SET length = ?, word_count = ?, content_hash = ? WHERE guid = ?').run(value.length, countWords(value), contentHash(value), row);
  }
}

/** Rebuilds the full-text indexes from the texts, so they keep no word of an old text. */
function rebuildIndexes(db: DB) {
  const tables = new Set((db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[]));
  for (const fts of ['documents_fts', 'documents_trigram']) {
    if (tables.has(fts)) db.prepare(`INSERT INTO ${fts} (${fts}) VALUES ('rebuild')`).run();
  }
}

const placeOf = (p: PlannedRow) => ({ what: p.field.what, label: p.label, column: p.field.column });

function residueOf(rows: PlannedRow[], terms: readonly PseudonymTerm[]): PseudonymiseResidue[] {
  const out: PseudonymiseResidue[] = [];
  const find = residueFinder(terms);
  for (const p of rows) {
    for (const r of find(p.after)) {
      const c = context(p.after, r.start, r.end);
      out.push({ ...placeOf(p), ...c, term: r.term, kind: r.kind });
    }
  }
  return out;
}

function summarise(rows: PlannedRow[], terms: readonly PseudonymTerm[], codings: { moved: number; adjusted: number }, residueTotal: number): PseudonymiseSummary {
  const counts = new Map(normaliseTerms(terms).map((t) => [t.term, { term: t.term, pseudonym: t.pseudonym, occurrences: 0, docs: new Set<string>() }]));
  let total = 0;
  let documentsChanged = 0;
  for (const p of rows) {
    total += p.replacements.length;
    if (p.field === DOCUMENT_TEXT && p.replacements.length > 0) documentsChanged++;
    for (const r of p.replacements) {
      const c = r.term === undefined ? undefined : counts.get(r.term);
      if (!c) continue;
      c.occurrences++;
      if (p.field === DOCUMENT_TEXT) c.docs.add(p.row);
    }
  }
  return {
    terms: [...counts.values()].map((c) => ({ term: c.term, pseudonym: c.pseudonym, occurrences: c.occurrences, documents: c.docs.size })),
    documentsChanged,
    replacementsTotal: total,
    codingsMoved: codings.moved,
    codingsAdjusted: codings.adjusted,
    residueTotal,
  };
}

/** Codings that would move, counted without writing. */
function countCodingMoves(db: DB, rows: PlannedRow[]) {
  let moved = 0;
  let adjusted = 0;
  for (const p of rows) {
    if (p.field !== DOCUMENT_TEXT || p.replacements.length === 0) continue;
    for (const r of codingsOf(db, p.row)) {
      const to = mapRange(p.replacements, r.start, r.end);
      if (to.start !== r.start || to.end !== r.end) moved++;
      if (isInsideReplacement(p.replacements, r.start) || isInsideReplacement(p.replacements, r.end)) adjusted++;
    }
  }
  return { moved, adjusted };
}

/** The review: every replacement in context and what may remain; writes nothing. */
export function previewPseudonymisation(db: DB, termsIn: readonly PseudonymTerm[]): PseudonymisePreview {
  const terms = checkTerms(termsIn);
  const rows = plan(db, terms);
  const replacements: PseudonymiseOccurrence[] = [];
  for (const p of rows) {
    for (const r of p.replacements) {
      if (replacements.length >= LIST_LIMIT) break;
      replacements.push({ ...placeOf(p), ...context(p.before, r.start, r.end), replacement: r.replacement, term: r.term ?? r.original });
    }
  }
  const residue = residueOf(rows, terms);
  return { ...summarise(rows, terms, countCodingMoves(db, rows), residue.length), replacements, residue: residue.slice(0, LIST_LIMIT) };
}

/** Terms to start from: participants (cases) and speakers, then capitalised words recurring across documents. */
export function suggestPseudonymTerms(db: DB): SuggestedTerm[] {
  const texts = db.prepare('SELECT text FROM documents ORDER BY position, id').pluck().all() as string[];
  const count = (term: string) => {
    let documents = 0;
    let occurrences = 0;
    for (const text of texts) {
      const n = chooseMatches(text, [{ term, pseudonym: '-' }]).length;
      if (n > 0) documents++;
      occurrences += n;
    }
    return { documents, occurrences };
  };
  const out: SuggestedTerm[] = [];
  const seen = new Set<string>();
  const add = (term: string, source: SuggestedTerm['source']) => {
    const t = term.trim();
    if (!t || seen.has(t.toLowerCase())) return;
    seen.add(t.toLowerCase());
    out.push({ term: t, source, ...count(t) });
  };
  for (const name of db.prepare('SELECT name FROM cases ORDER BY name').pluck().all() as string[]) add(name, 'participant');
  for (const label of db.prepare(`SELECT DISTINCT label FROM speakers WHERE is_interviewer = 0 ORDER BY label`).pluck().all() as string[]) add(label, 'speaker');
  const known = out.map((s) => ({ term: s.term, pseudonym: '-' }));
  for (const s of suggestTerms(texts, known)) {
    if (seen.has(s.text.toLowerCase())) continue;
    seen.add(s.text.toLowerCase());
    out.push({ term: s.text, source: 'suggestion', documents: s.documents, occurrences: s.occurrences });
  }
  return out;
}

interface Destination {
  output: string;
  overwrite: boolean;
}

function checkDestination(projectPath: string, { output, overwrite }: Destination, keyPath?: string) {
  const own = resolve(projectPath);
  const out = resolve(output);
  const forbidden = [own, `${own}-wal`, `${own}-shm`];
  if (forbidden.includes(out)) throw new DomainError('CONFLICT', `“${out}” is the project itself; the copy must be a new file (nothing was written).`);
  if (!existsSync(dirname(out))) throw new DomainError('NOT_FOUND', `The folder “${dirname(out)}” does not exist (nothing was written).`);
  if (existsSync(out) && !overwrite) throw new DomainError('CONFLICT', `“${out}” already exists; choose another name (nothing was written).`, { exists: true });
  if (keyPath !== undefined) {
    // the key is a file of its own, under the rules of every file Weft writes for the user (never over a project)
    const key = checkWriteTarget(keyPath, { overwrite, openProjectPath: projectPath }).path;
    if ([out, `${out}-wal`, `${out}-shm`, `${out}-journal`].includes(key)) throw new DomainError('CONFLICT', `The key must be a file of its own, not “${key}” (nothing was written).`);
  }
  return out;
}

/**
 * Progress of building a copy, by documents: `phase` 0 reads every text and plans its
 * replacements, phase 1 writes them (a job's bar counts both phases; electron/services/jobs).
 */
export type CopyProgress = (phase: 0 | 1, done: number, total: number) => void;

/** The temporary file a copy is built in beside `out` (published by renaming it to `out`). */
export const temporaryCopyPath = (out: string) => `${out}.writing-${randomUUID().slice(0, 8)}.weft`;

/**
 * Removes the temporary copy and everything SQLite or the copy routine left beside it (its journal,
 * the backup's own temporary file): every file of the folder whose name begins with the temporary
 * file's name. Called on failure and on cancel, when a worker thread was stopped mid-way.
 */
export function removeTemporaryCopy(temp: string) {
  const name = basename(temp);
  let names: string[] = [];
  try {
    names = readdirSync(dirname(temp));
  } catch {
    return;
  }
  for (const f of names) if (f.startsWith(name)) rmSync(join(dirname(temp), f), { force: true });
}

/** Copies the project to `temp`, lets `change` rewrite it in one transaction, then rebuilds, vacuums and closes it. */
async function transformedCopy<T>(db: DB, projectPath: string, temp: string, out: string, change: (copy: DB) => T): Promise<T> {
  try {
    await saveProjectCopy(db, projectPath, temp);
    const copy = new Database(temp);
    try {
      copy.pragma('foreign_keys = ON');
      copy.pragma('secure_delete = ON');
      const result = copy.transaction(() => {
        forgetSync(copy);
        const r = change(copy);
        copy.prepare(`UPDATE project_meta SET value = ? WHERE key = 'guid'`).run(randomUUID());
        rebuildIndexes(copy);
        return r;
      })();
      copy.exec('VACUUM');
      return result;
    } finally {
      copy.close();
    }
  } catch (err) {
    removeTemporaryCopy(temp);
    throw describeWriteError(err, `Weft could not write “${out}”`) ?? err;
  }
}

function putInPlace(temp: string, out: string) {
  rmSync(`${out}-wal`, { force: true });
  rmSync(`${out}-shm`, { force: true });
  renameSync(temp, out);
}

/** Takes every recording link out of the copy (a recording identifies its speakers); returns them for the key. */
function unlinkRecordings(copy: DB): RecordingLink[] {
  const links = copy
    .prepare('SELECT d.guid AS document, m.path, m.kind, m.copied, m.size, m.mtime_ms, m.linked_at FROM document_media m JOIN documents d ON d.id = m.document_id ORDER BY d.id')
    .all() as RecordingLink[];
  copy.prepare('DELETE FROM document_media').run();
  return links;
}

/**
 * Puts the recording links of the key back (for the documents the copy still has); returns how
 * many. The key's paths are relative to the pseudonymised copy's folder (`from`); the new copy
 * (`to`) keeps them relative to its own.
 */
function relinkRecordings(copy: DB, links: readonly RecordingLink[], from: string, to: string): number {
  const insert = copy.prepare(
    'INSERT OR REPLACE INTO document_media (document_id, path, kind, copied, size, mtime_ms, linked_at) SELECT id, ?, ?, ?, ?, ?, ? FROM documents WHERE guid = ?',
  );
  let n = 0;
  for (const l of links) n += insert.run(rebaseStored(from, to, l.path), l.kind, l.copied, l.size, l.mtime_ms, l.linked_at, l.document).changes;
  return n;
}

export interface PseudonymiseRequest {
  terms: readonly PseudonymTerm[];
  output: string;
  keyPath: string;
  passphrase: string;
  overwrite?: boolean;
}

/** A pseudonymised copy checked and ready to build: what the service decides before any file is written. */
export interface PseudonymisePlan {
  terms: PseudonymTerm[];
  /** The copy's path (absolute) and its key's. */
  out: string;
  keyPath: string;
  sourceGuid: string;
  sourceFile: string;
}

/** What building the copy in its temporary file gave: the key (not yet encrypted), the counts and the residue. */
export interface BuiltPseudonymisedCopy {
  key: PseudonymisationKey;
  summary: PseudonymiseSummary;
  residue: PseudonymiseResidue[];
}

/** Checks the terms, the passphrase and both destinations; writes nothing (a refusal is the caller's error at once). */
export function planPseudonymisedCopy(db: DB, projectPath: string, req: PseudonymiseRequest): PseudonymisePlan {
  const terms = checkTerms(req.terms);
  const weak = passphraseProblem(req.passphrase);
  if (weak) throw new DomainError('VALIDATION', `The key was not written: ${weak} (nothing was written).`);
  const out = checkDestination(projectPath, { output: req.output, overwrite: req.overwrite ?? false }, req.keyPath);
  const sourceGuid = (db.prepare(`SELECT value FROM project_meta WHERE key = 'guid'`).pluck().get() as string | undefined) ?? '';
  return { terms, out, keyPath: resolve(req.keyPath), sourceGuid, sourceFile: basename(projectPath) };
}

/**
 * Builds the pseudonymised copy of the project (read through `db`) in `temp`, in one transaction;
 * `progress` is told of each document read and written. On failure `temp` is removed. Runs in a
 * worker thread for a job (electron/services/jobs/exchange-jobs.ts) or on the caller's thread.
 */
export async function buildPseudonymisedCopy(db: DB, projectPath: string, p: PseudonymisePlan, temp: string, progress?: CopyProgress): Promise<BuiltPseudonymisedCopy> {
  const { terms } = p;
  return transformedCopy(db, projectPath, temp, p.out, (copy) => {
    const rows = plan(copy, terms, progress && ((done, total) => progress(0, done, total)));
    const fields: ChangedField[] = [];
    const adjusted: AdjustedRange[] = [];
    const documents: PseudonymisationKey['documents'] = [];
    let moved = 0;
    let adjustedCodings = 0;
    // document texts first (their codings move), then names, so each label in a message is still the original
    const texts = rows.filter((r) => r.field === DOCUMENT_TEXT);
    const ordered = [...texts, ...rows.filter((r) => r.field !== DOCUMENT_TEXT)];
    let written = 0;
    for (const r of ordered) {
      if (r.field === DOCUMENT_TEXT) progress?.(1, (written += 1), texts.length);
      if (r.replacements.length === 0) continue;
      if (r.field === DOCUMENT_TEXT) {
        const m = moveRanges(copy, r.row, r.label, r.replacements, null);
        moved += m.moved;
        adjustedCodings += m.adjustedCodings;
        adjusted.push(...m.adjusted);
        documents.push({ guid: r.row, name: r.label, replacements: r.replacements.length });
      }
      writeRow(copy, r.field, r.row, r.label, r.after);
      fields.push({
        table: r.field.table,
        row: r.row,
        column: r.field.column,
        hash: hashOf(r.after),
        replacements: r.replacements.map((x) => [x.newStart, x.newEnd, x.original]),
      });
    }
    const residue = residueOf(rows, terms);
    const recordings = unlinkRecordings(copy);
    const key: PseudonymisationKey = {
      createdAt: new Date().toISOString(),
      source: { guid: p.sourceGuid, file: p.sourceFile },
      copyGuid: '',
      terms,
      documents,
      fields,
      adjusted,
      recordings,
    };
    return { key, summary: summarise(rows, terms, { moved, adjusted: adjustedCodings }, residue.length), residue };
  }).then((built) => {
    const copy = new Database(temp, { readonly: true });
    try {
      built.key.copyGuid = copy.prepare(`SELECT value FROM project_meta WHERE key = 'guid'`).pluck().get() as string;
    } finally {
      copy.close();
    }
    return built;
  });
}

/**
 * Writes the key (encrypted with the passphrase) and renames the built copy into place: the only
 * step that makes either appear. On failure neither is left, and `temp` is removed.
 */
export function publishPseudonymisedCopy(projectPath: string, p: PseudonymisePlan, req: PseudonymiseRequest, temp: string, built: BuiltPseudonymisedCopy): PseudonymiseResult {
  let keyWritten = false;
  try {
    writeUserFile(p.keyPath, encryptKey(built.key, req.passphrase), { overwrite: req.overwrite ?? false, openProjectPath: projectPath });
    keyWritten = true;
    putInPlace(temp, p.out);
  } catch (err) {
    removeTemporaryCopy(temp);
    if (keyWritten) rmSync(p.keyPath, { force: true });
    throw describeWriteError(err, `Weft could not write “${p.out}” and its key`) ?? err;
  }
  return {
    ...built.summary,
    path: p.out,
    keyPath: p.keyPath,
    size: statSync(p.out).size,
    residue: built.residue.slice(0, LIST_LIMIT),
    recordingsUnlinked: built.key.recordings?.length ?? 0,
  };
}

/** Writes a pseudonymised copy of the project and its encrypted key; the project is not changed. */
export async function writePseudonymisedCopy(db: DB, projectPath: string, req: PseudonymiseRequest): Promise<PseudonymiseResult> {
  const p = planPseudonymisedCopy(db, projectPath, req);
  const temp = temporaryCopyPath(p.out);
  const built = await buildPseudonymisedCopy(db, projectPath, p, temp);
  return publishPseudonymisedCopy(projectPath, p, req, temp, built);
}

export interface ReidentifyRequest {
  keyPath: string;
  passphrase: string;
  output: string;
  overwrite?: boolean;
}

/** A re-identification checked and ready to build: the copy's path and the key, read with its passphrase. */
export interface ReidentifyPlan {
  out: string;
  keyPath: string;
  key: PseudonymisationKey;
}

export type ReidentifyCounts = Omit<ReidentifyResult, 'path' | 'size'>;

/** Checks the destination and reads the key (a wrong passphrase or another copy's key is refused here); writes nothing. */
export function planReidentifiedCopy(db: DB, projectPath: string, req: ReidentifyRequest): ReidentifyPlan {
  const out = checkDestination(projectPath, { output: req.output, overwrite: req.overwrite ?? false });
  const key = readKeyFile(req.keyPath, req.passphrase);
  const guid = db.prepare(`SELECT value FROM project_meta WHERE key = 'guid'`).pluck().get() as string | undefined;
  if (key.copyGuid && guid !== key.copyGuid) {
    throw new DomainError('VALIDATION', `The key “${req.keyPath}” belongs to another pseudonymised copy (not “${projectPath}”); nothing was written.`);
  }
  return { out, keyPath: req.keyPath, key };
}

/** Builds the re-identified copy in `temp`, in one transaction; `progress` is told of each document restored (phase 1). */
export function buildReidentifiedCopy(db: DB, projectPath: string, p: ReidentifyPlan, temp: string, progress?: CopyProgress): Promise<ReidentifyCounts> {
  const { key, out } = p;
  const exact = new Map(key.adjusted.map((a) => [`${a.kind}:${a.row}`, a]));
  return transformedCopy(db, projectPath, temp, out, (copy) => {
    let codingsMoved = 0;
    let documentsRestored = 0;
    const current = new Map<TextField, Map<string, { label: string; value: string }>>();
    const valueOf = (field: TextField, row: string) => {
      let rows = current.get(field);
      if (!rows) {
        rows = new Map(readField(copy, field).map((r) => [r.row, { label: r.label, value: r.value }]));
        current.set(field, rows);
      }
      return rows.get(row);
    };
    const plans = key.fields.map((f) => {
      const field = ALL_FIELDS.find((x) => x.table === f.table && x.column === f.column);
      if (!field) throw new DomainError('VALIDATION', `The key “${p.keyPath}” names a field this Weft does not know (${f.table}.${f.column}); nothing was written.`);
      const now = valueOf(field, f.row);
      if (!now) return null;
      if (hashOf(now.value) !== f.hash) {
        throw new DomainError(
          'CONFLICT',
          `${field.what} “${now.label}” (${field.column}) was changed after the copy was pseudonymised, so it cannot be re-identified exactly; nothing was written.`,
        );
      }
      const back = applySplices(now.value, f.replacements.map(([start, end, insert]) => ({ start, end, insert })));
      return { field, row: f.row, label: now.label, value: back.text, replacements: back.replacements };
    });
    const texts = plans.filter((x) => x?.field === DOCUMENT_TEXT).length;
    for (const x of plans) {
      if (!x || x.field !== DOCUMENT_TEXT) continue;
      codingsMoved += moveRanges(copy, x.row, x.label, x.replacements, exact).moved;
      documentsRestored++;
      progress?.(1, documentsRestored, texts);
    }
    for (const x of plans) if (x) writeRow(copy, x.field, x.row, x.label, x.value);
    const recordingsRelinked = relinkRecordings(copy, key.recordings ?? [], projectPath, out);
    return { documentsRestored, fieldsRestored: plans.filter(Boolean).length, codingsMoved, recordingsRelinked };
  });
}

/** Renames the built copy into place (the only step that makes it appear); on failure `temp` is removed. */
export function publishReidentifiedCopy(p: ReidentifyPlan, temp: string, counts: ReidentifyCounts): ReidentifyResult {
  try {
    putInPlace(temp, p.out);
  } catch (err) {
    removeTemporaryCopy(temp);
    throw describeWriteError(err, `Weft could not write “${p.out}”`) ?? err;
  }
  return { path: p.out, size: statSync(p.out).size, ...counts };
}

/** From a pseudonymised project and its key, writes a new copy with the original texts and positions. */
export async function writeReidentifiedCopy(db: DB, projectPath: string, req: ReidentifyRequest): Promise<ReidentifyResult> {
  const p = planReidentifiedCopy(db, projectPath, req);
  const temp = temporaryCopyPath(p.out);
  return publishReidentifiedCopy(p, temp, await buildReidentifiedCopy(db, projectPath, p, temp));
}
