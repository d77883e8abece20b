import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ProjectSession } from '../../electron/services/project-session';
import { insertDocument } from '../../electron/services/documents';
import { createCode } from '../../electron/services/codes';
import { parsePlainText } from '../../shared/import/plain-text';
import { REPO, useTempDir } from '../support/temp';

const tempDir = useTempDir();

describe('crash safety', () => {
  it('a SIGKILL mid-transaction leaves the file consistent with every committed coding present', async () => {
    const path = join(tempDir(), 'crash.weft');
    const setup = ProjectSession.create(path, 'Setup');
    const { documentId, codeId } = setup.transaction(() => ({
      documentId: insertDocument(setup.db, parsePlainText('x'.repeat(5000), 'UTF-8'), { name: 'Doc', sourceName: null, coderId: null }),
      codeId: createCode(setup.db, { name: 'Code' }).id,
    }));
    setup.close();

    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/store/crash-writer.ts', path, String(documentId), String(codeId), '200'], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const committed: string[] = [];
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    for await (const line of createInterface({ input: child.stdout! })) {
      if (line.startsWith('committed ')) committed.push(line.slice('committed '.length));
      if (line === 'in-transaction') {
        child.kill('SIGKILL');
        break;
      }
    }
    expect(await exited).toBe('SIGKILL');
    expect(committed).toHaveLength(200);

    const db = new Database(path);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const guids = new Set(db.prepare('SELECT guid FROM codings').pluck().all() as string[]);
    for (const g of committed) expect(guids.has(g)).toBe(true);
    expect(db.prepare("SELECT count(*) FROM codings WHERE guid LIKE 'uncommitted-%'").pluck().get()).toBe(0);
    db.close();
  });
});
