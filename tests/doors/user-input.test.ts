/**
 * One endpoint per import use case, taking the file's bytes, and one way a bad file is refused.
 *
 * - A Windows-1252 CSV (what Excel writes on Windows: “smart quotes” 0x93/0x94, € 0x80, ë 0xEB)
 *   imports with the right characters through the one endpoint of each use case: participants
 *   (`participants.importCsv`, used by the Cases panel and the Speakers dialog), codebook CSV
 *   (`exchange.importCodebook`) and themes CSV (`themes.importCsv`).
 * - A bad file through the dispatcher ends in `{ ok: false, error: { code: 'VALIDATION' } }` whose
 *   message names the file and the problem, and no table of the project changes; the CLI's
 *   failure path says the same with exit status 4.
 * Real files (written here, read back from disk), the real dispatcher, a real project file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/api/result';
import { UserInputError } from '../../shared/api/errors';
import { ThemeCsvError } from '../../shared/themes/csv';
import { ImportError } from '../../shared/import/types';
import { describeFailure } from '../../electron/cli/failure';
import { EXIT } from '../../electron/cli/exit-codes';
import { createDispatcher } from '../../electron/ipc/dispatch';
import { AppService } from '../../electron/services/app-service';
import { projectHash } from '../fuzz/project';
import { useTempDir } from '../support/temp';

const tempDir = useTempDir();
let app: AppService;
let logged: unknown[];
let dispatch: (method: string, input: unknown) => Promise<Result<any>>;
beforeEach(() => {
  const dir = tempDir();
  app = new AppService({ host: 'cli', dataDir: join(dir, 'data') });
  app.createProject(join(dir, 'study.weft'));
  logged = [];
  const d = createDispatcher(app.handlers, (_msg, err) => logged.push(err));
  dispatch = (method, input) => d(method, input) as Promise<Result<any>>;
});
afterEach(() => app.shutdown());

/** Writes `parts` (strings as Latin-1 bytes, numbers as single bytes) to a real file and reads it back, as a file chooser would. */
function cp1252File(name: string, ...parts: (string | number)[]): { name: string; base64: string } {
  const bytes = parts.flatMap((p) => (typeof p === 'number' ? [p] : [...p].map((c) => c.charCodeAt(0))));
  expect(bytes.every((b) => b < 0x100)).toBe(true);
  const path = join(tempDir(), name);
  writeFileSync(path, Uint8Array.from(bytes));
  return { name, base64: readFileSync(path).toString('base64') };
}

const LDQ = 0x93; // “ in Windows-1252 (a C1 control in Latin-1, invalid as UTF-8)
const RDQ = 0x94; // ”
const RSQ = 0x92; // ’
const EURO = 0x80; // €
const E_UML = 0xeb; // ë

