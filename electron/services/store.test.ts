/** Store operations on a real project file. */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIXTURES, useTempDir } from '../../tests/support/temp';
import { parsePlainText } from '../../shared/import/plain-text';
import { ProjectSession } from './project-session';
import { getDocument, insertDocument, listDocuments } from './documents';
import { codePaths, createCode, deleteCode, listCodes, updateCode } from './codes';
import { createCoding, listCodingsByDocument } from './codings';
import { importInputs, importPaths } from './importer';
import { projectSummary } from './summary';
import { AppService } from './app-service';

const tempDir = useTempDir();
const newProject = () => ProjectSession.create(join(tempDir(), 'p.weft'), 'Ana');

describe('codes', () => {
  it('builds a tree, refuses duplicate sibling names and cycles, and counts codings including children', () => {
    const s = newProject();
    const parent = createCode(s.db, { name: 'Relationship' });
    const child = createCode(s.db, { name: 'Trust', parentId: parent.id });
    expect(() => createCode(s.db, { name: 'Trust', parentId: parent.id })).toThrow(/already exists/);
    expect(createCode(s.db, { name: 'Trust' }).parentId).toBeNull(); // same name elsewhere is fine
    expect(() => updateCode(s.db, parent.id, { parentId: child.id })).toThrow(/under itself/);
    expect(codePaths(s.db).get(child.id)).toBe('Relationship/Trust');

    const docId = insertDocument(s.db, parsePlainText('We trusted each other from the start.', 'UTF-8'), { name: 'D', sourceName: null, coderId: null });
    createCoding(s.db, { documentId: docId, codeId: child.id, start: 3, end: 10, coderId: s.coderId() });
    const counts = new Map(listCodes(s.db).map((c) => [c.name + c.parentId, c]));
    expect(counts.get(`Relationshipnull`)!.codings).toBe(1);
    expect(counts.get(`Trust${parent.id}`)!.documents).toBe(1);

    deleteCode(s.db, parent.id); // children and their codings go with it
    expect(listCodes(s.db).map((c) => c.name)).toEqual(['Trust']);
    expect(listCodingsByDocument(s.db, docId)).toEqual([]);
    s.close();
  });
});

describe('codings', () => {
  it('stores exact UTF-16 ranges over emoji, CJK, combining and RTL text and refuses split characters', () => {
    const s = newProject();
    const text = 'Qing: 对我来说 🌉 bridge. Layla: نسميه «نشاط» 👩🏽‍💼. José: expe\u0301rience';
    const docId = insertDocument(s.db, parsePlainText(text, 'UTF-8'), { name: 'M', sourceName: null, coderId: null });
    const code = createCode(s.db, { name: 'Naming' });
    const pieces = ['对我来说 🌉', 'نسميه «نشاط» 👩🏽‍💼', 'expe\u0301rience'];
    for (const p of pieces) {
      const start = text.indexOf(p);
      createCoding(s.db, { documentId: docId, codeId: code.id, start, end: start + p.length, coderId: s.coderId() });
    }
    const stored = getDocument(s.db, docId).text;
    expect(listCodingsByDocument(s.db, docId).map((c) => stored.slice(c.start, c.end))).toEqual(pieces);
    const bridge = text.indexOf('🌉');
    expect(() => createCoding(s.db, { documentId: docId, codeId: code.id, start: bridge + 1, end: bridge + 4, coderId: s.coderId() })).toThrow(
      /splits a character/,
    );
    expect(() => createCoding(s.db, { documentId: docId, codeId: code.id, start: 0, end: text.length + 1, coderId: s.coderId() })).toThrow(
      /past the end/,
    );
    s.close();
  });

  it('applying the same code to the same span twice does not duplicate it', () => {
    const s = newProject();
    const docId = insertDocument(s.db, parsePlainText('some text here', 'UTF-8'), { name: 'D', sourceName: null, coderId: null });
    const code = createCode(s.db, { name: 'C' });
    const a = createCoding(s.db, { documentId: docId, codeId: code.id, start: 0, end: 4, coderId: s.coderId() });
    const b = createCoding(s.db, { documentId: docId, codeId: code.id, start: 0, end: 4, coderId: s.coderId() });
    expect(b.id).toBe(a.id);
    expect(listCodingsByDocument(s.db, docId)).toHaveLength(1);
    s.close();
  });
});

