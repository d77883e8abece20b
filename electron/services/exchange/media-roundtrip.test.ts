/**
 * REFI-QDA recordings (issue 16): a document with a linked recording → AudioSource + Transcript
 * with SyncPoints (schema-valid) → a new project with the same text, turn times, codings and the
 * recording copied into its media folder. Also without Weft's own data (what another tool sees).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parsePlainText } from '../../../shared/import/plain-text.js';
import { toneWav } from '../../../shared/media/wav.js';
import { WEFT_EXTENSION_PATH } from '../../../shared/refi/index.js';
import { HAS_REFI, PROJECT_XSD, xmllint } from '../../../tests/interop/reference.js';
import { openQdpx } from '../../refi/qdpx.js';
import { MemorySink, ZipWriter } from '../../refi/zip-write.js';
import { createCode } from '../codes.js';
import { upsertCase } from '../cases.js';
import { createCoding } from '../codings.js';
import { insertDocument } from '../documents.js';
import { getMediaLink, linkMedia } from '../media.js';
import { ProjectSession } from '../project-session.js';
import { exportQdpx } from './export.js';
import { importQdpx, loadQde } from './files.js';
import { importProjectInto } from './import.js';
import { importProjectAsNewFile } from './workflows.js';

const dir = mkdtempSync(join(tmpdir(), 'weft-refi-media-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TEXT = ['Interviewer: How was the café (e\u0301)? 😀', 'Ana María: 贵 — too dear. مرحبا and עברית.', 'Interviewer: And the 👩‍👩‍👧 clinic?', 'Ana María: Far.'].join('\n');
const WAV = toneWav([
  { ms: 600, hz: 440 },
  { ms: 600, hz: 660 },
  { ms: 600, hz: 550 },
]);
const TIMES = [
  [0, 900],
  [1000, 2500],
  [2600, null],
  [3100, 3900],
] as const;

function buildProject(folder: string) {
  mkdirSync(join(folder, 'recordings'), { recursive: true });
  const wav = join(folder, 'recordings', 'Interview Ana.wav');
  writeFileSync(wav, WAV);
  const s = ProjectSession.create(join(folder, 'study.weft'), 'Ana');
  s.transaction(() => {
    const parsed = parsePlainText(TEXT, 'UTF-8');
    expect(parsed.turns).toHaveLength(4);
    parsed.turns = parsed.turns.map((t, i) => ({ ...t, beginMs: TIMES[i]![0], endMs: TIMES[i]![1] }));
    const doc = insertDocument(s.db, parsed, { name: 'Interview Ana', sourceName: 'ana.txt', coderId: s.coderId() });
    const cost = createCode(s.db, { name: 'Cost', color: '#ff8800' });
    const place = createCode(s.db, { name: 'Place', color: '#0055aa' });
    const at = (phrase: string) => ({ start: TEXT.indexOf(phrase), end: TEXT.indexOf(phrase) + phrase.length });
    createCoding(s.db, { documentId: doc, codeId: cost.id, coderId: s.coderId(), ...at('café (e\u0301)? 😀') });
    createCoding(s.db, { documentId: doc, codeId: cost.id, coderId: s.coderId(), ...at('贵 — too dear') });
    createCoding(s.db, { documentId: doc, codeId: place.id, coderId: s.coderId(), ...at('👩‍👩‍👧 clinic?\nAna María: Far.') });
    linkMedia(s, doc, wav);
  });
  return s;
}

type Snapshot = { text: string; turns: unknown[]; codings: unknown[] };
function snapshot(s: ProjectSession): Snapshot {
  const doc = s.db.prepare("SELECT id, text FROM documents WHERE name = 'Interview Ana'").get() as { id: number; text: string };
  return {
    text: doc.text,
    turns: s.db.prepare('SELECT start, end, begin_ms, end_ms FROM turns WHERE document_id = ? ORDER BY seq').all(doc.id),
    codings: s.db.prepare('SELECT c.name, k.start, k.end FROM codings k JOIN codes c ON c.id = k.code_id WHERE k.document_id = ? ORDER BY k.start, c.name').all(doc.id),
  };
}

/** The archive without Weft's own data: what another REFI-QDA program gives back. */
function withoutExtension(bytes: Uint8Array): Uint8Array {
  const a = openQdpx(bytes);
  const sink = new MemorySink();
  const zip = new ZipWriter(sink);
  for (const name of a.entryNames) if (name !== WEFT_EXTENSION_PATH) zip.add(name, a.readEntry(name)!);
  zip.finish();
  a.close();
  return sink.bytes();
}