async function ok(method: string, input: unknown) {
  const r = await dispatch(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

describe('a Windows-1252 CSV imports with the right characters through the one endpoint', () => {
  it('participants (the Cases panel and the Speakers dialog both send the bytes to participants.importCsv)', async () => {
    const file = cp1252File('participants-excel.csv', 'name;role;note\r\nZo', E_UML, ';coach;', LDQ, 'first', RDQ, ' ', EURO, '40\r\nBen;client;\r\n');
    const report = await ok('participants.importCsv', file);
    expect(report).toMatchObject({ nameColumn: 'name', created: 2, updated: 0, attributesCreated: ['role', 'note'] });
    const table = await ok('cases.table', {});
    expect(table.cases.map((c: { name: string }) => c.name).sort()).toEqual(['Ben', 'Zoë']);
    const note = table.attributes.find((a: { name: string }) => a.name === 'note')!;
    const zoe = table.cases.find((c: { name: string }) => c.name === 'Zoë')!;
    expect(zoe.values[note.id]).toBe('“first” €40');
    expect(JSON.stringify(table)).not.toContain('\ufffd');
  });

  it('codebook CSV (exchange.importCodebook; codes.importCsv is gone)', async () => {
    const file = cp1252File('codebook-excel.csv', 'category,code,definition\r\nFeelings,Zo', E_UML, RSQ, 's worry,', LDQ, 'worry', RDQ, ' about ', EURO, '\r\n');
    const outcome = await ok('exchange.importCodebook', { source: file });
    expect(outcome).toMatchObject({ format: 'csv', newCodes: ['Feelings', 'Feelings/Zoë’s worry'] });
    const codes = (await ok('codes.list', {})) as { name: string; definition: string }[];
    expect(codes.find((c) => c.name === 'Zoë’s worry')?.definition).toBe('“worry” about €');
    expect((await dispatch('codes.importCsv', file)).ok).toBe(false);
  });

  it('themes CSV (themes.importCsv takes bytes, not text)', async () => {
    const file = cp1252File('themes-excel.csv', 'theme,explanation\r\nZo', E_UML, 's way,', LDQ, 'small steps', RDQ, ' cost ', EURO, '0\r\n');
    const report = await ok('themes.importCsv', file);
    expect(report).toEqual({ created: ['Zoës way'], updated: [], problems: [] });
    const tree = await ok('themes.list', {});
    expect(tree.themes[0]).toMatchObject({ name: 'Zoës way', definition: '“small steps” cost €0' });
  });
});

describe('a bad file is refused once, at the door: VALIDATION, the file named, nothing written', () => {
  const utf8 = (name: string, text: string) => ({ name, base64: Buffer.from(text, 'utf8').toString('base64') });
  const cases: [string, string, unknown, RegExp][] = [
    ['participants: no name column', 'participants.importCsv', utf8('people.csv', 'age,role\n40,coach\n'), /^Cannot import “people\.csv”: .*name/],
    ['participants: not a number', 'participants.importCsv', { ...utf8('ages.csv', 'name,age\nAna,41\nBen,forty\n'), kinds: { age: 'number' } }, /^Cannot import “ages\.csv”: line 3 \(Ben\), column “age”: .*“forty” is not a number/],
    ['participants: unclosed quote', 'participants.importCsv', utf8('quote.csv', 'name,role\nAna,"coach\n'), /^Cannot import “quote\.csv”: line 2: .*never closed/],
    ['participants: binary', 'participants.importCsv', { name: 'photo.csv', base64: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]).toString('base64') }, /^Cannot import “photo\.csv”: /],
    ['codebook CSV: no code column', 'exchange.importCodebook', { source: utf8('weights.csv', 'colour,weight\n#fff,3\n') }, /^Cannot import “weights\.csv”: there is no column naming the codes/],
    ['codebook CSV: empty', 'exchange.importCodebook', { source: utf8('blank.csv', '\n\n') }, /^Cannot import “blank\.csv”: the file is empty/],
    ['themes CSV: no theme column', 'themes.importCsv', utf8('topics.csv', 'colour,explanation\nred,x\n'), /^Cannot import “topics\.csv”: there is no theme name column/],
    ['themes CSV: empty file', 'themes.importCsv', { name: 'none.csv', base64: '' }, /^Cannot import “none\.csv”: the file is empty/],
  ];
  for (const [label, method, input, message] of cases) {
    it(label, async () => {
      await ok('participants.importCsv', utf8('first.csv', 'name,age\nAna,41\n'));
      await ok('exchange.importCodebook', { source: utf8('first-codes.csv', 'code\nHope\n') });
      const before = projectHash(app.current().db);
      const r = await dispatch(method, input);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe('VALIDATION');
      expect(r.error.message).toMatch(message);
      expect(projectHash(app.current().db)).toBe(before);
      expect(logged).toEqual([]); // a user's bad file is not logged as a failure of Weft
    });
  }

  it('the CLI failure path maps the same errors once: the message naming the file, exit status 4', () => {
    const failure = describeFailure(new ThemeCsvError('topics.csv', 'there is no theme name column'), false);
    expect(failure).toEqual({ line: 'Cannot import “topics.csv”: there is no theme name column', exitCode: EXIT.invalid });
    expect(describeFailure(new ImportError('notes.txt', 'the file is empty (0 bytes)'), false).line).toBe('Cannot import “notes.txt”: the file is empty (0 bytes)');
    expect(new ImportError('a.csv', 'x')).toBeInstanceOf(UserInputError);
  });
});
