/**
 * The team server in the service (issue 17): what the `sync.*` API methods do for the open
 * project of one door (the window's, browser mode's). One `ProjectSync` follows the open project
 * while it is synced; its status is pushed as the event `sync.status`.
 */
import { DomainError } from '../../../shared/api/errors.js';
import type { ApiEvent } from '../../../shared/api/events.js';
import type { ProjectInfo } from '../../../shared/types/entities.js';
import { NOT_SYNCED, type ServerProject, type SyncConflict, type SyncResult, type SyncStatus } from '../../../shared/sync/status.js';
import type { ProjectSession } from '../project-session.js';
import type { SettingsStore } from '../settings.js';
import { historyOf } from '../undo.js';
import { joinInto, listServerProjects, ProjectSync, publish, setMember, signIn, signOut } from './client.js';
import { newProjectPath } from '../new-project-path.js';
import type { ProjectRole } from '../../../shared/sync/protocol.js';
import { replicaOf, syncActor } from './replica-of.js';
import type { TokenStore } from './tokens.js';

export interface AppSyncHost {
  door: string;
  tokens: TokenStore;
  settings: SettingsStore;
  current(): ProjectSession;
  currentOrNull(): ProjectSession | null;
  /** Opens a project file as the open project (the previous one is closed). */
  openProject(path: string): ProjectInfo;
  emit(event: ApiEvent): void;
}

export class AppSync {
  private follower: ProjectSync | null = null;
  private followed: ProjectSession | null = null;
  /** A read-only session's synced file, read but never synced here (the door holding it syncs it). */
  private reader: { session: ProjectSession; sync: ProjectSync } | null = null;

  constructor(private readonly host: AppSyncHost) {}

  /** Whether this machine syncs the project at `path` by itself (on unless turned off here). */
  private autoFor(path: string): boolean {
    return !(this.host.settings.get().syncAutoOff ?? []).includes(path);
  }

  /** A project was opened (or reopened): follow it when it is synced. */
  opened(session: ProjectSession) {
    this.closed();
    if (session.readOnly) return; // read, never synced, here: `readable`
    let replica;
    try {
      replica = replicaOf(session);
      if (!replica.link()) return;
    } catch {
      return; // a file without the change log is simply not synced
    }
    this.follow(session, replica);
  }

  private follow(session: ProjectSession, replica = replicaOf(session)): ProjectSync {
    syncActor(session);
    const sync = new ProjectSync(replica, {
      tokens: this.host.tokens,
      auto: this.autoFor(session.path),
      usable: () => this.followed === session && session.db.open && !session.readOnly,
      hasUndoHistory: () => {
        if (!session.db.open) return false;
        const s = historyOf(session.db).state();
        return s.canUndo || s.canRedo;
      },
      onStatus: (status, received) => this.host.emit({ type: 'sync.status', payload: { path: session.path, status, received } }),
    });
    this.follower = sync;
    this.followed = session;
    sync.start();
    return sync;
  }

  /** The open project is closing: stop following it (a sync in flight writes nothing more). */
  closed() {
    this.follower?.stop();
    this.follower = null;
    this.followed = null;
    this.reader = null;
  }

  /**
   * The one way to read the open project's sync state (status, conflicts, the link): the followed
   * project's, or a read-only session's own file, read without writing anything (no actor, no
   * timers, nothing applied). null: the open project is not synced.
   */
  private readable(): ProjectSync | null {
    const session = this.host.currentOrNull();
    if (!session) return null;
    if (this.follower && this.followed === session) return this.follower;
    if (!session.readOnly) return null;
    if (this.reader?.session !== session) {
      let replica;
      try {
        replica = replicaOf(session);
        if (!replica.link()) return null;
      } catch {
        return null; // a file without the change log is simply not synced
      }
      const sync = new ProjectSync(replica, { tokens: this.host.tokens, auto: this.autoFor(session.path), usable: () => false, readable: () => session.db.open });
      this.reader = { session, sync };
    }
    return this.reader.sync;
  }

  /** After every call and every change made elsewhere: push a local change shortly. */
  changed() {
    if (!this.follower || !this.followed) return;
    try {
      syncActor(this.followed); // who is coding may have changed: the author of what follows
    } catch {
      // closing
    }
    this.follower.changed();
  }

