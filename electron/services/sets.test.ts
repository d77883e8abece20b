/** The document list's sets (sets.list, sets.addDocuments) and the Participants dialog's bulk actions on speakers (speakers.bulk). */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useProjectService } from '../../tests/support/project-service';
import { FIXTURES } from '../../tests/support/temp';

const { app } = useProjectService('sets.weft');

const h = () => app().handlers;
const importTwo = async () => {
  const r = await h()['documents.importPaths']({
    paths: [join(FIXTURES, 'coaching-study/transcripts/lea-windows.txt'), join(FIXTURES, 'coaching-study/transcripts/samantha-otter.txt')],
  });
  return r.files.map((f) => f.documentId!);
};

describe('document sets', () => {
  it('adds documents to a new set and to an existing one, once each; refuses what does not exist, writing nothing', async () => {
    const [a, b] = await importTwo();
    const first = await h()['sets.addDocuments']({ documentIds: [a!], newSetName: ' Early ' });
    expect(first).toMatchObject({ name: 'Early', documentIds: [a] });
    expect((await h()['sets.addDocuments']({ documentIds: [a!, b!], setId: first.id })).documentIds).toEqual([a, b].sort((x, y) => x! - y!));
    expect(() => h()['sets.addDocuments']({ documentIds: [a!, 99999], newSetName: 'Never' })).toThrow(/no document with id 99999/);
    expect(() => h()['sets.addDocuments']({ documentIds: [a!], setId: 4242 })).toThrow(/no set with id 4242/);
    expect((await h()['sets.list']({})).map((s) => s.name)).toEqual(['Early']);
  });
});

describe('bulk actions on speakers', () => {
  it('links by name (ignoring case), creates participants for the unlinked, marks the interviewer, unlinks; counts only what changed', async () => {
    await importTwo();
    const speakers = () => app().current().db.prepare('SELECT s.id, s.label, c.name AS participant, s.is_interviewer AS iv FROM speakers s LEFT JOIN cases c ON c.id = s.case_id ORDER BY s.id').all() as { id: number; label: string; participant: string | null; iv: number }[];
    const all = speakers();
    const ids = all.map((s) => s.id);
    expect(all.length).toBeGreaterThan(2);
    const lea = all.find((s) => s.label === 'Lea')!;
    app().current().db.prepare("INSERT INTO cases (guid, name, description, created_at, updated_at) VALUES ('g-lea', 'LEA', '', '', '')").run();
    expect((await h()['speakers.bulk']({ speakerIds: ids, action: 'linkByName' })).changed).toBe(1);
    expect(speakers().find((s) => s.id === lea.id)!.participant).toBe('LEA');
    const unlinked = speakers().filter((s) => s.participant === null && !s.iv);
    expect((await h()['speakers.bulk']({ speakerIds: ids, action: 'createParticipants' })).changed).toBe(unlinked.length);
    expect(speakers().every((s) => s.participant !== null || s.iv)).toBe(true);
    const iv = speakers().find((s) => !s.iv && s.id !== lea.id)!;
    expect((await h()['speakers.bulk']({ speakerIds: [iv.id], action: 'interviewer' })).changed).toBe(1);
    expect(speakers().find((s) => s.id === iv.id)).toMatchObject({ participant: null, iv: 1 });
    expect((await h()['speakers.bulk']({ speakerIds: [iv.id, lea.id], action: 'unlink' })).changed).toBe(2);
    expect(speakers().find((s) => s.id === lea.id)).toMatchObject({ participant: null, iv: 0 });
    const before = speakers();
    expect(() => h()['speakers.bulk']({ speakerIds: [lea.id, 987654], action: 'interviewer' })).toThrow(/no speaker with id 987654/);
    expect(speakers()).toEqual(before);
  });
});
