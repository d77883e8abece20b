/**
 * Issue 16: a pseudonymised copy on a real project file, through the real dispatcher. Codings on
 * text with emoji, accents, CJK and RTL cover exactly the pseudonymised version of their spans; no
 * identifying term is left in any byte of the output (after the app opened and checkpointed it
 * too); the key cannot be read without its passphrase; re-identifying gives back exactly the
 * original rows.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../support/temp';
import { createDispatcher } from '../../electron/ipc/dispatch';
import { AppService } from '../../electron/services/app-service';
import { readKeyFile } from '../../electron/services/pseudonymise/key';
import type { Result } from '../../shared/api/result';

const tempDir = useTempDir();
let app: AppService;
let dir: string;
let source: string;
beforeEach(() => {
  dir = tempDir();
  app = new AppService({ host: 'cli', dataDir: join(dir, 'data') });
  source = join(dir, 'study.weft');
  app.createProject(source);
});
afterEach(() => app.shutdown());

const dispatch = (method: string, input: unknown) => createDispatcher(app.handlers, () => {})(method, input) as Promise<Result<any>>;
async function ok(method: string, input: unknown) {
  const r = await dispatch(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value;
}
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

const TEXT = [
  'Interviewer: Tell me about Acme Ltd 😀.',
  'Samantha Jones: I joined Acme Ltd in Zoë’s team 👩‍👩‍👧; José said café\u0301 was fine.',
  'Interviewer: And 山田さん?',
  'Samantha Jones: 山田さんは来ました。 قالت سارة: نعم. SAMANTHA is tired.',
].join('\n');

const TERMS = [
  { term: 'Samantha Jones', pseudonym: 'P07' },
  { term: 'Samantha', pseudonym: 'P07' },
  { term: 'Acme Ltd', pseudonym: '[employer]' },
  { term: 'Zoë', pseudonym: 'P03' },
  { term: 'José', pseudonym: 'P04' },
  { term: '山田', pseudonym: 'P05' },
  { term: 'سارة', pseudonym: 'P06' },
];
const IDENTIFYING = ['Samantha', 'Jones', 'Acme', 'Zoë', 'José', '山田', 'سارة'];

/** Every spelling of each term that could sit in the file's bytes: as written, lower and upper case, UTF-8 and UTF-16. */
function termsInFile(path: string): string[] {
  const bytes = readFileSync(path);
  const found: string[] = [];
  for (const t of IDENTIFYING) {
    for (const form of new Set([t, t.toLowerCase(), t.toUpperCase(), t.normalize('NFD'), t.normalize('NFD').toLowerCase()])) {
      if (bytes.includes(Buffer.from(form, 'utf8')) || bytes.includes(Buffer.from(form, 'utf16le'))) found.push(`${form} in ${path}`);
    }
  }
  return found;
}

interface Built {
  docId: number;
  codings: Record<string, { id: number; start: number; end: number }>;
}

async function build(): Promise<Built> {
  await ok('documents.importFiles', { files: [{ name: 'Interview Samantha.txt', base64: b64(TEXT) }] });
  const [doc] = (await ok('documents.list', {})) as { id: number; name: string }[];
  const code = await ok('codes.create', { name: 'Work at Acme Ltd', definition: 'When Samantha talks about her employer' });
  const other = await ok('codes.create', { name: 'Feelings' });
  const span = (s: string, from = 0) => {
    const start = TEXT.indexOf(s, from);
    if (start < 0) throw new Error(`no ${s}`);
    return { start, end: start + s.length };
  };
  const codings: Built['codings'] = {};
  const apply = async (key: string, codeId: number, r: { start: number; end: number }) => {
    const c = await ok('codings.create', { documentId: doc!.id, codeId, ...r });
    codings[key] = { id: c.id, ...r };
  };
  await apply('containsNames', code.id, span('I joined Acme Ltd in Zoë’s team 👩‍👩‍👧'));
  const inside = span('Samantha Jones: I joined');
  await apply('startsInsideName', other.id, { start: inside.start + 3, end: inside.end });
  await apply('accents', other.id, span('café\u0301 was fine.'));
  await apply('emoji', other.id, span('😀'));
  await apply('cjk', code.id, span('山田さんは来ました。'));
  await apply('rtl', other.id, span('قالت سارة: نعم'));
  await apply('shouty', code.id, span('SAMANTHA is tired.'));
  const c = await ok('cases.create', { name: 'Samantha Jones', description: 'Works at Acme Ltd' });
  const employer = await ok('attributes.create', { name: 'employer', scope: 'case', kind: 'text' });
  await ok('cases.setAttribute', { caseId: c.id, attributeId: employer.id, value: 'Acme Ltd' });
  // an attribute named after an employer, shown beside quotes (the setting names it, and is renamed with it)
  await ok('attributes.create', { name: 'Acme Ltd team', scope: 'case', kind: 'text' });
  await ok('settings.setQuoteAttributes', { attributes: ['Acme Ltd team'] });
  await ok('memos.create', { target: { kind: 'document', id: doc!.id }, title: 'About Samantha', body: 'Samantha and José met at Acme Ltd.' });
  return { docId: doc!.id, codings };
}

