/** Cases, typed attributes, values on cases and documents, links, and CSV import/export. */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useProjectService } from '../../tests/support/project-service';
import { FIXTURES } from '../../tests/support/temp';

const { app } = useProjectService('cases.weft');

const h = () => app().handlers;

describe('cases and attributes', () => {
  it('creates, renames and deletes cases; names are unique', async () => {
    const ana = await h()['cases.create']({ name: 'Ana' });
    await expect(Promise.resolve().then(() => h()['cases.create']({ name: 'ana' }))).rejects.toThrow(/already a case called “ana”/);
    const renamed = await h()['cases.update']({ id: ana.id, patch: { name: 'Ana B', description: 'first coach' } });
    expect(renamed).toMatchObject({ name: 'Ana B', description: 'first coach' });
    await h()['cases.delete']({ id: ana.id });
    expect(await h()['cases.list']({})).toEqual([]);
  });

  it('checks values against the attribute kind and keeps category order', async () => {
    const c = await h()['cases.create']({ name: 'Ana' });
    const age = await h()['attributes.create']({ name: 'age', scope: 'case', kind: 'number' });
    const since = await h()['attributes.create']({ name: 'since', scope: 'case', kind: 'date' });
    const senior = await h()['attributes.create']({ name: 'senior', scope: 'case', kind: 'boolean' });
    const wave = await h()['attributes.create']({ name: 'wave', scope: 'case', kind: 'category', categories: ['T1', 'T2', 'T3'] });
    expect(await h()['cases.setAttribute']({ caseId: c.id, attributeId: age.id, value: ' 57 ' })).toBe('57');
    expect(() => h()['cases.setAttribute']({ caseId: c.id, attributeId: age.id, value: 'fifty' })).toThrow(/“fifty” is not a number/);
    expect(() => h()['cases.setAttribute']({ caseId: c.id, attributeId: since.id, value: '2024-02-30' })).toThrow(/not a date/);
    expect(await h()['cases.setAttribute']({ caseId: c.id, attributeId: senior.id, value: 'Yes' })).toBe('true');
    expect(await h()['cases.setAttribute']({ caseId: c.id, attributeId: wave.id, value: 't2' })).toBe('T2');
    expect(() => h()['cases.setAttribute']({ caseId: c.id, attributeId: wave.id, value: 'T4' })).toThrow(/not one of the categories \(T1, T2, T3\)/);
    expect(await h()['cases.setAttribute']({ caseId: c.id, attributeId: age.id, value: '' })).toBeNull();
    const table = await h()['cases.table']({});
    expect(table.cases[0]!.values).toEqual({ [senior.id]: 'true', [wave.id]: 'T2' });

    // reorder categories; removing one still in use is refused
    expect((await h()['attributes.update']({ id: wave.id, patch: { categories: ['T3', 'T2', 'T1'] } })).categories).toEqual(['T3', 'T2', 'T1']);
    expect(() => h()['attributes.update']({ id: wave.id, patch: { categories: ['T1', 'T3'] } })).toThrow(/not among the categories: T2/);
    // changing kind checks every value
    expect(() => h()['attributes.update']({ id: wave.id, patch: { kind: 'number' } })).toThrow(/1 value would not fit \(T2\)/);
    const asText = await h()['attributes.update']({ id: wave.id, patch: { kind: 'text', name: 'Wave' } });
    expect(asText).toMatchObject({ kind: 'text', name: 'Wave', categories: [] });
    const back = await h()['attributes.update']({ id: wave.id, patch: { kind: 'category' } });
    expect(back.categories).toEqual(['T2']);
  });

  it('refuses a case attribute on a document and vice versa', async () => {
    const role = await h()['attributes.create']({ name: 'role', scope: 'case', kind: 'text' });
    await expect(Promise.resolve().then(() => h()['attributes.create']({ name: 'Role', scope: 'case', kind: 'text' }))).rejects.toThrow(/already a case attribute/);
    const time = await h()['attributes.create']({ name: 'role', scope: 'document', kind: 'text' });
    expect(time.scope).toBe('document');
    const doc = await h()['documents.importPaths']({ paths: [join(FIXTURES, 'coaching-study/transcripts/lea-windows.txt')] });
    const documentId = doc.files[0]!.documentId!;
    expect(() => h()['documents.setAttribute']({ documentId, attributeId: role.id, value: 'x' })).toThrow(/is a case attribute; it cannot be set on a document/);
    expect(await h()['documents.setAttribute']({ documentId, attributeId: time.id, value: 'interview' })).toBe('interview');
    expect((await h()['cases.table']({})).documents[0]!.values).toEqual({ [time.id]: 'interview' });
  });

  it('links documents and speakers to cases and marks the interviewer', async () => {
    const report = await h()['documents.importPaths']({ paths: [join(FIXTURES, 'coaching-study/transcripts/lea-windows.txt')] });
    const documentId = report.files[0]!.documentId!;
    const lea = await h()['cases.create']({ name: 'Lea' }); // links the speaker named Lea
    let table = await h()['cases.table']({});
    const speakers = table.documents[0]!.speakers;
    expect(speakers.find((s) => s.label === 'Lea')!.caseId).toBe(lea.id);
    const interviewer = speakers.find((s) => s.label === 'Interviewer')!;
    await h()['speakers.link']({ speakerId: interviewer.id, isInterviewer: true });
    await h()['cases.linkDocument']({ caseId: lea.id, documentId, linked: true });
    table = await h()['cases.table']({});
    expect(table.documents[0]!.speakers.find((s) => s.label === 'Interviewer')).toMatchObject({ isInterviewer: true, caseId: null });
    expect(table.cases[0]!.documentIds).toEqual([documentId]);
    expect(table.documents[0]!.caseIds).toEqual([lea.id]);
    await h()['cases.linkDocument']({ caseId: lea.id, documentId, linked: false });
    await h()['speakers.link']({ speakerId: speakers.find((s) => s.label === 'Lea')!.id, caseId: null });
    table = await h()['cases.table']({});
    expect(table.cases[0]!.documentIds).toEqual([]);
    expect(table.documents[0]!.speakers.find((s) => s.label === 'Lea')!.caseId).toBeNull();
  });

  it('imports the participants CSV, links speakers, and exports it back', async () => {
    await h()['documents.importPaths']({ paths: [join(FIXTURES, 'coaching-study/transcripts/lea-windows.txt')] });
    const bytes = readFileSync(join(FIXTURES, 'coaching-study/participants.csv'));
    const report = await h()['participants.importCsv']({ name: 'participants.csv', base64: bytes.toString('base64') });
    expect(report).toMatchObject({ nameColumn: 'name', created: 16, updated: 0, attributesCreated: ['role', 'age', 'gender'], linkedSpeakers: 1 });
    const attrs = await h()['attributes.list']({});
    expect(attrs.map((a) => [a.name, a.kind, a.categories])).toEqual([
      ['role', 'category', ['client', 'coach']],
      ['age', 'number', []],
      ['gender', 'category', ['F', 'M']],
    ]);
    const out = await h()['cases.exportCsv']({});
    const lines = out.csv.trim().split('\r\n');
    expect(lines[0]).toBe('name,role,age,gender');
    expect(lines).toContain('Dan,coach,58,M');
    expect(lines).toHaveLength(17);

    // importing again updates, and a bad value anywhere writes nothing
    const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
    const again = await h()['participants.importCsv']({ name: 'p.csv', base64: b64('name,age\nDan,58\nNew person,40\n') });
    expect(again).toMatchObject({ created: 1, updated: 1, attributesCreated: [] });
    expect(() => h()['participants.importCsv']({ name: 'bad.csv', base64: b64('name,age\nDan,59\nEve,old\n') })).toThrow(
      expect.objectContaining({ file: 'bad.csv', message: expect.stringMatching(/^line 3 \(Eve\), column “age”: Cannot set “age”: “old” is not a number/) }),
    );
    const dan = (await h()['cases.table']({})).cases.find((c) => c.name === 'Dan')!;
    expect(dan.values[attrs[1]!.id]).toBe('58');
    expect((await h()['cases.list']({})).some((c) => c.name === 'Eve')).toBe(false);
  });
});