describe('import', () => {
  it('imports a Windows transcript normalised to LF with speaker turns, skips duplicates, reports failures per file', async () => {
    const s = newProject();
    const lea = readFileSync(join(FIXTURES, 'coaching-study/transcripts/lea-windows.txt'));
    const report = await importInputs(s, [
      { name: 'lea-windows.txt', bytes: lea },
      { name: 'empty.txt', bytes: new Uint8Array() },
      { name: 'again.txt', bytes: lea },
    ]);
    expect(report.files.map((f) => f.outcome)).toEqual(['imported', 'failed', 'skipped']);
    expect(report.files[1]!.reason).toMatch(/empty/);
    expect(report.files[2]!.reason).toMatch(/already in the project as “lea-windows”/);
    const doc = getDocument(s.db, report.files[0]!.documentId!);
    expect(doc.text).not.toMatch(/\r|\uFEFF/);
    expect(doc.speakers.map((sp) => sp.name).sort()).toEqual(['Interviewer', 'Lea']);
    for (const t of doc.turns) expect(doc.text.slice(t.start, t.end)).toMatch(new RegExp(`^${t.speaker}:`));
    s.close();
  });

  it('a failure while writing one file leaves no trace of it', async () => {
    const s = newProject();
    s.db.exec("CREATE TRIGGER boom BEFORE INSERT ON turns WHEN NEW.seq = 2 BEGIN SELECT RAISE(ABORT, 'disk trouble'); END");
    const text = 'A: one\nB: two\nA: three\nB: four';
    const report = await importInputs(s, [{ name: 'x.txt', bytes: new TextEncoder().encode(text) }]);
    expect(report.failed).toBe(1);
    expect(report.files[0]!.reason).toMatch(/disk trouble/);
    expect(listDocuments(s.db)).toEqual([]);
    expect(s.db.prepare('SELECT count(*) FROM speakers').pluck().get()).toBe(0);
    s.close();
  });

  it('imports folders, skipping unsupported files with a reason', async () => {
    const s = newProject();
    const report = await importPaths(s, [join(FIXTURES, 'coaching-study/edge-cases')]);
    const byName = Object.fromEntries(report.files.map((f) => [f.file.split('/').pop(), f]));
    expect(byName['multilingual.txt']!.outcome).toBe('imported');
    expect(byName['utf16le.txt']!.outcome).toBe('imported');
    expect(byName['empty.txt']!.outcome).toBe('failed');
    expect(byName['binary-garbage.txt']!.reason).toMatch(/binary data/);
    s.close();
  });
});

describe('app service', () => {
  it('writes the sample project and remembers recent projects', async () => {
    const dataDir = tempDir();
    const app = new AppService({ host: 'cli', dataDir });
    const info = app.openSample();
    expect(info.name).toMatch(/Sample study/);
    const summary = projectSummary(app.current().db);
    expect(summary).toMatchObject({ documents: 3, cases: 3, codes: 8, codings: 18, memos: 1, coders: 1 });
    const speakers = listDocuments(app.current().db)[0]!.speakers;
    expect(speakers.find((sp) => sp.name === 'Amira')!.participant).toBe('Amira');
    expect(speakers.find((sp) => sp.name === 'Interviewer')!.isInterviewer).toBe(true);
    app.closeProject();
    const again = new AppService({ host: 'cli', dataDir });
    expect(again.settings.get().recent[0]!.path).toBe(info.path);
    again.openProject(info.path);
    expect(projectSummary(again.current().db).codings).toBe(18);
    again.shutdown();
  });
});