  private following(): ProjectSync {
    const session = this.host.current();
    if (this.follower && this.followed === session) return this.follower;
    if (session.readOnly) throw new DomainError('READ_ONLY', `${session.readOnly.message} It cannot sync here.`);
    throw new DomainError('CONFLICT', 'This project is not synced with a team server: publish it, or join a project, first.');
  }

  status(): SyncStatus {
    const sync = this.readable();
    if (sync) return sync.status();
    const session = this.host.currentOrNull();
    return { ...NOT_SYNCED, auto: session ? this.autoFor(session.path) : false };
  }

  signIn(serverUrl: string, user: string, password: string) {
    return signIn(this.host.tokens, serverUrl, user, password, this.host.door).then((r) => {
      this.follower?.setAuto(this.follower.isAuto); // signed in again: follow the server again
      this.changedStatus();
      return r;
    });
  }

  async signOut(serverUrl: string) {
    const r = await signOut(this.host.tokens, serverUrl);
    this.changedStatus();
    return r;
  }

  private changedStatus() {
    const session = this.host.currentOrNull();
    if (session) this.host.emit({ type: 'sync.status', payload: { path: session.path, status: this.status(), received: null } });
  }

  projects(serverUrl: string): Promise<ServerProject[]> {
    return listServerProjects(this.host.tokens, serverUrl);
  }

  /** Owner only: adds, changes or removes (`role: null`) a member of the synced project on its server. */
  members(user: string, role: ProjectRole | null) {
    // changes the server's member list, not the project file: a read-only session may too
    const link = (this.readable() ?? this.following()).replica.link();
    if (!link) throw new DomainError('CONFLICT', 'This project is not synced with a team server: publish it first.');
    return setMember(this.host.tokens, link, user, role);
  }

  async publish(serverUrl: string): Promise<SyncStatus> {
    const session = this.host.current();
    const info = session.info();
    const replica = replicaOf(session);
    const sync = await publish(this.host.tokens, replica, { guid: info.guid, name: info.name }, serverUrl, () => syncActor(session, true))
      .catch((err: unknown) => {
        // enabled before an upload that failed: follow it all the same, the next sync finishes the upload
        if (replica.link() && this.host.currentOrNull() === session) this.follow(session, replica);
        throw err;
      })
      .then(() => (this.host.currentOrNull() === session ? this.follow(session, replica) : null));
    if (!sync) return NOT_SYNCED;
    await sync.syncNow().catch(() => undefined); // published: a failure to catch up now is only the status
    return sync.status();
  }

  /** Downloads a server's project into a new file at `path`, opens it and follows it. */
  async join(serverUrl: string, projectGuid: string, path: string): Promise<ProjectInfo & { sync: SyncStatus }> {
    const target = newProjectPath(path);
    await joinInto(this.host.tokens, serverUrl, projectGuid, target);
    const info = this.host.openProject(target); // follows it (opened)
    // this coder's own row, made on opening, goes out at once (a failure is only the status)
    await this.follower?.syncNow().catch(() => undefined);
    return { ...info, sync: this.status() };
  }

  now(): Promise<SyncResult> {
    return this.following().syncNow();
  }

  setAuto(auto: boolean): SyncStatus {
    const session = this.host.current();
    const off = new Set(this.host.settings.get().syncAutoOff ?? []);
    if (auto) off.delete(session.path);
    else off.add(session.path);
    this.host.settings.update({ syncAutoOff: [...off] });
    if (this.follower && this.followed === session) this.follower.setAuto(auto);
    else if (this.reader?.session === session) this.reader.sync.setAuto(auto); // shown; never syncs here
    return this.status();
  }

  conflicts(includeRestored = false): SyncConflict[] {
    const sync = this.readable();
    if (sync) return sync.conflicts(includeRestored);
    if (this.host.current().readOnly) return []; // not synced: nothing to review
    return this.following().conflicts(includeRestored);
  }

  restore(id: number): { conflicts: SyncConflict[]; status: SyncStatus } {
    const sync = this.following();
    if (!sync.conflicts(true).some((c) => c.id === id)) throw new DomainError('NOT_FOUND', `There is no conflict ${id} in this project's list.`);
    sync.replica.restore(id);
    sync.changed();
    return { conflicts: sync.conflicts(), status: sync.status() };
  }
}