describe('pseudonymised copy', () => {
  it('moves every coding onto the pseudonymised version of its span, leaves no term in the file, and re-identifies exactly', async () => {
    const built = await build();
    const turnsBefore = await turnTexts(source);
    const preview = await ok('pseudonymise.preview', { terms: TERMS });
    expect(preview.documentsChanged).toBe(1);
    expect(preview.replacements.some((r: { match: string; replacement: string }) => r.match === 'Samantha Jones' && r.replacement === 'P07')).toBe(true);
    expect(preview.codingsAdjusted).toBe(1);

    const out = join(dir, 'shared.weft');
    const keyPath = join(dir, 'shared.weftkey');
    const written = await ok('pseudonymise.write', { terms: TERMS, path: out, keyPath, passphrase: 'a long passphrase' });
    expect(written).toMatchObject({ path: out, keyPath, documentsChanged: 1, codingsAdjusted: 1 });

    // the source is unchanged
    const sourceDoc = await ok('documents.get', { id: built.docId });
    expect(sourceDoc.text ?? sourceDoc.document?.text).toContain('Samantha Jones');

    // the scan finds the terms where they are (the source), and none in any byte of the copy or the key
    expect(termsInFile(source).length + (existsSync(`${source}-wal`) ? termsInFile(`${source}-wal`).length : 0)).toBeGreaterThan(0);
    expect(termsInFile(out)).toEqual([]);
    expect(existsSync(`${out}-wal`)).toBe(false);
    expect(termsInFile(keyPath)).toEqual([]);

    // the key needs its passphrase
    expect(() => readKeyFile(keyPath, 'the wrong passphrase')).toThrow(/passphrase is wrong/);
    expect(readKeyFile(keyPath, 'a long passphrase').terms).toHaveLength(TERMS.length);

    // codings cover exactly the pseudonymised spans
    const copy = new Database(out, { readonly: true });
    const text = copy.prepare('SELECT text FROM documents').pluck().get() as string;
    const extract = (id: number) => {
      const r = copy.prepare('SELECT start, end FROM codings WHERE id = ?').get(id) as { start: number; end: number };
      return text.slice(r.start, r.end);
    };
    expect(text).toContain('P07: I joined [employer] in P03’s team 👩‍👩‍👧; P04 said café\u0301 was fine.');
    expect(extract(built.codings.containsNames!.id)).toBe('I joined [employer] in P03’s team 👩‍👩‍👧');
    expect(extract(built.codings.startsInsideName!.id)).toBe('P07: I joined');
    expect(extract(built.codings.accents!.id)).toBe('café\u0301 was fine.');
    expect(extract(built.codings.emoji!.id)).toBe('😀');
    expect(extract(built.codings.cjk!.id)).toBe('P05さんは来ました。');
    expect(extract(built.codings.rtl!.id)).toBe('قالت P06: نعم');
    expect(extract(built.codings.shouty!.id)).toBe('P07 is tired.');
    expect(copy.prepare('SELECT label FROM speakers ORDER BY label').pluck().all()).toEqual(['Interviewer', 'P07']);
    expect(copy.prepare("SELECT value FROM project_meta WHERE key = 'quote_attributes'").pluck().get()).toBe('["[employer] team"]');
    // turns still cover their lines
    const turns = copy.prepare('SELECT start, end FROM turns ORDER BY seq').all() as { start: number; end: number }[];
    expect(turns.map((t) => text.slice(t.start, t.end))).toEqual(turnsBefore.map((t) => pseudonymised(t)));
    expect(copy.prepare("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'samantha'").pluck().get()).toBe(0);
    expect(copy.prepare("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'p07'").pluck().get()).toBe(1);
    copy.close();

    // opened in the app and closed again (WAL checkpointed): still no term in any byte
    await ok('project.open', { path: out });
    await ok('project.close', {});
    for (const f of [out, `${out}-wal`]) if (existsSync(f)) expect(termsInFile(f)).toEqual([]);

    // re-identify from the copy: every row as it was
    await ok('project.open', { path: out });
    const back = join(dir, 'back.weft');
    expect(await dispatch('pseudonymise.reidentify', { keyPath, passphrase: 'wrong passphrase', path: back })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(/passphrase is wrong/) },
    });
    expect(existsSync(back)).toBe(false);
    const again = await ok('pseudonymise.reidentify', { keyPath, passphrase: 'a long passphrase', path: back });
    expect(again).toMatchObject({ path: back, documentsRestored: 1 });
    await ok('project.close', {});
    expect(dump(back)).toEqual(dump(source));
  });

  it('refuses terms whose pseudonyms would make two participants one, and writes nothing', async () => {
    await build();
    await ok('cases.create', { name: 'Sam' });
    const out = join(dir, 'x.weft');
    const keyPath = join(dir, 'x.weftkey');
    const r = await dispatch('pseudonymise.write', { terms: [{ term: 'Samantha Jones', pseudonym: 'P1' }, { term: 'Sam', pseudonym: 'P1' }], path: out, keyPath, passphrase: 'a long passphrase' });
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/case “Sam.*” would have the name “P1”/) } });
    expect(existsSync(out)).toBe(false);
    expect(existsSync(keyPath)).toBe(false);
  });

  it('refuses to write the key over a project or the copy itself', async () => {
    await build();
    writeFileSync(join(dir, 'existing.weftkey'), 'x');
    const r = await dispatch('pseudonymise.write', { terms: TERMS, path: join(dir, 'y.weft'), keyPath: join(dir, 'y.weft'), passphrase: 'a long passphrase' });
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const r2 = await dispatch('pseudonymise.write', { terms: TERMS, path: join(dir, 'y.weft'), keyPath: join(dir, 'existing.weftkey'), passphrase: 'a long passphrase' });
    expect(r2).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/already exists/) } });
    expect(existsSync(join(dir, 'y.weft'))).toBe(false);
  });

  it('seeds terms from participants and speakers, then suggests recurring capitalised words', async () => {
    await build();
    const terms = (await ok('pseudonymise.suggestTerms', {})) as { term: string; source: string; documents: number }[];
    expect(terms[0]).toMatchObject({ term: 'Samantha Jones', source: 'participant', documents: 1 });
    expect(terms.map((t) => t.term)).not.toContain('Interviewer');
  });
});

