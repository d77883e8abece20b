/**
 * The project lock: every door (the app, browser mode, a writing `weft` command) takes it before
 * it changes a project, so two doors never write one file at once.
 *
 * The lock is a small JSON file beside the project, `<file>.weft.lock`, holding who has the
 * project open (process id, machine, door, user, since when). It is created atomically (the `wx`
 * flag: creation fails when it exists) and removed when the project is closed or the process exits.
 * A lock left behind by a process that is gone (same machine, process not alive) is taken over; a
 * lock written on another machine (a shared or synced folder) is respected, since its process
 * cannot be checked from here.
 */
import { randomUUID } from 'node:crypto';
import { accessSync, constants, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync, linkSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import type { LockHolder, ProjectDoor } from '../../shared/types/entities.js';

export const lockPathOf = (projectPath: string) => `${projectPath}.lock`;

interface LockFile extends LockHolder {
  /** Tells this lock from a later one by the same process. */
  token: string;
}

export type LockOutcome =
  /** `tookOverStale`: a lock left behind by a process that is gone was taken over (the project was not closed cleanly). */
  | { kind: 'acquired'; lock: ProjectLock; tookOverStale: boolean }
  | { kind: 'held'; holder: LockHolder }
  | { kind: 'not-writable'; detail: string };

/** A lock file written less than this long ago but not yet readable is being written right now. */
const YOUNG_MS = 10_000;

/** Locks this process holds, released when it exits. */
const held = new Set<ProjectLock>();
let exitHookInstalled = false;

export class ProjectLock {
  private released = false;
  constructor(
    readonly path: string,
    readonly holder: LockHolder,
    private readonly token: string,
  ) {}

  /** Removes the lock file (only if it is still ours). */
  release() {
    if (this.released) return;
    this.released = true;
    held.delete(this);
    try {
      const current = JSON.parse(readFileSync(this.path, 'utf8')) as Partial<LockFile>;
      if (current.token === this.token) unlinkSync(this.path);
    } catch {
      // already gone, or replaced by someone else: nothing of ours to remove
    }
  }
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return '';
  }
}

/** Whether a process with this id runs on this machine (EPERM: it does, under another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(path: string): LockFile | 'unreadable' | 'gone' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : 'unreadable';
  }
  try {
    const v = JSON.parse(text) as Partial<LockFile>;
    if (typeof v.pid === 'number' && typeof v.hostname === 'string') {
      return {
        pid: v.pid,
        hostname: v.hostname,
        door: v.door === 'cli' || v.door === 'browser' ? v.door : 'app',
        user: typeof v.user === 'string' ? v.user : '',
        startedAt: typeof v.startedAt === 'string' ? v.startedAt : '',
        token: typeof v.token === 'string' ? v.token : '',
      };
    }
  } catch {
    // fall through: not (yet) a complete lock
  }
  return 'unreadable';
}

function isStale(path: string, lock: LockFile | 'unreadable'): boolean {
  if (lock === 'unreadable') {
    try {
      return Date.now() - statSync(path).mtimeMs > YOUNG_MS;
    } catch {
      return true;
    }
  }
  return lock.hostname === hostname() && !processAlive(lock.pid);
}

/**
 * Takes over a stale lock: moves it aside under a name only we use (rename is atomic, so of two
 * processes taking over at once only one succeeds), and puts it back if what we moved was not the
 * stale lock after all.
 */
function removeStale(path: string, seen: LockFile | 'unreadable'): void {
  const aside = `${path}.${process.pid}.${randomUUID()}.stale`;
  try {
    renameSync(path, aside);
  } catch {
    return; // someone else took it over first
  }
  const moved = readLock(aside);
  const same = seen === 'unreadable' ? moved === 'unreadable' : moved !== 'unreadable' && moved !== 'gone' && moved.token === seen.token && moved.pid === seen.pid;
  if (!same) {
    try {
      linkSync(aside, path); // a fresh lock: put it back (fails if yet another one appeared)
    } catch {
      // the newer lock wins
    }
  }
  rmSync(aside, { force: true });
}

const withoutToken = ({ token: _token, ...holder }: LockFile): LockHolder => holder;

const unknownHolder = (): LockHolder => ({ pid: 0, hostname: 'another computer or process', door: 'app', user: '', startedAt: new Date().toISOString() });

/**
 * Takes the project lock for `door`, or says who holds it, or that the project cannot be written
 * (the file or its folder is read-only). Never throws for a lock that exists.
 */
export function acquireProjectLock(projectPath: string, door: ProjectDoor): LockOutcome {
  try {
    accessSync(projectPath, constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') return { kind: 'not-writable', detail: code === 'EROFS' ? 'it is on read-only media' : 'you do not have permission to change it' };
  }
  const path = lockPathOf(projectPath);
  let tookOverStale = false;
  for (let attempt = 0; attempt < 5; attempt++) {
    const token = randomUUID();
    const holder: LockHolder = { pid: process.pid, hostname: hostname(), door, user: currentUser(), startedAt: new Date().toISOString() };
    try {
      writeFileSync(path, `${JSON.stringify({ ...holder, token } satisfies LockFile)}\n`, { flag: 'wx' });
      const lock = new ProjectLock(path, holder, token);
      held.add(lock);
      installExitHook();
      return { kind: 'acquired', lock, tookOverStale };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EROFS') return { kind: 'not-writable', detail: 'it is on read-only media' };
      if (code === 'EACCES' || code === 'EPERM') return { kind: 'not-writable', detail: 'its folder cannot be written' };
      if (code !== 'EEXIST') throw err;
    }
    const existing = readLock(path);
    if (existing === 'gone') continue;
    if (isStale(path, existing)) {
      removeStale(path, existing);
      tookOverStale = true;
      continue;
    }
    if (existing === 'unreadable') return { kind: 'held', holder: unknownHolder() };
    return { kind: 'held', holder: withoutToken(existing) };
  }
  const last = readLock(path);
  return { kind: 'held', holder: last === 'gone' || last === 'unreadable' ? unknownHolder() : withoutToken(last) };
}

/** Who holds the project now (null: nobody, or only a stale lock). */
export function projectLockHolder(projectPath: string): LockHolder | null {
  const path = lockPathOf(projectPath);
  const existing = readLock(path);
  if (existing === 'gone' || isStale(path, existing)) return null;
  if (existing === 'unreadable') return unknownHolder();
  return withoutToken(existing);
}

function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const lock of [...held]) lock.release();
  });
}
