/** One open project file: its database connection and the coder working in it. */
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { ProjectInfo } from '../../shared/types/entities.js';
import { createProjectFile, openProjectFile, readMeta, type DB } from '../db/connection.js';

export const nowIso = () => new Date().toISOString();
export const newGuid = () => randomUUID();

export class ProjectSession {
  private coderIdCache: number | null = null;

  private constructor(
    readonly db: DB,
    readonly path: string,
    public coderName: string,
  ) {}

  static create(path: string, coderName: string): ProjectSession {
    return new ProjectSession(createProjectFile(path), path, coderName);
  }

  static open(path: string, coderName: string, options: { readonly?: boolean } = {}): ProjectSession {
    return new ProjectSession(openProjectFile(path, options), path, coderName);
  }

  info(): ProjectInfo {
    const meta = readMeta(this.db);
    return {
      path: this.path,
      name: meta.name ?? basename(this.path),
      guid: meta.guid ?? '',
      schemaVersion: this.db.pragma('user_version', { simple: true }) as number,
    };
  }

  /** The id of the current coder in this project, created on first use. */
  coderId(): number {
    if (this.coderIdCache !== null) return this.coderIdCache;
    this.coderIdCache = ensureCoder(this.db, this.coderName);
    return this.coderIdCache;
  }

  setCoder(name: string) {
    this.coderName = name;
    this.coderIdCache = null;
  }

  /** Runs `fn` in one transaction: all of it is written, or none of it. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  close() {
    if (this.db.open) this.db.close();
  }
}

export function ensureCoder(db: DB, name: string): number {
  const existing = db.prepare('SELECT id FROM coders WHERE name = ?').pluck().get(name) as number | undefined;
  if (existing !== undefined) return existing;
  return Number(
    db
      .prepare('INSERT INTO coders (guid, name, created_at) VALUES (?, ?, ?)')
      .run(newGuid(), name, nowIso()).lastInsertRowid,
  );
}