/** The texts of the speaker turns, read from the project file. */
async function turnTexts(path: string): Promise<string[]> {
  await ok('project.close', {});
  const db = new Database(path, { readonly: true });
  try {
    const text = db.prepare('SELECT text FROM documents').pluck().get() as string;
    const turns = db.prepare('SELECT start, end FROM turns ORDER BY seq').all() as { start: number; end: number }[];
    expect(turns.length).toBeGreaterThan(2);
    return turns.map((t) => text.slice(t.start, t.end));
  } finally {
    db.close();
    await ok('project.open', { path });
  }
}

const pseudonymised = (s: string) =>
  s
    .replaceAll('Samantha Jones', 'P07')
    .replaceAll('SAMANTHA', 'P07')
    .replaceAll('Acme Ltd', '[employer]')
    .replaceAll('Zoë', 'P03')
    .replaceAll('José', 'P04')
    .replaceAll('山田', 'P05')
    .replaceAll('سارة', 'P06');

/** Every row of every table but the search indexes, and the project's guid (each copy gets its own). */
function dump(path: string) {
  const db = new Database(path, { readonly: true });
  try {
    const tables = db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'documents_fts%' AND name NOT LIKE 'documents_trigram%' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
      .pluck()
      .all() as string[];
    return Object.fromEntries(
      tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}" ${t === 'project_meta' ? "WHERE key <> 'guid'" : ''} ORDER BY 1, 2`).all()]),
    );
  } finally {
    db.close();
  }
}
