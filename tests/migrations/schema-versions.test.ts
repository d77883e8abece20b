/**
 * Files of every earlier project format (tests/fixtures/schema-versions/vN.weft, written by
 * make.ts from study.ts): each is upgraded with all its data, read without being changed, and
 * merged into a current project; before an in-place upgrade a copy of the file is kept.
 * The committed files are never opened in place: each test works on a copy.
 */
import { spawnSync } from 'node:child_process';
import type Database from 'better-sqlite3';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, useTempDir } from '../support/temp';
import { databaseFromImage } from '../../electron/db/inspect';
import { latestSchemaVersion } from '../../electron/db/migrator';
import { acquireProjectLock } from '../../electron/db/project-lock';
import { ProjectSession } from '../../electron/services/project-session';
import { AppService } from '../../electron/services/app-service';
import { upgradeNotice } from '../../shared/domain/project-upgrade';
import { projectSummary } from '../../electron/services/summary';
import { checkProjectFile } from '../../electron/services/project-check';
import { loadIncoming } from '../../electron/services/team/load';
import { mergeIncoming } from '../../electron/services/team/merge';
import { fixturePath } from '../fixtures/schema-versions/make';
import { STUDY_COUNTS, STUDY_GUID } from '../fixtures/schema-versions/study';

const tempDir = useTempDir();
const EARLIER = Array.from({ length: latestSchemaVersion() - 1 }, (_, i) => i + 1);
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