describe('REFI-QDA audio sources', () => {
  const source = buildProject(join(dir, 'a'));
  const original = snapshot(source);
  const docGuid = source.db.prepare('SELECT guid FROM documents').pluck().get() as string;
  const out = exportQdpx(source.db, join(dir, 'a', 'study.qdpx'));
  source.close();
  const bytes = readFileSync(out.path);

  it('exports the document as an AudioSource with the recording, a Transcript and SyncPoints, valid against the schema', () => {
    // Only the usual note about emoji (positions in code points, as the standard says).
    expect(out.warnings).toEqual([expect.stringMatching(/^1 document contains characters outside the Basic Multilingual Plane/)]);
    const a = openQdpx(bytes);
    expect(Buffer.from(a.readEntry(`sources/${docGuid}.wav`)!).equals(Buffer.from(WAV))).toBe(true);
    const xml = new TextDecoder().decode(a.qde);
    a.close();
    expect(xml).toContain(`<AudioSource guid="${docGuid}" name="Interview Ana" path="internal://${docGuid}.wav"`);
    expect(xml).not.toContain('<TextSource');
    // Turn beginnings and ends; positions in code points (the 😀 of line one counts 1).
    const secondTurn = [...TEXT.slice(0, TEXT.indexOf('Ana María'))].length;
    expect(secondTurn).toBe(TEXT.indexOf('Ana María') - 1);
    expect(xml).toMatch(new RegExp(`<SyncPoint guid="[0-9a-f-]{36}" timeStamp="1000" position="${secondTurn}"/>`));
    expect((xml.match(/<TranscriptSelection /g) ?? []).length).toBe(3);
    if (HAS_REFI) {
      const v = xmllint(a.qde, PROJECT_XSD);
      expect(v.output).not.toMatch(/fails to validate|error/i);
      expect(v.ok).toBe(true);
    }
  });

  for (const [label, input] of [
    ['with Weft’s own data', bytes],
    ['from the standard elements alone', withoutExtension(bytes)],
  ] as const) {
    it(`imports into a new project ${label}: same text, turn times, codings; the recording copied beside it and playable`, async () => {
      const folder = join(dir, label.replace(/\W+/g, '-'));
      mkdirSync(folder);
      const report = await importProjectAsNewFile(input, 'study.qdpx', join(folder, 'copy.weft'), 'Bo');
      expect(report.warnings).toEqual([]);
      const copy = ProjectSession.open(report.path, 'Bo');
      try {
        expect(snapshot(copy)).toEqual(original);
        const id = copy.db.prepare('SELECT id FROM documents').pluck().get() as number;
        const link = getMediaLink(copy, id)!;
        expect(link).toMatchObject({ path: 'copy media/Interview Ana.wav', kind: 'audio', status: 'ok', copied: true });
        expect(readFileSync(link.absolutePath)).toEqual(Buffer.from(WAV));
      } finally {
        copy.close();
      }
    });
  }

  it('names an audio source without a transcript in a warning', () => {
    const g = '6a1f0a52-2d1c-4f55-9d0f-1b8f4a0c1e01';
    const xml = `<?xml version="1.0" encoding="UTF-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="P"><Sources><AudioSource guid="${g}" name="Focus group 2" path="internal://${g}.m4a"/></Sources></Project>`;
    const s = ProjectSession.create(join(dir, 'w.weft'), 'Ana');
    try {
      const report = importProjectInto(s, loadQde(xml));
      expect(report.imported.documents).toBe(0);
      expect(report.warnings.join('\n')).toContain('The audio source “Focus group 2” has no transcript, so it was not imported');
    } finally {
      s.close();
    }
  });

  it('round-trips a long, mostly silent recording: stored in the archive, not deflated, so the import’s zip-bomb ratio check lets it through', async () => {
    // An hour of silence at 4 kHz (29 MB): deflated it would shrink about 1000×, past the reader's 200× refusal.
    const folder = join(dir, 'long');
    const s = buildProject(folder);
    const long = join(folder, 'recordings', 'Interview Ana long.wav');
    const wav = toneWav([{ ms: 3_600_000, hz: 0 }, { ms: 500, hz: 440 }], 4000);
    writeFileSync(long, wav);
    const id = s.db.prepare('SELECT id FROM documents').pluck().get() as number;
    s.transaction(() => linkMedia(s, id, long));
    const exported = exportQdpx(s.db, join(folder, 'study.qdpx'));
    s.close();
    // the archive holds the recording as it is (stored): it is larger than the recording
    expect(readFileSync(exported.path).length).toBeGreaterThan(wav.length);
    const report = await importProjectAsNewFile(readFileSync(exported.path), 'study.qdpx', join(folder, 'back.weft'), 'Bo');
    const back = ProjectSession.open(report.path, 'Bo');
    try {
      const link = getMediaLink(back, back.db.prepare('SELECT id FROM documents').pluck().get() as number)!;
      expect(link).toMatchObject({ kind: 'audio', status: 'ok', copied: true, size: wav.length });
      expect(readFileSync(link.absolutePath).equals(Buffer.from(wav))).toBe(true);
    } finally {
      back.close();
    }
  });

  it('an import into the open project that fails after copying the recording leaves no copy behind (and writes nothing)', async () => {
    const folder = join(dir, 'failing');
    const s = buildProject(folder);
    s.transaction(() => upsertCase(s.db, 'Ana María')); // cases are imported after the recordings are copied
    const exported = exportQdpx(s.db, join(folder, 'study.qdpx'));
    s.close();
    const target = ProjectSession.create(join(folder, 'target.weft'), 'Bo');
    try {
      // the project refuses the case (a real SQLite failure): the import is rolled back
      target.db.exec("CREATE TEMP TRIGGER refuse BEFORE INSERT ON cases BEGIN SELECT RAISE(ABORT, 'the disk refused'); END");
      await expect(importQdpx(target, readFileSync(exported.path))).rejects.toThrow(/the disk refused/);
      expect(target.db.prepare('SELECT COUNT(*) FROM documents').pluck().get()).toBe(0);
      expect(existsSync(join(folder, 'target media'))).toBe(false);
      // the same import, allowed, copies it there
      target.db.exec('DROP TRIGGER refuse');
      await importQdpx(target, readFileSync(exported.path));
      expect(existsSync(join(folder, 'target media', 'Interview Ana.wav'))).toBe(true);
    } finally {
      target.close();
    }
  });
});
