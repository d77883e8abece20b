/**
 * A .qdpx whose users and codebook come before its sources (Weft's and most producers' order) is
 * imported AS project.qde is read (streamQdpxInto): each source is stored with its codings before
 * the next is parsed, in the one transaction, and let go of once stored. The report is the one
 * the whole-model import gives; a file in another order is imported whole, as before.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/api/errors.js';
import { ProjectSession } from '../project-session.js';
import { importQdpx, loadQdpx, streamQdpxInto } from './files.js';
import { importProjectInto } from './import.js';

const dir = mkdtempSync(join(tmpdir(), 'weft-streamed-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = () => ProjectSession.create(join(dir, `p${++n}.weft`), 'Tester');
const enc = (s: string) => new TextEncoder().encode(s);
const G = (k: number) => `bbbbbbbb-0000-4000-8000-${k.toString(16).padStart(12, '0')}`;
const USER = G(1);
const CODE = G(2);
const AGE = G(3);
const NOTE = G(4);

/**
 * `docs` text sources with 30 codings each, and what makes warnings: a coding of a code not in
 * the file, a selection past the end of its text (cut), a user the file lacks, a note on a selection,
 * a variable's value on a document, a case linked to the first document. `order` places the
 * codebook and users before the sources (as Weft writes them) or after.
 */
function projectFile(docs: number, order: 'usual' | 'codebook-last' = 'usual', tail = '</Project>'): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  const sources: string[] = [];
  for (let d = 0; d < docs; d++) {
    const text = `Document ${d}: ${'some words about money and distance. '.repeat(12)}`;
    files[`sources/${G(1000 + d)}.txt`] = enc(text);
    const sels = Array.from(
      { length: 30 },
      (_, k) =>
        `<PlainTextSelection guid="${G(100000 + d * 100 + k)}" startPosition="${k}" endPosition="${k + 10}" creatingUser="${USER}"><Coding guid="${G(200000 + d * 100 + k)}" creatingUser="${USER}"><CodeRef targetGUID="${CODE}"/></Coding>${k === 0 && d === 0 ? `<NoteRef targetGUID="${NOTE}"/>` : ''}</PlainTextSelection>`,
    );
    if (d === 1) sels.push(`<PlainTextSelection guid="${G(300001)}" startPosition="5" endPosition="9"><Coding guid="${G(300002)}"><CodeRef targetGUID="${G(999)}"/></Coding></PlainTextSelection>`);
    if (d === 2) sels.push(`<PlainTextSelection guid="${G(300003)}" startPosition="5" endPosition="99999"><Coding guid="${G(300004)}"><CodeRef targetGUID="${CODE}"/></Coding></PlainTextSelection>`);
    if (d === 3) sels.push(`<PlainTextSelection guid="${G(300005)}" startPosition="1" endPosition="4"><Coding guid="${G(300006)}" creatingUser="${G(998)}"><CodeRef targetGUID="${CODE}"/></Coding></PlainTextSelection>`);
    const value = `<VariableValue><VariableRef targetGUID="${AGE}"/><IntegerValue>${30 + d}</IntegerValue></VariableValue>`;
    sources.push(`<TextSource guid="${G(1000 + d)}" name="Doc ${d}" plainTextPath="internal://${G(1000 + d)}.txt">${sels.join('\n')}${value}</TextSource>`);
  }
  const users = `<Users><User guid="${USER}" name="Ana"/></Users>`;
  const codebook = `<CodeBook><Codes><Code guid="${CODE}" name="Cost" isCodable="true"/></Codes></CodeBook>`;
  const head = order === 'usual' ? `${users}\n${codebook}` : '';
  const late = order === 'usual' ? '' : `${codebook}\n${users}`;
  const qde = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Streamed" origin="Test">