function weft(args: string[], dataDir: string) {
  const r = spawnSync(process.execPath, [join(REPO, 'bin/weft.mjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, WEFT_DATA_DIR: dataDir, WEFT_CODER: 'Ana' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A copy of the committed file of format `v`, in a fresh folder. */
function copyOf(v: number): { dir: string; path: string } {
  const dir = tempDir();
  const path = join(dir, `study-v${v}.weft`);
  copyFileSync(fixturePath(v), path);
  return { dir, path };
}

/** Every row of every table of the file (but the full-text index SQLite keeps itself), read from a private copy. */
function rowsOf(path: string): Map<string, { columns: string[]; rows: string[] }> {
  const db = databaseFromImage(readFileSync(path), { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'documents_fts%' ORDER BY name").pluck().all() as string[];
    return new Map(
      tables.map((t) => {
        const columns = (db.pragma(`table_info("${t}")`) as { name: string }[]).map((c) => c.name);
        return [t, { columns, rows: rowsIn(db, t, columns) }];
      }),
    );
  } finally {
    db.close();
  }
}

const rowsIn = (db: Database.Database, table: string, columns: string[]) =>
  (db.prepare(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${table}"`).raw().all() as unknown[][]).map((r) => JSON.stringify(r)).sort();

describe('project files of every earlier format', () => {
  it('exist for every format before this one (npm run migrations:fixtures writes a missing one)', () => {
    const missing = EARLIER.filter((v) => !existsSync(fixturePath(v)));
    expect(missing, `tests/fixtures/schema-versions/ lacks ${missing.map((v) => `v${v}.weft`).join(', ')}: run “npm run migrations:fixtures” and commit the file`).toEqual([]);
    for (const v of EARLIER) {
      const db = databaseFromImage(readFileSync(fixturePath(v)), { readonly: true });
      expect(db.pragma('user_version', { simple: true })).toBe(v);
      db.close();
    }
  });

  it.each(EARLIER)('v%i.weft is upgraded to this format with every row intact, after a backup of it as it was', (v) => {
    const { dir, path } = copyOf(v);
    const before = rowsOf(path);
    const s = ProjectSession.open(path, 'Ana', { backupsDir: join(dir, 'backups') });
    try {
      expect(s.db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion());
      expect(s.upgrade).toMatchObject({ from: v, to: latestSchemaVersion() });
      expect(projectSummary(s.db)).toMatchObject(STUDY_COUNTS);
      // Every row of every table the old file had is still there, column for column.
      for (const [table, { columns, rows }] of before) expect(rowsIn(s.db, table, columns), table).toEqual(rows);
      // The full-text index covers the old documents (built by migration 4 for files older than it).
      expect(s.db.prepare("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'homework'").pluck().get()).toBe(2);
    } finally {
      s.close();
    }
    // The copy kept before the upgrade is the old file: it opens, at its format, with its data.
    const copy = s.upgrade!.copy;
    expect(copy.startsWith(join(dir, 'backups'))).toBe(true);
    const old = rowsOf(copy);
    expect(databaseFromImage(readFileSync(copy), { readonly: true }).pragma('user_version', { simple: true })).toBe(v);
    expect([...old.keys()]).toEqual([...before.keys()]);
    for (const [table, { rows }] of before) expect(old.get(table)!.rows, table).toEqual(rows);
  });

  it('the app opening an older file is told it was upgraded and where the backup of it as it was is', () => {
    const { dir, path } = copyOf(4);
    const app = new AppService({ host: 'cli', dataDir: join(dir, 'data') });
    try {
      const info = app.openProject(path);
      expect(info.schemaVersion).toBe(latestSchemaVersion());
      expect(info.upgraded).toMatchObject({ from: 4, to: latestSchemaVersion() });
      expect(info.upgraded!.copy.startsWith(join(dir, 'data', 'backups'))).toBe(true);
      expect(upgradeNotice('study-v4.weft', info.upgraded!)).toContain(info.upgraded!.copy);
      // Opened again, the file is up to date: nothing to tell.
      app.closeProject();
      expect(app.openProject(path).upgraded).toBeUndefined();
    } finally {
      app.shutdown();
    }
  });

  it.each(EARLIER)('v%i.weft upgraded passes weft check', async (v) => {
    const { path } = copyOf(v);
    ProjectSession.open(path, 'Ana', { backupsDir: join(tempDir(), 'backups') }).close();
    const report = await checkProjectFile(path);
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
  });

  it('weft check --repair on an older file keeps the copy of it as it was, before upgrading and repairing it', async () => {
    const { path } = copyOf(2);
    // An orphan: a memo on a coding that no longer exists (what --repair removes).
    const raw = databaseFromImage(readFileSync(path), { readonly: false });
    raw.pragma('foreign_keys = OFF');
    raw.prepare("INSERT INTO memos (guid, body, coding_id, created_at, updated_at) VALUES ('orphan', 'lost', 999, 'now', 'now')").run();
    writeFileSync(path, raw.serialize());
    raw.close();
    const report = await checkProjectFile(path, { repair: true });
    expect(report.ok).toBe(true);
    const copy = databaseFromImage(readFileSync(report.backup!), { readonly: true });
    expect(copy.pragma('user_version', { simple: true })).toBe(2);
    expect(copy.prepare("SELECT count(*) FROM memos WHERE guid = 'orphan'").pluck().get()).toBe(1);
    copy.close();
  });

  it('keeps a copy beside the file when no backups are kept, and says where', () => {
    const { dir, path } = copyOf(1);
    const s = ProjectSession.open(path, 'Ana');
    s.close();
    expect(s.upgrade?.copy).toMatch(/study-v1\.before-upgrade-.+\.weft$/);
    expect(readdirSync(dir)).toContain(s.upgrade!.copy.slice(dir.length + 1));
    expect(databaseFromImage(readFileSync(s.upgrade!.copy), { readonly: true }).pragma('user_version', { simple: true })).toBe(1);
  });

  it.each(EARLIER)('v%i.weft opened read-only is read from a copy upgraded in memory; the file is not changed', (v) => {
    const { dir, path } = copyOf(v);
    const hash = sha256(path);
    const s = ProjectSession.open(path, 'Ana', { readonly: true });
    try {
      expect(s.upgrade).toBeNull();
      expect(projectSummary(s.db)).toMatchObject(STUDY_COUNTS);
      expect(() => s.db.prepare("INSERT INTO coders (guid, name, created_at) VALUES ('x', 'x', 'x')").run()).toThrow(/readonly/);
    } finally {
      s.close();
    }
    expect(sha256(path)).toBe(hash);
    expect(readdirSync(dir)).toEqual([`study-v${v}.weft`]);
  });

  it('an older file that another door holds is opened read-only by the app, read from a copy upgraded in memory', () => {
    const { path } = copyOf(3);
    const hash = sha256(path);
    const held = acquireProjectLock(path, 'cli');
    if (held.kind !== 'acquired') throw new Error('the test could not take the lock');
    try {
      const s = ProjectSession.openForDoor(path, 'Ana', 'app', 'read-only');
      try {
        expect(s.readOnly?.reason).toBe('in-use');
        expect(projectSummary(s.db)).toMatchObject(STUDY_COUNTS);
      } finally {
        s.close();
      }
      expect(() => ProjectSession.openForDoor(path, 'Ana', 'app', 'refuse')).toThrow(/in use/);
    } finally {
      held.lock.release();
    }
    expect(sha256(path)).toBe(hash);
  });

  it('weft summary (a reading command) reads an older file without changing it or saying anything', () => {
    const { dir, path } = copyOf(1);
    const hash = sha256(path);
    const r = weft(['summary', path, '--json'], join(dir, 'data'));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject(STUDY_COUNTS);
    expect(sha256(path)).toBe(hash);
    expect(readdirSync(dir).filter((f) => f.startsWith('study'))).toEqual(['study-v1.weft']);
  });

  it('a writing command upgrades an older file and says on stderr where the copy of it as it was is', () => {
    const { dir, path } = copyOf(2);
    const csv = join(dir, 'themes.csv');
    writeFileSync(csv, 'name,definition\nDoubt as a pause,Doubt marks where clients stop and reconsider\n');
    const r = weft(['import-themes', path, csv], join(dir, 'data'));
    expect(r.code).toBe(0);
    const notice = /was saved by an older version of Weft and has been upgraded \(project format 2 to (\d+)\); a copy of the file as it was is kept at “(.+)”\./.exec(r.err);
    expect(notice, r.err).not.toBeNull();
    expect(Number(notice![1])).toBe(latestSchemaVersion());
    const copy = notice![2]!;
    expect(copy.startsWith(join(dir, 'data', 'backups'))).toBe(true);
    const old = databaseFromImage(readFileSync(copy), { readonly: true });
    expect(old.pragma('user_version', { simple: true })).toBe(2);
    expect(old.prepare('SELECT count(*) FROM themes').pluck().get()).toBe(STUDY_COUNTS.themes);
    expect(old.prepare("SELECT value FROM project_meta WHERE key = 'guid'").pluck().get()).toBe(STUDY_GUID);
    old.close();
    // A second command finds the file up to date and says nothing more.
    expect(weft(['summary', path, '--json'], join(dir, 'data')).err).toBe('');
  });

  it.each(EARLIER)('v%i.weft merges into a current project with all its data, and is not changed', async (v) => {
    const { dir, path: other } = copyOf(v);
    const hash = sha256(other);
    const s = ProjectSession.create(join(dir, 'current.weft'), 'Ana');
    try {
      const first = mergeIncoming(s.db, await loadIncoming(other, s.path, 'Ana'));
      expect(first.summary.added).toMatchObject({ documents: 2, codings: STUDY_COUNTS.codings });
      // The current project's own coder (Ana) is matched by name, the rest added.
      expect(projectSummary(s.db)).toMatchObject(STUDY_COUNTS);
      const again = mergeIncoming(s.db, await loadIncoming(other, s.path, 'Ana'));
      expect(again.summary.added).toMatchObject({ documents: 0, codings: 0 });
    } finally {
      s.close();
    }
    expect(sha256(other)).toBe(hash);
  });

  it('weft merge brings an older file into a current project', () => {
    const { dir, path: other } = copyOf(1);
    const data = join(dir, 'data');
    const current = join(dir, 'current.weft');
    expect(weft(['new', current], data).code).toBe(0);
    const r = weft(['merge', current, other, '--json'], data);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).added).toMatchObject({ documents: 2, codings: STUDY_COUNTS.codings });
    expect(JSON.parse(weft(['summary', current, '--json'], data).out)).toMatchObject(STUDY_COUNTS);
  });
});
