/**
 * Backend workloads, each run in its own Node process so its memory high-water mark and its
 * "cold" start are its own. The parent (bench/main.ts) passes a JSON argument file and reads one
 * JSON result line.
 *
 *   node --import tsx bench/worker.ts import|open|exchange ARGS.json
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importInputs, type ImportInput } from '../electron/services/importer.js';
import { ProjectSession, ensureCoder } from '../electron/services/project-session.js';
import { ensureAttribute, upsertCase, type AttributeKind } from '../electron/services/cases.js';
import { createCode } from '../electron/services/codes.js';
import { contentHash, listDocuments } from '../electron/services/documents.js';
import { parseFile } from '../electron/import/parse-file.js';
import { createProjectFile, type DB } from '../electron/db/connection.js';
import { countWords } from '../shared/domain/text.js';
import { AppService } from '../electron/services/app-service.js';
import { createDispatcher } from '../electron/ipc/dispatch.js';
import { COHORTS, type CodingSpec, type DocMeta, type Manifest, type Participant } from './corpus.js';
import { evictFromPageCache, reportResult } from './child.js';

const now = () => performance.now();
const maxRssBytes = () => process.resourceUsage().maxRSS * 1024;

function addParticipants(session: ProjectSession, participants: Participant[]) {
  session.transaction(() => {
    const db = session.db;
    ensureAttribute(db, 'role', 'case', 'text');
    ensureAttribute(db, 'age', 'case', 'number');
    ensureAttribute(db, 'gender', 'case', 'category', ['woman', 'man', 'non-binary']);
    ensureAttribute(db, 'site', 'case', 'text');
    ensureAttribute(db, 'cohort', 'case', 'category', COHORTS);
    ensureAttribute(db, 'started', 'case', 'date');
    ensureAttribute(db, 'mentored', 'case', 'boolean');
    for (const p of participants) {
      const a = p.attributes;
      const v = (value: string, kind: AttributeKind) => ({ value, kind });
      upsertCase(db, p.name, {
        role: v(a.role, 'text'),
        age: v(String(a.age), 'number'),
        gender: v(a.gender, 'category'),
        site: v(a.site, 'text'),
        cohort: v(a.cohort, 'category'),
        started: v(a.started, 'date'),
        mentored: v(a.mentored ? 'true' : 'false', 'boolean'),
      });
    }
  });
}

function addCodebook(session: ProjectSession, manifest: Manifest): number[] {
  return session.transaction(() => {
    const ids: number[] = [];
    for (const c of manifest.codes) {
      ids.push(createCode(session.db, { name: c.name, parentId: c.parent === null ? null : ids[c.parent]! }).id);
    }
    return ids;
  });
}

/** Codings of the generated coders, written in one transaction (setup, not a measured path). */
function addCodings(session: ProjectSession, manifest: Manifest, codings: CodingSpec[], docIds: number[], codeIds: number[]) {
  const db = session.db;
  const coderIds = manifest.coders.map((name) => ensureCoder(db, name));
  const insert = db.prepare(
    'INSERT INTO codings (guid, document_id, code_id, coder_id, start, end, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const stamp = new Date().toISOString();
  session.transaction(() => {
    for (const k of codings) insert.run(randomUUID(), docIds[k.doc]!, codeIds[k.code]!, coderIds[k.coder]!, k.start, k.end, stamp, stamp);
  });
}

function linkDocumentsToCases(db: DB, docs: DocMeta[], docIds: number[], participants: Participant[]) {
  const caseId = db.prepare('SELECT id FROM cases WHERE name = ?').pluck();
  const link = db.prepare('INSERT OR IGNORE INTO document_cases (document_id, case_id) VALUES (?, ?)');
  db.transaction(() => {
    docs.forEach((d, i) => link.run(docIds[i]!, caseId.get(participants[d.participant]!.name) as number));
  })();
}

function readInputs(dir: string, docs: DocMeta[]): { name: string; bytes: Uint8Array }[] {
  return docs.map((d) => ({ name: d.fileName, bytes: readFileSync(join(dir, d.fileName)) }));
}

/** Imports through the real path and checks every document arrived with exactly the generated text. */
async function importChecked(session: ProjectSession, inputs: ImportInput[], docs: DocMeta[]): Promise<{ ms: number; docIds: number[] }> {
  const t0 = now();
  const report = await importInputs(session, inputs);
  const ms = now() - t0;
  if (report.imported !== inputs.length) {
    const bad = report.files.filter((f) => f.outcome !== 'imported').slice(0, 3);
    throw new Error(`import: ${report.imported} of ${inputs.length} imported; ${bad.map((f) => `${f.file}: ${f.reason}`).join('; ')}`);
  }
  const docIds = report.files.map((f) => f.documentId!);
  const length = session.db.prepare('SELECT length FROM documents WHERE id = ?').pluck();
  docs.forEach((d, i) => {
    const got = length.get(docIds[i]) as number;
    if (got !== d.length) throw new Error(`import changed the text of ${d.fileName}: ${got} characters stored, ${d.length} generated`);
  });
  return { ms, docIds };
}

function closeCheckpointed(session: ProjectSession) {
  session.db.pragma('wal_checkpoint(TRUNCATE)');
  session.close();
}

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

function timed<T>(fn: () => T): [T, number] {
  const t0 = now();
  const v = fn();
  return [v, now() - t0];
}

type Row = Record<string, unknown>;

/** Inserts stored document rows (with their speakers and turns) into a new project file, one transaction per document; returns ms. */
function rawInsertDocuments(path: string, docRows: Row[], speakerRows: Row[], turnRows: Row[], withoutFts: boolean): number {
  const base = createProjectFile(path);
  if (withoutFts) {
    for (const t of base.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND (sql LIKE '%fts%' OR sql LIKE '%trigram%')").pluck().all() as string[]) {
      base.exec(`DROP TRIGGER "${t}"`);
    }
  }
  const coder = Number(base.prepare('INSERT INTO coders (guid, name, created_at) VALUES (?, ?, ?)').run(randomUUID(), 'baseline', '2025-01-01').lastInsertRowid);
  const insDoc = base.prepare(
    `INSERT INTO documents (guid, name, text, source_format, source_name, content_hash, length, word_count, position, created_by, created_at, updated_at)
     VALUES (@guid, @name, @text, @source_format, @source_name, @content_hash, @length, @word_count, @position, ${coder}, @created_at, @updated_at)`,
  );
  const insSpeaker = base.prepare('INSERT INTO speakers (guid, document_id, label) VALUES (?, ?, ?)');
  const insTurn = base.prepare('INSERT INTO turns (document_id, speaker_id, seq, start, end, begin_ms, end_ms) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const speakersByDoc = groupBy(speakerRows, (s) => s.document_id as number);
  const turnsByDoc = groupBy(turnRows, (t) => t.document_id as number);
  const t0 = now();
  for (const d of docRows) {
    base.transaction(() => {
      const id = Number(insDoc.run(d).lastInsertRowid);
      const speakerIds = new Map<unknown, number>();
      for (const s of speakersByDoc.get(d.id as number) ?? []) speakerIds.set(s.id, Number(insSpeaker.run(s.guid, id, s.label).lastInsertRowid));
      for (const t of turnsByDoc.get(d.id as number) ?? []) insTurn.run(id, speakerIds.get(t.speaker_id) ?? null, t.seq, t.start, t.end, t.begin_ms, t.end_ms);
    })();
  }
  const ms = now() - t0;
  base.close();
  return ms;
}

// ---------------------------------------------------------------------------------------------

interface ImportArgs {
  manifest: string;
  transcripts: string;
  project: string;
  baseline: string;
  /** The render project (long transcript + a short one), set up after the measurement. */
  renderDir: string;
  renderProject: string;
}

async function importWorkload(args: ImportArgs) {
  const manifest = JSON.parse(readFileSync(args.manifest, 'utf8')) as Manifest;
  const session = ProjectSession.create(args.project, manifest.coders[0]!);
  // Participants first, as a researcher would load their participants sheet, so the import links speakers to them.
  addParticipants(session, manifest.participants);

  const inputs = readInputs(args.transcripts, manifest.docs);
  const inputBytes = inputs.reduce((n, i) => n + i.bytes.length, 0);
  const rssBeforeImport = process.memoryUsage().rss;
  const { ms: importMs, docIds } = await importChecked(session, inputs, manifest.docs);
  const maxRssImport = maxRssBytes();
  const db = session.db;
  const words = db.prepare('SELECT sum(word_count) FROM documents').pluck().get() as number;
  const chars = db.prepare('SELECT sum(length) FROM documents').pluck().get() as number;
  const turns = db.prepare('SELECT count(*) FROM turns').pluck().get() as number;
  const linkedSpeakers = db.prepare('SELECT count(*) FROM speakers WHERE case_id IS NOT NULL').pluck().get() as number;

  // Where the import time goes (each step timed alone over the whole corpus, after the import).
  const texts = db.prepare('SELECT text FROM documents ORDER BY id').pluck().all() as string[];
  const parseT0 = now();
  for (const input of inputs) await parseFile(input.name, input.bytes);
  const parseMs = now() - parseT0;
  const [, hashMs] = timed(() => texts.forEach((t) => contentHash(t)));
  const [, countWordsMs] = timed(() => texts.forEach((t) => countWords(t)));
  const maxPosition = db.prepare('SELECT ifnull(max(position), 0) + 1 FROM documents').pluck();
  const [, maxPositionMs] = timed(() => maxPosition.get());
  const [, listDocumentsMs] = timed(() => listDocuments(db));

  const setupT0 = now();
  const codeIds = addCodebook(session, manifest);
  addCodings(session, manifest, manifest.codings, docIds, codeIds);
  linkDocumentsToCases(db, manifest.docs, docIds, manifest.participants);
  const setupMs = now() - setupT0;
  const hotCodeCodings = db.prepare('SELECT count(*) FROM codings WHERE code_id = ?').pluck().get(codeIds[manifest.hotCode]) as number;

  // Rows exactly as the import stored them, for the baseline.
  const docRows = db.prepare('SELECT * FROM documents ORDER BY id').all() as Row[];
  const speakerRows = db.prepare('SELECT * FROM speakers ORDER BY id').all() as Row[];
  const turnRows = db.prepare('SELECT * FROM turns ORDER BY id').all() as Row[];
  closeCheckpointed(session);
  const fileSize = statSync(args.project).size;

  // Baseline: raw better-sqlite3 inserts of the same rows into the same schema, one transaction per document.
  const baselineMs = rawInsertDocuments(args.baseline, docRows, speakerRows, turnRows, false);
  // The same without the full-text index triggers, to show what indexing costs (a diagnostic).
  const baselineNoFtsMs = rawInsertDocuments(`${args.baseline}.nofts`, docRows, speakerRows, turnRows, true);

  let render: unknown;
  let renderError: string | undefined;
  try {
    render = await setupRender(manifest, args.renderDir, args.renderProject);
  } catch (err) {
    renderError = (err as Error).message.split('\n')[0];
  }

  reportResult({
    render,
    renderError,
    importMs,
    baselineMs,
    baselineNoFtsMs,
    files: inputs.length,
    inputBytes,
    words,
    chars,
    turns,
    linkedSpeakers,
    fileSize,
    rssBeforeImport,
    maxRssImport,
    maxRss: maxRssBytes(),
    setupMs,
    docIds,
    codeIds,
    hotCodeId: codeIds[manifest.hotCode],
    hotCodeCodings,
    diagnostics: { parseMs, hashMs, countWordsMs, maxPositionMs, listDocumentsMs, documents: docRows.length },
  });
}

// ---------------------------------------------------------------------------------------------

async function setupRender(manifest: Manifest, dir: string, project: string) {
  const session = ProjectSession.create(project, manifest.coders[0]!);
  addParticipants(session, manifest.participants);
  const docs = [manifest.renderDoc, manifest.shortDoc];
  const { ms: importMs, docIds } = await importChecked(session, readInputs(dir, docs), docs);
  const codeIds = addCodebook(session, manifest);
  addCodings(session, manifest, manifest.renderCodings, docIds, codeIds);
  const words = session.db.prepare('SELECT word_count FROM documents WHERE id = ?').pluck().get(docIds[0]) as number;
  const codings = session.db.prepare('SELECT count(*) FROM codings WHERE document_id = ?').pluck().get(docIds[0]) as number;
  closeCheckpointed(session);
  return { importMs, docIds, words, codings, fileSize: statSync(project).size };
}

// ---------------------------------------------------------------------------------------------

interface OpenArgs {
  project: string;
  dataDir: string;
  rounds: number;
}

/**
 * Cold open to ready, as the app does it: project.open, then the first documents.list and
 * codes.list, with the project file evicted from the page cache before each round. The first
 * round also runs each code path for the first time in this process.
 */
async function openWorkload(args: OpenArgs) {
  const rounds = [];
  let evicted = true;
  for (let i = 0; i < args.rounds; i++) {
    const service = new AppService({ host: 'browser', dataDir: `${args.dataDir}-${i}` });
    const dispatch = createDispatcher(service.handlers);
    const call = async (method: string, input: unknown) => {
      const r = await dispatch(method, input);
      if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
      return r.value;
    };
    evicted = evictFromPageCache(args.project) && evicted;
    const t0 = now();
    await call('project.open', { path: args.project });
    const t1 = now();
    const documents = (await call('documents.list', {})) as unknown[];
    const t2 = now();
    const codes = (await call('codes.list', {})) as unknown[];
    const t3 = now();
    service.shutdown();
    rounds.push({ openMs: t1 - t0, documentsListMs: t2 - t1, codesListMs: t3 - t2, totalMs: t3 - t0, documents: documents.length, codes: codes.length });
  }
  reportResult({ rounds, evicted, maxRss: maxRssBytes() });
}

// ---------------------------------------------------------------------------------------------

interface ExchangeArgs {
  project: string;
  qdpx: string;
  reimport: string;
  baselineZip: string;
  baselineDb: string;
}

/**
 * Export of the whole project as .qdpx and import of that file into a new project (issue 6),
 * with baselines: the raw SQL reads of the same texts and codings zipped with fflate; unzip
 * plus raw inserts of the same document and coding rows.
 */
async function exchangeWorkload(args: ExchangeArgs) {
  let exchange: Record<string, unknown>;
  // A computed specifier: the module is another engineer's work in progress and may not exist yet.
  const specifier = ['..', 'electron', 'services', 'exchange', 'index.js'].join('/');
  try {
    exchange = (await import(specifier)) as Record<string, unknown>;
  } catch (err) {
    reportResult({ available: false, reason: `electron/services/exchange cannot be loaded: ${(err as Error).message.split('\n')[0]}` });
    return;
  }
  const exportQdpx = exchange.exportQdpx as ((db: DB, path?: string) => { bytes: Uint8Array; warnings: string[] }) | undefined;
  const importQdpx = (exchange.importProjectFile ?? exchange.importQdpx) as ((s: ProjectSession, path: string, options?: { limits?: { maxEntryBytes?: number } }) => Promise<unknown>) | undefined;
  if (typeof exportQdpx !== 'function') {
    reportResult({ available: false, reason: 'no exportQdpx in electron/services/exchange' });
    return;
  }
  const session = ProjectSession.open(args.project, 'Bench exchange');
  const t0 = now();
  const exported = exportQdpx(session.db, args.qdpx);
  const exportMs = now() - t0;
  const qdpxBytes = statSync(args.qdpx).size;
  const maxRssExport = maxRssBytes();

  // Baseline for export: read the same texts and codings with raw SQL, zip the texts, write the file.
  // The texts are deflated with node:zlib (level 6), as the export does, and stored in a ZIP (fflate):
  // the baseline uses the same compressor as the measured path, so the ratio is Weft's own overhead.
  const { zipSync, unzipSync, strToU8 } = await import('fflate');
  const { deflateRawSync, inflateRawSync } = await import('node:zlib');
  const deflated = (b: Uint8Array) => new Uint8Array(deflateRawSync(b, { level: 6 }));
  const b0 = now();
  // in a function of its own: the baseline's texts, rows and archive are let go of before the import is measured
  const baselineZipBytes = ((): number => {
    const texts = session.db.prepare('SELECT id, text FROM documents').all() as { id: number; text: string }[];
    const codingRows = session.db.prepare('SELECT document_id, code_id, coder_id, start, end FROM codings').all();
    const files: Record<string, Uint8Array> = { 'codings.json': deflated(strToU8(JSON.stringify(codingRows))) };
    for (const t of texts) files[`sources/${t.id}.txt`] = deflated(strToU8(t.text));
    const zipped = zipSync(files, { level: 0 });
    writeFileSync(args.baselineZip, zipped);
    return zipped.length;
  })();
  const exportBaselineMs = now() - b0;
  session.close();

  let importMs: number | undefined;
  let importError: string | undefined;
  let maxRssImport: number | undefined;
  if (typeof importQdpx === 'function') {
    const target = ProjectSession.create(args.reimport, 'Bench exchange');
    try {
      const t1 = now();
      // the whole project's XML of a large project is more than one document may inflate to by
      // default (128 MiB): the researcher raises the limit for a file they trust, as here
      await importQdpx(target, args.qdpx, { limits: { maxEntryBytes: 1024 * 1024 * 1024 } });
      importMs = now() - t1;
      maxRssImport = maxRssBytes();
      const counts = {
        documents: target.db.prepare('SELECT count(*) FROM documents').pluck().get(),
        codings: target.db.prepare('SELECT count(*) FROM codings').pluck().get(),
      };
      importError = undefined;
      Object.assign(exported, { reimported: counts });
    } catch (err) {
      importError = (err as Error).message.split('\n')[0];
    } finally {
      target.close();
    }
  } else importError = 'no import function for .qdpx in electron/services/exchange';

  // Baseline for import: unzip the baseline archive and insert the same rows with raw SQL in one transaction.
  const b1 = now();
  const unzipped = Object.fromEntries(Object.entries(unzipSync(new Uint8Array(readFileSync(args.baselineZip)))).map(([name, b]) => [name, inflateRawSync(b)]));
  const base = createProjectFile(args.baselineDb);
  const insCoder = base.prepare("INSERT INTO coders (id, guid, name, created_at) VALUES (?, ?, ?, 'x')");
  const insCode = base.prepare("INSERT INTO codes (id, guid, name, created_at, updated_at) VALUES (?, ?, ?, 'x', 'x')");
  const insDoc = base.prepare(
    "INSERT INTO documents (guid, name, text, source_format, content_hash, length, word_count, created_at, updated_at) VALUES (?, ?, ?, 'plain', '', ?, 0, 'x', 'x')",
  );
  const insCoding = base.prepare('INSERT INTO codings (guid, document_id, code_id, coder_id, start, end, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const decoder = new TextDecoder();
  base.transaction(() => {
    const newId = new Map<number, number>();
    for (const [name, bytes] of Object.entries(unzipped)) {
      const m = /^sources\/(\d+)\.txt$/.exec(name);
      if (!m) continue;
      const text = decoder.decode(bytes);
      newId.set(Number(m[1]), Number(insDoc.run(randomUUID(), name, text, text.length).lastInsertRowid));
    }
    type Row = { document_id: number; code_id: number; coder_id: number; start: number; end: number };
    const rows = JSON.parse(decoder.decode(unzipped['codings.json']!)) as Row[];
    for (const id of new Set(rows.map((r) => r.code_id))) insCode.run(id, randomUUID(), `code ${id}`);
    for (const id of new Set(rows.map((r) => r.coder_id))) insCoder.run(id, randomUUID(), `coder ${id}`);
    for (const r of rows) insCoding.run(randomUUID(), newId.get(r.document_id)!, r.code_id, r.coder_id, r.start, r.end, 'x', 'x');
  })();
  base.close();
  const importBaselineMs = now() - b1;

  reportResult({
    available: true,
    exportMs,
    exportBaselineMs,
    qdpxBytes,
    baselineZipBytes,
    warnings: exported.warnings.length,
    importMs,
    importError,
    importBaselineMs,
    reimported: (exported as { reimported?: unknown }).reimported,
    maxRssExport,
    maxRssImport,
    maxRss: maxRssBytes(),
  });
}

// ---------------------------------------------------------------------------------------------

const [command, argFile] = process.argv.slice(2);
const args = argFile ? (JSON.parse(readFileSync(argFile, 'utf8')) as unknown) : {};
switch (command) {
  case 'import':
    await importWorkload(args as ImportArgs);
    break;
  case 'open':
    await openWorkload(args as OpenArgs);
    break;
  case 'exchange':
    await exchangeWorkload(args as ExchangeArgs);
    break;
  default:
    process.stderr.write('usage: bench/worker.ts import|open|exchange ARGS.json\n');
    process.exit(2);
}
// Let the process end even if a library left a handle open.
process.exit(0);