${head}
<Variables><Variable guid="${AGE}" name="Age" typeOfVariable="Integer"/></Variables>
<Cases><Case guid="${G(5)}" name="P1"><SourceRef targetGUID="${G(1000)}"/></Case></Cases>
<Sources>
${sources.join('\n')}
</Sources>
${late}
<Notes><Note guid="${NOTE}" name="On the first passage"><PlainTextContent>Look here.</PlainTextContent></Note></Notes>
${tail}`;
  return zipSync({ 'project.qde': enc(qde), ...files });
}

function written(s: ProjectSession) {
  const count = (t: string) => s.db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number;
  return { documents: count('documents'), codings: count('codings'), memos: count('memos'), values: count('document_attribute_values'), caseLinks: count('document_cases') };
}

async function wholeImport(file: Uint8Array) {
  const s = fresh();
  try {
    return { report: importProjectInto(s, await loadQdpx(file)), rows: written(s) };
  } finally {
    s.close();
  }
}

describe('a .qdpx imported as it is read', () => {
  it('stores each source before the next is parsed and keeps none of their texts or selections; the report is the whole import’s', async () => {
    const file = projectFile(40);
    const s = fresh();
    try {
      const seen: number[] = [];
      const streamed = await streamQdpxInto(s, file, { onProgress: () => void seen.push(written(s).documents) });
      expect(streamed).toBeDefined();
      // the document before each was already in the project (the one transaction, not yet committed) when the next was read
      expect(seen.slice(0, 40)).toEqual(Array.from({ length: 40 }, (_, k) => k));
      // what the import kept of the model: no text, no stored selection or coding (the note's selection stays for its memo)
      const sources = streamed!.project.sources;
      expect(sources).toHaveLength(40);
      expect(sources.every((x) => x.text === undefined && x.codings.length === 0)).toBe(true);
      expect(sources.reduce((k, x) => k + x.selections.length, 0)).toBe(1); // the one a note is attached to
      const whole = await wholeImport(file);
      expect(streamed!.report).toEqual(whole.report);
      expect(written(s)).toEqual(whole.rows);
      expect(whole.rows).toMatchObject({ documents: 40, codings: 40 * 30 + 2, memos: 1, values: 40, caseLinks: 1 });
      expect(whole.report.warnings.some((w) => /refers to a code .* that is not in the codebook/.test(w))).toBe(true);
    } finally {
      s.close();
    }
  });

  it('a file malformed after sources were stored is refused and leaves nothing: they were rolled back', async () => {
    const s = fresh();
    try {
      const seen: number[] = [];
      const err = await importQdpx(s, projectFile(10, 'usual', '<Oops></Project>'), { onProgress: () => void seen.push(written(s).documents) }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).message).toMatch(/^The archive \(project\.qde\): The file is not well-formed XML/);
      expect(Math.max(...seen)).toBe(9); // stored as they came …
      expect(written(s)).toEqual({ documents: 0, codings: 0, memos: 0, values: 0, caseLinks: 0 }); // … and rolled back
    } finally {
      s.close();
    }
  });

  it('a cancel part-way rolls back what was stored', async () => {
    const s = fresh();
    try {
      let calls = 0;
      const err = await importQdpx(s, projectFile(10), { isCancelled: () => ++calls > 5 }).catch((e: unknown) => e);
      expect((err as Error).message).toMatch(/cancelled; nothing was written/);
      expect(written(s)).toEqual({ documents: 0, codings: 0, memos: 0, values: 0, caseLinks: 0 });
    } finally {
      s.close();
    }
  });

  it('a file whose codebook and users come after its sources is imported whole, as before', async () => {
    const file = projectFile(12, 'codebook-last');
    const s = fresh();
    try {
      const streamed = await streamQdpxInto(s, file);
      const whole = await wholeImport(file);
      expect(streamed?.report).toEqual(whole.report);
      expect(written(s)).toEqual(whole.rows);
      expect(whole.rows.codings).toBe(12 * 30 + 2);
    } finally {
      s.close();
    }
    // a source stored before a late codebook is read: rolled back, then the file is read whole
    const late = projectFile(12, 'usual', `<CodeBook><Codes><Code guid="${G(7)}" name="Late"/></Codes></CodeBook></Project>`);
    const t = fresh();
    try {
      expect(await streamQdpxInto(t, late)).toBeUndefined();
      expect(written(t).documents).toBe(0);
      const r = await importQdpx(t, late);
      expect(r).toEqual((await wholeImport(late)).report);
      expect(written(t).codings).toBe(12 * 30 + 2);
    } finally {
      t.close();
    }
  });

  it('a project that has documents already (it may be the open one, serving other calls) is imported into whole, never with a transaction held open across reads', async () => {
    const file = projectFile(6);
    const s = fresh();
    try {
      await importQdpx(s, projectFile(2));
      expect(written(s).documents).toBe(2);
      expect(await streamQdpxInto(s, file)).toBeUndefined();
      expect(written(s).documents).toBe(2);
      const report = await importQdpx(s, file);
      expect(report.imported.documents).toBe(6);
      expect(written(s).documents).toBe(8);
      expect(s.db.inTransaction).toBe(false);
    } finally {
      s.close();
    }
  });
});
