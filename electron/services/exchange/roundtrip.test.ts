/** Weft → .qdpx / .qdc → Weft, compared field by field; plus atomicity and merging. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePlainText } from '../../../shared/import/plain-text.js';
import { parseCodebookXml, parseProjectXml } from '../../../shared/refi/index.js';
import { openQdpx } from '../../refi/qdpx.js';
import { MemorySink, ZipWriter } from '../../refi/zip-write.js';
import { WEFT_EXTENSION_PATH } from '../../../shared/refi/index.js';
import { buildSampleProject } from '../sample/build-sample.js';
import { CODEBOOK_XSD, HAS_REFI, PROJECT_XSD, xmllint } from '../../../tests/interop/reference.js';
import { ensureAttribute, linkSpeakersToCases, upsertCase } from '../cases.js';
import { createCode } from '../codes.js';
import { createCoding } from '../codings.js';
import { insertDocument } from '../documents.js';
import { ensureCoder, newGuid, nowIso, ProjectSession } from '../project-session.js';
import { exportCodebook, exportQdpx } from './export.js';
import { importCodebook, importQdpx, loadQdpx } from './files.js';
import { importProjectInto } from './import.js';
import { importProjectAsNewFile } from './workflows.js';
import { getMapLayout, saveMapLayout } from '../themes.js';
import { readExcludeInterviewer, setExcludeInterviewer } from '../analysis/interviewer-setting.js';

const dir = mkdtempSync(join(tmpdir(), 'weft-refi-roundtrip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const path = () => join(dir, `p${++n}.weft`);

const TEXT_A = [
  'Interviewer: How did the fees feel? 😀',
  'Ana María: Honestly, the café (e\u0301) was 贵 — too dear. 👩‍👩‍👧 family first.',
  'Interviewer: And the clinic?',
  'Ana María: مرحبا بالعالم, it was far. 中文 text and עברית too.',
].join('\n');
const TEXT_B = 'Plain second document.\nWith 𝒻𝒶𝓃𝒸𝓎 letters (astral) and naïve café.';

/** Builds a project through the real services: two coders, a code tree, codings, cases, attributes, memos, a theme and a set. */
function buildProject(file: string) {
  const s = ProjectSession.create(file, 'Ana');
  const db = s.db;
  s.transaction(() => {
    db.prepare("UPDATE project_meta SET value = 'Round trip' WHERE key = 'name'").run();
    const ana = s.coderId();
    const bo = ensureCoder(db, 'Bo');
    db.prepare("UPDATE coders SET initials = 'BO' WHERE id = ?").run(bo);
    const money = createCode(db, { name: 'Money & “cost”', color: '#ff8800', definition: 'Talk about money.', inclusion: 'Fees, prices.', exclusion: 'Time as cost.', example: '“too dear”' });
    const fees = createCode(db, { name: 'Fees', parentId: money.id, color: '#123abc', definition: 'Line one\n## Example\nnot a heading' });
    const access = createCode(db, { name: 'Access <distance>', color: '#00aa55' });
    const folder = createCode(db, { name: 'Folder', color: '#999999' });
    db.prepare('UPDATE codes SET is_codable = 0 WHERE id = ?').run(folder.id);
    createCode(db, { name: 'Under folder', parentId: folder.id, example: 'ex' });

    const a = insertDocument(db, parsePlainText(TEXT_A, 'UTF-8'), { name: 'Interview Ana 😀', sourceName: 'ana.txt', coderId: ana });
    const b = insertDocument(db, parsePlainText(TEXT_B, 'UTF-8'), { name: 'Notes B', sourceName: null, coderId: bo });
    db.prepare("UPDATE documents SET description = 'Recorded in March' WHERE id = ?").run(a);
    const at = (text: string, phrase: string) => {
      const i = text.indexOf(phrase);
      if (i < 0) throw new Error(phrase);
      return { start: i, end: i + phrase.length };
    };
    const c1 = createCoding(db, { documentId: a, codeId: fees.id, coderId: ana, ...at(TEXT_A, 'the café (e\u0301) was 贵 — too dear') });
    createCoding(db, { documentId: a, codeId: fees.id, coderId: bo, ...at(TEXT_A, 'the café (e\u0301) was 贵 — too dear') });
    createCoding(db, { documentId: a, codeId: money.id, coderId: bo, ...at(TEXT_A, '👩‍👩‍👧 family first') });
    createCoding(db, { documentId: a, codeId: access.id, coderId: ana, ...at(TEXT_A, 'مرحبا بالعالم, it was far. 中文') });
    createCoding(db, { documentId: a, codeId: access.id, coderId: ana, ...at(TEXT_A, 'עברית too.') });
    createCoding(db, { documentId: b, codeId: money.id, coderId: bo, ...at(TEXT_B, '𝒻𝒶𝓃𝒸𝓎 letters') });
    createCoding(db, { documentId: b, codeId: access.id, coderId: ana, start: 0, end: TEXT_B.length });

    ensureAttribute(db, 'Wave', 'case', 'category', ['T1', 'T2', 'T3']);
    const anaCase = upsertCase(db, 'Ana María', {
      role: { value: 'patient', kind: 'text' },
      age: { value: '34', kind: 'number' },
      height: { value: '1.62', kind: 'number' },
      consented: { value: 'yes', kind: 'boolean' },
      interviewed: { value: '2024-03-05', kind: 'date' },
      Wave: { value: 'T2', kind: 'category' },
    });
    db.prepare("UPDATE cases SET description = 'Participant 1' WHERE id = ?").run(anaCase);
    upsertCase(db, 'Bo Case', { role: { value: 'clinician', kind: 'text' }, age: { value: 'unknown', kind: 'text' } });
    db.prepare('INSERT INTO document_cases (document_id, case_id) VALUES (?, ?)').run(a, anaCase);
    const site = ensureAttribute(db, 'Site', 'document', 'text');
    db.prepare('INSERT INTO document_attribute_values (document_id, attribute_id, value) VALUES (?, ?, ?)').run(a, site, 'North; "clinic" (A)');

    const now = nowIso();
    const theme = Number(
      db.prepare("INSERT INTO themes (guid, name, definition, status, color, position, created_at, updated_at) VALUES (?, 'Cost barriers', 'Money shapes access.', 'reviewed', '#9b8fd6', 1, ?, ?)").run(newGuid(), now, now)
        .lastInsertRowid,
    );
    const sub = Number(
      db.prepare("INSERT INTO themes (guid, parent_id, name, definition, status, color, position, created_at, updated_at) VALUES (?, ?, 'Distance', '', 'candidate', '#aa66cc', 2, ?, ?)").run(newGuid(), theme, now, now)
        .lastInsertRowid,
    );
    db.prepare('INSERT INTO theme_codes (theme_id, code_id, position) VALUES (?, ?, 1), (?, ?, 2), (?, ?, 1)').run(theme, money.id, theme, fees.id, sub, access.id);
    db.prepare('INSERT INTO theme_quotes (theme_id, coding_id, position) VALUES (?, ?, 1)').run(theme, c1.id);
    const set = Number(db.prepare("INSERT INTO sets (guid, name, description) VALUES (?, 'Wave 1', 'first wave')").run(newGuid()).lastInsertRowid);
    db.prepare('INSERT INTO set_members (set_id, document_id) VALUES (?, ?)').run(set, a);
    db.prepare('INSERT INTO set_members (set_id, code_id) VALUES (?, ?)').run(set, access.id);

    const memo = db.prepare('INSERT INTO memos (guid, title, body, document_id, code_id, theme_id, coding_id, case_id, coder_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    memo.run(newGuid(), 'Journal', 'Day one.\n\nReflexive 😀 note & <stuff>.', null, null, null, null, null, ana, now, now);
    memo.run(newGuid(), 'About Ana', 'Long interview.', a, null, null, null, null, ana, now, now);
    memo.run(newGuid(), 'Code note', 'Split fees later?', null, money.id, null, null, null, bo, now, now);
    memo.run(newGuid(), '', 'Strong quote\r\nkeep it', null, null, null, c1.id, null, ana, now, now);
    memo.run(newGuid(), 'Theme thoughts', 'Central theme.', null, null, theme, null, null, bo, now, now);
    memo.run(newGuid(), 'Case memo', 'Came late.', null, null, null, null, anaCase, null, now, now);

    // Weft-only data (weft/extension.json): speakers and turns with timings, interviewer flag, a
    // speaker ↔ case link that name matching would not make, reading ticks, map layout, merge
    // history and remembered GUIDs, the consensus coder, a coding changed after its creation.
    linkSpeakersToCases(db, a);
    db.prepare("UPDATE speakers SET is_interviewer = 1, case_id = (SELECT id FROM cases WHERE name = 'Bo Case') WHERE document_id = ? AND label = 'Interviewer'").run(a);
    db.prepare('UPDATE turns SET begin_ms = 1000 * seq + 5, end_ms = CASE WHEN seq < 2 THEN 1000 * seq + 900 END WHERE document_id = ?').run(a);
    db.prepare("INSERT INTO document_reading (document_id, read_at) VALUES (?, '2024-03-06T10:00:00.000Z'), (?, '2024-03-07T11:30:00.000Z')").run(a, b);
    db.prepare('INSERT INTO theme_map_layout (theme_id, x, y) VALUES (?, 120.5, -40)').run(theme);
    db.prepare('INSERT INTO theme_map_layout (code_id, x, y) VALUES (?, 300, 80.25)').run(access.id);
    db.prepare("INSERT INTO merges (source_name, source_guid, source_format, merged_by, summary, merged_at) VALUES ('bo-copy.weft', ?, 'weft', 'Ana', '3 codings added', '2024-03-08T09:00:00.000Z')").run(newGuid());
    db.prepare("INSERT INTO merge_aliases (kind, foreign_guid, local_guid) VALUES ('code', ?, ?)").run(newGuid(), db.prepare('SELECT guid FROM codes WHERE id = ?').pluck().get(access.id));
    const consensus = Number(db.prepare("INSERT INTO coders (guid, name, is_consensus, created_at) VALUES (?, 'Consensus', 1, ?)").run(newGuid(), now).lastInsertRowid);
    // a consensus walk: Ana's reading of a disagreement kept (with the coding it added), another left with neither
    const kept = createCoding(db, { documentId: a, codeId: access.id, coderId: consensus, ...at(TEXT_A, 'עברית too.') });
    const decide = db.prepare('INSERT INTO consensus_decisions (consensus_id, coder_a_id, coder_b_id, document_id, item_key, decision, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const d1 = Number(decide.run(consensus, ana, bo, a, 'key-hebrew', 'a', '2024-03-09T08:00:00.000Z').lastInsertRowid);
    db.prepare('INSERT INTO consensus_decision_codings (decision_id, coding_id) VALUES (?, ?)').run(d1, kept.id);
    decide.run(consensus, ana, bo, b, 'key-fancy', 'neither', '2024-03-09T08:05:00.000Z');
    db.prepare("UPDATE codings SET updated_at = '2030-01-01T00:00:00.000Z' WHERE id = ?").run(c1.id);
  });
  return s;
}

/** Everything that should survive, keyed by GUIDs and names rather than row ids. */
function snapshot(s: ProjectSession) {
  const db = s.db;
  const all = (sql: string) => db.prepare(sql).all();
  return {
    coders: all('SELECT guid, name, initials, is_consensus FROM coders ORDER BY name'),
    codes: all(
      `SELECT c.guid, c.name, c.color, c.color_given, c.definition, c.inclusion, c.exclusion, c.example, c.is_codable, p.guid AS parent
         FROM codes c LEFT JOIN codes p ON p.id = c.parent_id ORDER BY c.position`,
    ),
    documents: all('SELECT guid, name, text, description, length, word_count, created_at, source_format, source_name, content_hash FROM documents ORDER BY position'),
    documentCreators: all('SELECT d.guid, u.name FROM documents d JOIN coders u ON u.id = d.created_by ORDER BY d.position'),
    // (the covered text is sliced in JS: SQLite's substr counts code points, Weft offsets are UTF-16)
    codings: (
      all(
        `SELECT k.guid, d.guid AS doc, c.guid AS code, u.name AS coder, k.start, k.end, d.text, k.created_at, k.updated_at
           FROM codings k JOIN documents d ON d.id = k.document_id JOIN codes c ON c.id = k.code_id JOIN coders u ON u.id = k.coder_id
          ORDER BY k.guid`,
      ) as { guid: string; text: string; start: number; end: number }[]
    ).map(({ text, ...k }) => ({ ...k, covered: text.slice(k.start, k.end) })),
    cases: all('SELECT guid, name, description FROM cases ORDER BY name'),
    attributes: all('SELECT guid, name, scope, kind, categories FROM attributes ORDER BY scope, name'),
    caseValues: all('SELECT c.name AS kase, a.name, v.value FROM case_attribute_values v JOIN cases c ON c.id = v.case_id JOIN attributes a ON a.id = v.attribute_id ORDER BY 1, 2'),
    documentValues: all('SELECT d.guid, a.name, v.value FROM document_attribute_values v JOIN documents d ON d.id = v.document_id JOIN attributes a ON a.id = v.attribute_id ORDER BY 1, 2'),
    documentCases: all('SELECT d.guid AS doc, c.guid AS kase FROM document_cases x JOIN documents d ON d.id = x.document_id JOIN cases c ON c.id = x.case_id'),
    memos: all(
      `SELECT m.guid, m.title, m.body, d.guid AS doc, c.guid AS code, t.guid AS theme, k.guid AS coding, x.guid AS kase, u.name AS coder, m.created_at
         FROM memos m LEFT JOIN documents d ON d.id = m.document_id LEFT JOIN codes c ON c.id = m.code_id LEFT JOIN themes t ON t.id = m.theme_id
         LEFT JOIN codings k ON k.id = m.coding_id LEFT JOIN cases x ON x.id = m.case_id LEFT JOIN coders u ON u.id = m.coder_id ORDER BY m.guid`,
    ),
    themes: all('SELECT t.guid, t.name, t.definition, t.status, t.color, p.guid AS parent FROM themes t LEFT JOIN themes p ON p.id = t.parent_id ORDER BY t.position'),
    themeCodes: all('SELECT t.guid AS theme, c.guid AS code, x.position FROM theme_codes x JOIN themes t ON t.id = x.theme_id JOIN codes c ON c.id = x.code_id ORDER BY 1, 3'),
    themeQuotes: all('SELECT t.guid AS theme, k.guid AS coding, q.position FROM theme_quotes q JOIN themes t ON t.id = q.theme_id JOIN codings k ON k.id = q.coding_id ORDER BY 1, 3'),
    sets: all('SELECT guid, name, description FROM sets ORDER BY name'),
    setMembers: all(
      `SELECT s.guid AS set_guid, d.guid AS doc, c.guid AS code FROM set_members m JOIN sets s ON s.id = m.set_id
         LEFT JOIN documents d ON d.id = m.document_id LEFT JOIN codes c ON c.id = m.code_id ORDER BY 1, 2, 3`,
    ),
    speakers: all(
      `SELECT d.guid AS doc, s.guid, s.label, c.guid AS kase, s.is_interviewer FROM speakers s JOIN documents d ON d.id = s.document_id
         LEFT JOIN cases c ON c.id = s.case_id ORDER BY d.position, s.label`,
    ),
    turns: all(
      `SELECT d.guid AS doc, s.guid AS speaker, t.seq, t.start, t.end, t.begin_ms, t.end_ms FROM turns t JOIN documents d ON d.id = t.document_id
         LEFT JOIN speakers s ON s.id = t.speaker_id ORDER BY d.position, t.seq`,
    ),
    reading: all('SELECT d.guid, r.read_at FROM document_reading r JOIN documents d ON d.id = r.document_id ORDER BY d.position'),
    mapLayout: all('SELECT t.guid AS theme, c.guid AS code, l.x, l.y FROM theme_map_layout l LEFT JOIN themes t ON t.id = l.theme_id LEFT JOIN codes c ON c.id = l.code_id ORDER BY 1, 2'),
    merges: all('SELECT source_name, source_guid, source_format, merged_by, summary, merged_at FROM merges ORDER BY id'),
    mergeAliases: all('SELECT kind, foreign_guid, local_guid FROM merge_aliases ORDER BY 1, 2'),
    consensusDecisions: all(
      `SELECT s.guid AS consensus, a.guid AS a, b.guid AS b, d.guid AS doc, x.item_key, x.decision, x.decided_at,
              (SELECT group_concat(k.guid) FROM consensus_decision_codings c JOIN codings k ON k.id = c.coding_id WHERE c.decision_id = x.id) AS codings
         FROM consensus_decisions x JOIN coders s ON s.id = x.consensus_id JOIN coders a ON a.id = x.coder_a_id JOIN coders b ON b.id = x.coder_b_id
         JOIN documents d ON d.id = x.document_id ORDER BY x.item_key`,
    ),
  };
}

describe('project round trip through .qdpx', () => {
  let original: ProjectSession;
  /** The export written to a path (streamed), and the bytes of the file it wrote. */
  let exported: ReturnType<typeof exportQdpx> & { bytes: Uint8Array };
  beforeAll(() => {
    original = buildProject(path());
    const written = exportQdpx(original.db, join(dir, 'out.qdpx'), { origin: 'Weft 0.1.0' });
    exported = { ...written, bytes: new Uint8Array(readFileSync(written.path)) };
  });
  afterAll(() => original.close());

  it('exports a project.qde valid against Project.xsd, plus one .txt per document', () => {
    const a = openQdpx(join(dir, 'out.qdpx'));
    expect(a.entryNames.sort()).toEqual(['project.qde', ...snapshot(original).documents.map((d) => `sources/${(d as { guid: string }).guid}.txt`), WEFT_EXTENSION_PATH].sort());
    if (HAS_REFI) {
      const v = xmllint(a.qde, PROJECT_XSD);
      expect(v.output).not.toMatch(/fails to validate|error/i);
      expect(v.ok).toBe(true);
    }
    a.close();
    expect(exported.counts).toMatchObject({ documents: 2, codes: 5, codings: 8, cases: 2, memos: 6, coders: 3, themes: 2, sets: 1 });
    expect(exported.warnings).toHaveLength(2);
    expect(exported.warnings[0]).toBe('The number attribute “age” has values that are not valid numbers; it was exported as text.');
    expect(exported.warnings[1]).toMatch(/outside the Basic Multilingual Plane/);
  });

  it('writes positions as code points (not UTF-16) on non-ASCII text', () => {
    const a = openQdpx(exported.bytes);
    const p = parseProjectXml(a.qde);
    const docA = p.sources.find((s) => s.name === 'Interview Ana 😀')!;
    const fileText = new TextDecoder().decode(a.readFile(docA.plainTextPath!)!);
    a.close();
    expect(fileText).toBe(TEXT_A); // LF, no BOM
    const cps = Array.from(fileText);
    for (const sel of docA.selections) {
      const covered = cps.slice(sel.startPosition, sel.endPosition).join('');
      const weft = snapshot(original).codings.find((k) => (k as { guid: string }).guid === sel.codings[0]!.guid) as { covered: string; start: number };
      expect(covered).toBe(weft.covered);
    }
    const family = docA.selections.find((s) => cps.slice(s.startPosition, s.endPosition).join('') === '👩‍👩‍👧 family first')!;
    expect(family.startPosition).toBe(Array.from(TEXT_A.slice(0, TEXT_A.indexOf('👩'))).length);
    expect(family.startPosition).toBeLessThan(TEXT_A.indexOf('👩')); // differs from UTF-16
  });

  it('imports into a fresh project with every field intact', async () => {
    const copy = ProjectSession.create(path(), 'Someone else');
    const report = await importQdpx(copy, exported.bytes);
    expect(report.warnings).toEqual([]);
    expect(report.imported).toEqual({ coders: 3, codes: 5, documents: 2, codings: 8, cases: 2, attributes: 7, attributeValues: 9, memos: 6, sets: 1, themes: 2 });
    const before = snapshot(original);
    const after = snapshot(copy);
    for (const key of Object.keys(before) as (keyof typeof before)[]) expect(after[key], key).toEqual(before[key]);
    copy.close();
  });

  it('re-exports the imported project identically (stable GUIDs, selections and positions)', async () => {
    const copy = ProjectSession.create(path(), 'X');
    await importQdpx(copy, exported.bytes);
    const again = exportQdpx(copy.db, undefined, { origin: 'Weft 0.1.0' });
    // the root carries the target project's own name and dates; everything inside must be identical
    const strip = (xml: string) => xml.slice(xml.indexOf('>', xml.indexOf('<Project')));
    const qde = (bytes: Uint8Array) => {
      const a = openQdpx(bytes);
      const x = new TextDecoder().decode(a.qde);
      a.close();
      return strip(x);
    };
    expect(qde(again.bytes)).toBe(qde(exported.bytes));
    const extension = (bytes: Uint8Array) => {
      const a = openQdpx(bytes);
      const x = new TextDecoder().decode(a.readEntry(WEFT_EXTENSION_PATH));
      a.close();
      return x;
    };
    expect(extension(again.bytes)).toBe(extension(exported.bytes));
    copy.close();
  });

  /** The export with its weft/extension.json replaced by `text` (or removed when undefined). */
  const withExtension = (text: string | undefined): Uint8Array => {
    const a = openQdpx(exported.bytes);
    const sink = new MemorySink();
    const zip = new ZipWriter(sink);
    for (const name of a.entryNames) if (name !== WEFT_EXTENSION_PATH) zip.add(name, a.readEntry(name)!);
    if (text !== undefined) zip.add(WEFT_EXTENSION_PATH, text);
    zip.finish();
    a.close();
    return sink.bytes();
  };

  it('without weft/extension.json (another tool rewrote the archive): imports, speakers re-detected from the text', async () => {
    const copy = ProjectSession.create(path(), 'X');
    const report = await importQdpx(copy, withExtension(undefined));
    expect(report.warnings).toEqual([]);
    const after = snapshot(copy);
    expect(after.codings).toEqual(snapshot(original).codings.map((k) => ({ ...k, updated_at: (k as unknown as { created_at: string }).created_at })));
    expect(after.reading).toEqual([]);
    expect((after.speakers as { label: string }[]).map((s) => s.label)).toEqual(['Ana María', 'Interviewer']);
    expect(after.speakers.every((s) => (s as { is_interviewer: number }).is_interviewer === 0)).toBe(true);
    copy.close();
  });

  it('an unreadable, newer or partly broken weft/extension.json is ignored with a warning, the rest imports', async () => {
    const good = JSON.parse(extensionText()) as { documents: Record<string, { turns: { start: number }[]; contentHash: string }> };
    const cases: [string, RegExp][] = [
      ['{ not json', /Weft's own data in this file could not be read \(it is not valid JSON\)/],
      [JSON.stringify({ ...good, version: 7 }), /written by a newer Weft \(format version 7/],
      [JSON.stringify({ format: 'something else' }), /is not in Weft's format; it was ignored/],
    ];
    for (const [text, warning] of cases) {
      const copy = ProjectSession.create(path(), 'X');
      const report = await importQdpx(copy, withExtension(text));
      expect(report.warnings.join('\n')).toMatch(warning);
      expect(report.imported.documents).toBe(2);
      expect(snapshot(copy).reading).toEqual([]);
      copy.close();
    }
    // one document's turns out of order: that document's data is dropped, the other's is kept
    const [first, second] = Object.keys(good.documents);
    const broken = structuredClone(good);
    broken.documents[first!]!.turns.reverse();
    const copy = ProjectSession.create(path(), 'X');
    const report = await importQdpx(copy, withExtension(JSON.stringify(broken)));
    expect(report.warnings.join('\n')).toMatch(/the entry for the source .* has overlapping or unordered turns; it was left out/);
    expect((snapshot(copy).reading as { guid: string }[]).map((r) => r.guid)).toEqual([second]);
    copy.close();
    // a text changed by another tool (hash differs): turns are detected again, with a warning
    const changed = structuredClone(good);
    changed.documents[first!]!.contentHash = '0'.repeat(64);
    const other = ProjectSession.create(path(), 'X');
    const r2 = await importQdpx(other, withExtension(JSON.stringify(changed)));
    expect(r2.warnings.join('\n')).toMatch(/The text of “Interview Ana 😀” is not the one Weft's own data was written for/);
    expect(snapshot(other).turns).toHaveLength(4);
    expect(snapshot(other).speakers.every((s) => (s as { is_interviewer: number }).is_interviewer === 0)).toBe(true);
    other.close();
  });

  const extensionText = () => {
    const a = openQdpx(exported.bytes);
    const x = new TextDecoder().decode(a.readEntry(WEFT_EXTENSION_PATH));
    a.close();
    return x;
  };

  it('imports into a project that already has it: codes, coders and cases are reused, documents added', async () => {
    // the same file twice: the second time everything with a GUID matches by GUID
    const target = ProjectSession.create(path(), 'Someone');
    await importQdpx(target, exported.bytes);
    const second = await importQdpx(target, exported.bytes);
    expect(second.imported).toMatchObject({ codes: 0, coders: 0, cases: 0, attributes: 0, themes: 0, sets: 0, documents: 2, codings: 8, memos: 6 });
    expect(second.matched).toEqual({ coders: 3, codes: 5, cases: 2, attributes: 7, sets: 1, themes: 2 });
    const w = second.warnings.join('\n');
    expect(w).toMatch(/18 GUIDs from the file were already used in this project; new ones were assigned/);
    // the consensus coder was there already (matched): its own decisions are kept, none added twice
    expect(target.db.prepare('SELECT count(*) FROM consensus_decisions').pluck().get()).toBe(2);
    expect(w).toMatch(/A document named “Interview Ana 😀” already exists; the imported one was named “Interview Ana 😀 \(2\)”/);
    target.close();
    // a project built the same way (other GUIDs): matched by name / name path
    const twin = buildProject(path());
    const r = await importQdpx(twin, exported.bytes);
    expect(r.imported.codes).toBe(0);
    expect(r.matched).toMatchObject({ coders: 3, codes: 5, cases: 2, attributes: 7, themes: 2 });
    twin.close();
  });

  it('writes nothing when the import fails part-way (one transaction)', async () => {
    const target = ProjectSession.create(path(), 'Someone');
    target.db.exec("CREATE TEMP TRIGGER no_memos BEFORE INSERT ON memos BEGIN SELECT RAISE(ABORT, 'simulated failure'); END");
    await expect(importQdpx(target, exported.bytes)).rejects.toThrow('simulated failure');
    for (const table of ['coders', 'codes', 'documents', 'codings', 'cases', 'attributes', 'themes', 'sets', 'memos']) {
      expect(target.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get(), table).toBe(0);
    }
    target.close();
  });

  it('refuses a codebook given as a project', () => {
    const target = ProjectSession.create(path(), 'Someone');
    expect(() => importProjectInto(target, parseCodebookXml(exportCodebook(original.db)))).toThrow(/codebook/);
    target.close();
  });
});

describe('a new project made from a Weft .qdpx', () => {
  it('takes the project settings and the map’s bin and view too, and re-exports them identically', async () => {
    const source = buildProject(path());
    setExcludeInterviewer(source.db, false);
    const theme = source.db.prepare("SELECT id FROM themes WHERE name = 'Cost barriers'").pluck().get() as number;
    saveMapLayout(source.db, { positions: { bin: { x: -310.5, y: 42 }, [`theme:${theme}`]: { x: 120.5, y: -40 } }, view: { x: 12, y: -7.5, scale: 0.8 } });
    const out = exportQdpx(source.db, join(dir, 'settings.qdpx'), { origin: 'Weft 0.1.0' });
    const made = await importProjectAsNewFile(out.path, 'settings.qdpx', join(dir, 'from-settings.weft'), 'Bo');
    expect(made.warnings).toEqual([]);
    const copy = ProjectSession.open(made.path, 'Bo');
    const before = snapshot(source);
    const after = snapshot(copy);
    for (const key of Object.keys(before) as (keyof typeof before)[]) expect(after[key], key).toEqual(before[key]);
    expect(readExcludeInterviewer(copy.db)).toBe(false);
    const map = getMapLayout(copy.db);
    expect(map.view).toEqual({ x: 12, y: -7.5, scale: 0.8 });
    expect(map.positions.bin).toEqual({ x: -310.5, y: 42 });
    const extension = (bytes: Uint8Array) => {
      const a = openQdpx(bytes);
      const x = new TextDecoder().decode(a.readEntry(WEFT_EXTENSION_PATH));
      a.close();
      return x;
    };
    const again = exportQdpx(copy.db, undefined, { origin: 'Weft 0.1.0' });
    expect(extension(again.bytes)).toBe(extension(readFileSync(out.path)));
    expect(JSON.parse(extension(again.bytes))).toMatchObject({ settings: { excludeInterviewer: false }, mapLayout: { bin: [-310.5, 42], view: { x: 12, y: -7.5, scale: 0.8 } } });
    source.close();
    copy.close();
  });
});

describe('the sample project through .qdpx', () => {
  it('keeps its 3 read documents and 3 interviewers (Weft-only data in weft/extension.json)', async () => {
    const sample = buildSampleProject(path(), 'Ana');
    const counts = (s: ProjectSession) => ({
      read: s.db.prepare('SELECT count(*) FROM document_reading').pluck().get(),
      interviewers: s.db.prepare('SELECT count(*) FROM speakers WHERE is_interviewer = 1').pluck().get(),
      speakers: s.db.prepare('SELECT count(*) FROM speakers').pluck().get(),
      linked: s.db.prepare('SELECT count(*) FROM speakers WHERE case_id IS NOT NULL').pluck().get(),
      turns: s.db.prepare('SELECT count(*) FROM turns').pluck().get(),
    });
    const before = counts(sample);
    expect(before).toMatchObject({ read: 3, interviewers: 3 });
    const out = exportQdpx(sample.db, undefined, { origin: 'Weft 0.1.0' });
    const a = openQdpx(out.bytes);
    if (HAS_REFI) expect(xmllint(a.qde, PROJECT_XSD).ok).toBe(true);
    a.close();
    const copy = ProjectSession.create(path(), 'Bo');
    const report = await importQdpx(copy, out.bytes);
    expect(report.warnings).toEqual([]);
    expect(counts(copy)).toEqual(before);
    sample.close();
    copy.close();
  });
});

describe('speakers of REFI-QDA sources (no Weft data: another tool wrote the file)', () => {
  const COMMENTS = Array.from({ length: 26 }, (_, i) => `Update: new opening hours (${i + 1})\nGreat news!\nWeekends too?`).join('\n\n');
  const load = async (file: string) => {
    const s = buildProject(file);
    s.transaction(() => insertDocument(s.db, parsePlainText(COMMENTS, 'UTF-8'), { name: 'Comments', sourceName: null, coderId: s.coderId() }));
    const bytes = exportQdpx(s.db, undefined).bytes;
    s.close();
    const project = await loadQdpx(bytes);
    delete project.weft; // as if NVivo had written it
    return project;
  };

  it('headlines make no speakers, the interview does; the report lists them as detected', async () => {
    const project = await load(path());
    const copy = ProjectSession.create(path(), 'X');
    const report = importProjectInto(copy, project);
    expect(report.speakers).toEqual([{ source: expect.any(String), document: 'Interview Ana 😀', speakers: ['Interviewer', 'Ana María'], from: 'detected' }]);
    expect(copy.db.prepare("SELECT count(*) FROM speakers s JOIN documents d ON d.id = s.document_id WHERE d.name = 'Comments'").pluck().get()).toBe(0);
    copy.close();
  });

  it('detection turned off for one document (noSpeakersFor) or for all (speakers: false)', async () => {
    const project = await load(path());
    const interview = project.sources.find((x) => x.name === 'Interview Ana 😀')!.guid;
    const one = ProjectSession.create(path(), 'X');
    expect(importProjectInto(one, project, { noSpeakersFor: [interview] }).speakers).toEqual([]);
    expect(one.db.prepare('SELECT count(*) FROM speakers').pluck().get()).toBe(0);
    expect(one.db.prepare('SELECT count(*) FROM turns').pluck().get()).toBe(0);
    one.close();
    const all = ProjectSession.create(path(), 'X');
    importProjectInto(all, await load(path()), { speakers: false });
    expect(all.db.prepare('SELECT count(*) FROM speakers').pluck().get()).toBe(0);
    all.close();
  });
});

describe('codebook round trip through .qdc', () => {
  it('exports a valid .qdc and merges it back by GUID, then by name path', () => {
    const source = buildProject(path());
    const xml = exportCodebook(source.db);
    if (HAS_REFI) {
      const v = xmllint(xml, CODEBOOK_XSD);
      expect(v.output).not.toMatch(/fails to validate|error/i);
      expect(v.ok).toBe(true);
    }

    const copy = ProjectSession.create(path(), 'X');
    const r = importCodebook(copy, xml);
    expect(r.warnings).toEqual([]);
    expect(r.imported).toMatchObject({ codes: 5, themes: 2, sets: 1 });
    const pick = (s: ProjectSession) => {
      const snap = snapshot(s);
      return { codes: snap.codes, themes: snap.themes, themeCodes: snap.themeCodes, sets: snap.sets, setCodes: snap.setMembers.filter((m) => (m as { code: string | null }).code !== null) };
    };
    expect(pick(copy)).toEqual(pick(source));

    // again: everything matches by GUID, nothing new
    const again = importCodebook(copy, xml);
    expect(again.imported).toMatchObject({ codes: 0, themes: 0, sets: 0 });
    expect(again.matched).toMatchObject({ codes: 5, themes: 2, sets: 1 });

    // a project with codes of the same names (other GUIDs): merged by name path, empty fields filled
    const other = ProjectSession.create(path(), 'Y');
    other.transaction(() => {
      const m = createCode(other.db, { name: 'Money & “cost”', definition: 'Our own definition.' });
      createCode(other.db, { name: 'Fees', parentId: m.id });
    });
    const merged = importCodebook(other, xml);
    expect(merged.matched.codes).toBe(2);
    expect(merged.imported.codes).toBe(3);
    const money = other.db.prepare("SELECT definition, inclusion FROM codes WHERE name = 'Money & “cost”'").get();
    expect(money).toEqual({ definition: 'Our own definition.', inclusion: 'Fees, prices.' });
    expect(other.db.prepare("SELECT definition FROM codes WHERE name = 'Fees'").pluck().get()).toBe('Line one\n## Example\nnot a heading');
    for (const s of [source, copy, other]) s.close();
  });

  it('refuses to export an empty codebook', () => {
    const empty = ProjectSession.create(path(), 'X');
    expect(() => exportCodebook(empty.db)).toThrow(/at least one code/);
    empty.close();
  });
});
