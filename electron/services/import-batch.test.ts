/**
 * The import writes its files a batch at a time (one transaction per batch):
 * on real .weft files, the full-text indexes it leaves are exactly those of one transaction per
 * document, a batch the project refuses writes nothing of itself (the batches before it stay
 * whole), a file that fails fails alone, and a duplicate within one batch is still found.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../tests/support/temp';
import { parseFile } from '../import/parse-file';
import { deleteDocument, getDocument, listDocuments } from './documents';
import { IMPORT_BATCH_FILES, importInputs } from './importer';
import { ProjectSession } from './project-session';
import { searchQuery } from './analysis/search';
import type { DB } from '../db/connection';

const tempDir = useTempDir();
const sessions: ProjectSession[] = [];
afterEach(() => {
  for (const s of sessions.splice(0)) if (s.db.open) s.close();
});

const open = (name: string) => {
  const s = ProjectSession.create(join(tempDir(), name), 'Ana');
  sessions.push(s);
  return s;
};

const PHRASES = ['the night shift was hard', 'Café naïve résumé', '我们慢慢来，加油', '괜찮아 정말', '頑張ることが大事', 'ภาษาไทย ง่าย', 'emoji 🙂 next to 加油', 'handover at seven'];
/** Transcripts with speakers, in Latin and in scripts without spaces (trigram-indexed), some in both. */
const transcript = (i: number) =>
  Array.from({ length: 6 }, (_, t) => `${t % 2 ? 'Interviewer' : `Participant ${i}`}: ${PHRASES[(i * 3 + t) % PHRASES.length]} (${i}.${t}) ${'words '.repeat(i % 5)}`).join('\n');
const encode = (s: string) => new TextEncoder().encode(s);

const ids = (db: DB, sql: string, ...params: unknown[]) => db.prepare(sql).pluck().all(...params) as number[];

/** Every indexed token occurrence of both indexes (term, document, column, offset), in order. */
function indexContents(db: DB) {
  db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_instances USING fts5vocab(main, 'documents_fts', 'instance')");
  return {
    words: db.prepare('SELECT term, doc, col, offset FROM temp.fts_instances ORDER BY term, doc, col, offset').raw().all(),
    trigrams: db.prepare('SELECT term, doc, col, offset FROM documents_trigram_instances ORDER BY term, doc, col, offset').raw().all(),
  };
}

/** FTS5's own check of both indexes, against their content too (throws when an index is not exactly its content's). */
function integrityCheck(db: DB) {
  db.exec("INSERT INTO documents_fts (documents_fts, rank) VALUES ('integrity-check', 1)");
  db.exec("INSERT INTO documents_trigram (documents_trigram, rank) VALUES ('integrity-check', 1)");
}

const QUERIES = ['night', '"night shift"', 'cafe', 'naive', 'hand*', '加油', '慢慢来', '괜찮아', '頑張る', 'ไทย', 'words OR seven', '加油 emoji'];

