/**
 * Opening a project and looking at it writes nothing: every read the window makes when a project
 * opens (and when its views are first shown) leaves every row of the file as it was. The coder
 * working now is added by their first change, not by a list of their recent codes.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppService } from '../../electron/services/app-service';
import { projectFileHash } from '../fuzz/project';
import { writeLargeProject } from '../support/large-project';
import { callsAndEvents } from '../support/project-service';
import { useTempDir } from '../support/temp';

// what the window asks for when a project opens and its views are first shown (renderer/store)
const READS: Array<[string, unknown]> = [
  ['project.current', {}], ['documents.list', {}], ['codes.list', {}], ['codes.recent', {}], ['undo.state', {}],
  ['team.identity', {}], ['team.coders', {}], ['phases.get', {}], ['themes.list', {}], ['themeMap.get', {}],
  ['cases.list', {}], ['memos.list', {}], ['sets.list', {}], ['settings.quoteAttributes', {}],
  ['settings.excludeInterviewer', {}], ['sync.status', {}], ['project.storage', {}], ['backups.list', {}],
  ['analysis.options', {}],
];

describe('looking at a project', () => {
  const tempDir = useTempDir();

  it('opening it and every read the window makes first leave every row as it was', async () => {
    const dir = tempDir();
    const path = join(dir, 'Study.weft');
    writeLargeProject(path, { documents: 3, words: 200, codings: 4 });
    const before = projectFileHash(path);

    const app = new AppService({ host: 'browser', dataDir: join(dir, 'data') });
    try {
      const { call } = callsAndEvents(app);
      await call('project.open', { path });
      const [first] = await call<Array<{ id: number }>>('documents.list');
      for (const [method, input] of READS) await call(method, input);
      await call('documents.get', { id: first!.id });
      await call('codings.forDocument', { documentId: first!.id });
      // the current coder (“me” until the researcher says) has no codes yet, so none is recent
      expect(await call('codes.recent')).toEqual([]);
    } finally {
      app.shutdown();
    }
    expect(projectFileHash(path)).toBe(before);
  });

  it('the first change adds the coder, and their recent codes follow it', async () => {
    const dir = tempDir();
    const path = join(dir, 'Study.weft');
    writeLargeProject(path, { documents: 2, words: 200, codings: 1 });
    const app = new AppService({ host: 'browser', dataDir: join(dir, 'data') });
    try {
      const { call } = callsAndEvents(app);
      await call('project.open', { path });
      const [doc] = await call<Array<{ id: number }>>('documents.list');
      const codes = await call<Array<{ id: number }>>('codes.list');
      await call('codings.create', { documentId: doc!.id, codeId: codes[0]!.id, start: 0, end: 5 });
      expect(await call('codes.recent')).toEqual([codes[0]!.id]);
      expect((await call<Array<{ name: string }>>('team.coders')).map((c) => c.name)).toContain('me');
    } finally {
      app.shutdown();
    }
  });
});