describe('batched import and the full-text indexes', () => {
  it('a batch import leaves documents_fts and documents_trigram exactly as one transaction per document does', async () => {
    const count = IMPORT_BATCH_FILES + 16; // more than one batch
    const inputs = Array.from({ length: count }, (_, i) => ({ name: `t${String(i).padStart(3, '0')}.txt`, bytes: encode(transcript(i)) }));

    const batched = open('batched.weft');
    const report = await importInputs(batched, inputs);
    expect(report.imported).toBe(count);

    // the same files imported one at a time: each written in a transaction of its own (as before batches)
    const single = open('single.weft');
    for (const input of inputs) expect((await importInputs(single, [input])).imported).toBe(1);

    for (const s of [batched, single]) integrityCheck(s.db);
    expect(indexContents(batched.db)).toEqual(indexContents(single.db));
    expect(indexContents(batched.db).trigrams.length).toBeGreaterThan(0);
    for (const q of ['night', 'cafe', '"night shift"', 'hand*']) {
      const found = ids(batched.db, 'SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? ORDER BY rowid', q);
      expect(found.length).toBeGreaterThan(0);
      expect(found).toEqual(ids(single.db, 'SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? ORDER BY rowid', q));
    }
    for (const q of ['"慢慢来"', '"괜찮아"', '"ภาษา"']) {
      const found = ids(batched.db, 'SELECT rowid FROM documents_trigram WHERE documents_trigram MATCH ? ORDER BY rowid', q);
      expect(found.length).toBeGreaterThan(0);
      expect(found).toEqual(ids(single.db, 'SELECT rowid FROM documents_trigram WHERE documents_trigram MATCH ? ORDER BY rowid', q));
    }
    for (const query of QUERIES) {
      const strip = (r: ReturnType<typeof searchQuery>) => ({ ...r, hits: r.hits.map(({ documentId: _, ...h }) => h) });
      const a = searchQuery(batched.db, { query });
      expect(a.total, query).toBeGreaterThan(0);
      expect(strip(a)).toEqual(strip(searchQuery(single.db, { query })));
    }

    // single-row changes after a batch keep both indexes in step
    const gone = listDocuments(batched.db).find((d) => d.name === 't002')!;
    const text = getDocument(batched.db, gone.id).text;
    expect(text).toContain('慢慢来');
    batched.transaction(() => deleteDocument(batched.db, gone.id));
    const after = await importInputs(batched, [{ name: 'again.txt', bytes: encode(text) }]);
    expect(after.imported).toBe(1);
    integrityCheck(batched.db);
    expect(ids(batched.db, 'SELECT rowid FROM documents_trigram WHERE documents_trigram MATCH ?', '"慢慢来"')).not.toContain(gone.id);
    expect(ids(batched.db, 'SELECT rowid FROM documents_trigram WHERE documents_trigram MATCH ?', '"慢慢来"')).toContain(after.files[0]!.documentId);
  });

  it('a batch the project refuses writes nothing of itself; the batches before it stay, whole, and the rest are reported', async () => {
    const s = open('locked.weft');
    s.db.pragma('busy_timeout = 0');
    const count = IMPORT_BATCH_FILES + 6;
    const inputs = Array.from({ length: count }, (_, i) => ({ name: `t${i}.txt`, bytes: encode(transcript(i)) }));
    let other: Database.Database | null = null;
    const report = await importInputs(s, inputs, {
      onProgress: (done) => {
        // the first batch is written; another program takes the write lock before the second
        if (done === IMPORT_BATCH_FILES && !other) {
          other = new Database(s.path);
          other.exec('BEGIN IMMEDIATE');
        }
      },
    });
    (other as Database.Database | null)?.exec('ROLLBACK');
    (other as Database.Database | null)?.close();
    expect(report.stopped?.code).toBe('IN_USE');
    expect(report.imported).toBe(IMPORT_BATCH_FILES);
    expect(report.files.slice(IMPORT_BATCH_FILES).map((f) => [f.outcome, f.reason])).toEqual(inputs.slice(IMPORT_BATCH_FILES).map(() => ['failed', report.stopped!.message]));
    const docs = listDocuments(s.db);
    expect(docs).toHaveLength(IMPORT_BATCH_FILES);
    for (const d of docs) expect(getDocument(s.db, d.id).text).toBe((await parseFile(`${d.name}.txt`, encode(transcript(Number(d.name.slice(1)))))).text);
    integrityCheck(s.db);
  });

  it('a file that fails in a batch fails alone: the other files of its batch are imported, whole', async () => {
    const s = open('one-bad.weft');
    // a temporary trigger (this connection only) refuses one document as an unexpected failure would
    s.db.exec("CREATE TEMP TRIGGER refuse_bad BEFORE INSERT ON main.documents WHEN new.name = 'bad' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
    const names = ['t0', 't1', 'bad', 't3', 't4'];
    const report = await importInputs(s, names.map((n, i) => ({ name: `${n}.txt`, bytes: encode(transcript(i)) })));
    expect(report.files.map((f) => [f.file, f.outcome, f.reason ?? null])).toEqual(
      names.map((n) => [`${n}.txt`, n === 'bad' ? 'failed' : 'imported', n === 'bad' ? 'unexpected error: refused by the test' : null]),
    );
    expect(listDocuments(s.db).map((d) => d.name)).toEqual(['t0', 't1', 't3', 't4']);
    expect(s.db.prepare("SELECT count(*) FROM turns WHERE document_id NOT IN (SELECT id FROM documents)").pluck().get()).toBe(0);
    integrityCheck(s.db);
  });

  it('a file whose text came earlier in the same batch is skipped as its duplicate', async () => {
    const s = open('dups.weft');
    const report = await importInputs(s, [
      { name: 'a.txt', bytes: encode(transcript(1)) },
      { name: 'b.txt', bytes: encode(transcript(2)) },
      { name: 'a copy.txt', bytes: encode(transcript(1)) },
      { name: 'a.txt', bytes: encode(transcript(3)) },
    ]);
    expect(report.files.map((f) => [f.outcome, f.duplicateOf ?? null])).toEqual([
      ['imported', null],
      ['imported', null],
      ['skipped', 'a'],
      ['imported', null],
    ]);
    expect(listDocuments(s.db).map((d) => d.name)).toEqual(['a', 'b', 'a (2)']);
  });

  it('a batch none of whose files could be read or parsed writes nothing, not even the coder', async () => {
    const s = open('all-failed.weft');
    const changes = () => s.db.prepare('SELECT total_changes()').pluck().get() as number;
    const before = changes();
    const report = await importInputs(s, [
      { name: 'empty.txt', bytes: new Uint8Array(0) },
      { name: 'gone.txt', bytes: () => { throw new Error('gone'); } },
      { name: 'damaged.pdf', bytes: encode('%PDF-1.4 cut short') },
    ]);
    expect(report.files.map((f) => f.outcome)).toEqual(['failed', 'failed', 'failed']);
    expect(s.db.prepare('SELECT count(*) FROM coders').pluck().get()).toBe(0);
    expect(changes()).toBe(before);
  });

  it('a batch whose files are all already in the project writes nothing, not even the coder', async () => {
    const s = open('all-duplicates.weft');
    const files = () => [
      { name: 'a.txt', bytes: encode(transcript(1)) },
      { name: 'b.txt', bytes: encode(transcript(2)) },
    ];
    await importInputs(s, files());
    s.setCoder('Bo');
    const changes = () => s.db.prepare('SELECT total_changes()').pluck().get() as number;
    const before = changes();
    const report = await importInputs(s, files());
    expect(report.files.map((f) => f.outcome)).toEqual(['skipped', 'skipped']);
    expect(s.db.prepare('SELECT name FROM coders ORDER BY id').pluck().all()).toEqual(['Ana']);
    expect(changes()).toBe(before);
  });
});
