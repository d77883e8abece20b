/**
 * The sync client (issue 17): moves a synced project's operations between its Replica (the change
 * log in the project file, `replica-contract.ts`) and a team server (`server-api.ts`).
 *
 * - publish: create the project on the server, upload the whole project as operations, start recording;
 * - join: download every operation into a NEW project file, start recording there;
 * - sync now: push what is pending (in batches), pull what came after `lastSeq`, apply it;
 * - automatically while online: the server's event stream triggers a pull, a local change is pushed
 *   shortly after it is made, and an unreachable server is retried with a growing pause (1 s … 30 s);
 * - status (synced, n changes waiting, offline, conflicts to review) pushed on every change of it.
 *
 * The same code serves the window (through the AppService) and `weft sync|publish|join`.
 * Tokens live on the machine (`tokens.ts`), never in the project file.
 */
import { hostname } from 'node:os';
import { DomainError } from '../../../shared/api/errors.js';
import type { ProjectRole, SequencedOp } from '../../../shared/sync/protocol.js';
import { NOT_SYNCED, type ServerProject, type SyncReceived, type SyncResult, type SyncStatus } from '../../../shared/sync/status.js';
import type { ApplyReport, Replica, SyncConflict, SyncLink } from './replica-contract.js';
import { OfflineError, SignedOutError, TeamServerApi } from './server-api.js';
import { normalizeServerUrl, type TokenStore } from './tokens.js';
import { createProjectFromOps, newClientId } from './replica.js';

/** Operations per upload and per download request. */
export const PUSH_BATCH = 500;
export const PULL_BATCH = 1000;
/** A local change is pushed this long after the last one (changes made in a burst go together). */
export const PUSH_DELAY_MS = 400;
/** Retrying an unreachable server: the first pause, doubled each time up to the last. */
export const RETRY_FIRST_MS = 1000;
export const RETRY_MAX_MS = 30_000;
/** While online, a pull this often even without an event (an event lost while the stream reconnected). */
export const POLL_MS = 60_000;

/** The name a token is given on the server (shown in its list of a user's clients). */
export function clientLabel(door: string): string {
  return `Weft ${door} on ${hostname()}`;
}

/** Signs in to a server and keeps the token on this machine. */
export async function signIn(tokens: TokenStore, serverUrl: string, user: string, password: string, door: string): Promise<{ serverUrl: string; user: string }> {
  const url = normalizeServerUrl(serverUrl);
  const r = await new TeamServerApi(url, null).login(user, password, clientLabel(door));
  tokens.set(url, { token: r.token, user: r.user });
  return { serverUrl: url, user: r.user };
}

/** Revokes this machine's token on the server (when it can be reached) and forgets it here. */
export async function signOut(tokens: TokenStore, serverUrl: string): Promise<{ serverUrl: string; revoked: boolean }> {
  const url = normalizeServerUrl(serverUrl);
  const stored = tokens.get(url);
  let revoked = false;
  if (stored) {
    try {
      await new TeamServerApi(url, stored.token).logout();
      revoked = true;
    } catch {
      revoked = false; // forgotten here all the same; the owner can revoke it on the server
    }
    tokens.delete(url);
  }
  return { serverUrl: url, revoked };
}

/** The server API with this machine's token for `serverUrl`, or “sign in first”. */
export function apiFor(tokens: TokenStore, serverUrl: string): TeamServerApi {
  const url = normalizeServerUrl(serverUrl);
  const stored = tokens.get(url);
  if (!stored) throw new SignedOutError(url, 'this computer has no sign-in for it');
  return new TeamServerApi(url, stored.token);
}

/** Owner only: adds a member to the synced project, changes their role, or removes them (`role: null`). */
export function setMember(tokens: TokenStore, link: { serverUrl: string; projectGuid: string }, user: string, role: ProjectRole | null): Promise<{ members: { user: string; role: ProjectRole }[] }> {
  return apiFor(tokens, link.serverUrl).setMember(link.projectGuid, user, role);
}

/** Projects the signed-in user may join on a server. */
export function listServerProjects(tokens: TokenStore, serverUrl: string): Promise<ServerProject[]> {
  return apiFor(tokens, serverUrl).projects();
}

/**
 * Publishes the project of `replica` to the server: creates it there (its GUID and name; the caller
 * becomes its owner), starts recording (the project as it is becomes the first waiting operations)
 * and uploads them. An upload cut short is finished by the next sync (uploads are idempotent), and
 * publishing again after a failure carries on (the server answers its owner's retry).
 */
export async function publish(tokens: TokenStore, replica: Replica, project: { guid: string; name: string }, serverUrl: string, beforeEnable?: () => void): Promise<SyncLink> {
  const url = normalizeServerUrl(serverUrl);
  const existing = replica.link();
  if (existing) throw new DomainError('CONFLICT', `This project is already synced with ${existing.serverUrl}. Nothing was changed.`);
  if (!project.guid) throw new DomainError('CONFLICT', 'This project has no GUID to publish it under; open it in this version of Weft first.');
  const api = apiFor(tokens, url);
  await api.createProject(project.guid, project.name);
  beforeEnable?.(); // who is publishing: the author of the project as it is
  replica.enable({ serverUrl: url, projectGuid: project.guid, clientId: newClientId() });
  for (;;) {
    const batch = replica.pending(PUSH_BATCH);
    if (batch.length === 0) break;
    await api.pushOps(project.guid, batch);
    replica.markPushed(batch.map((o) => o.id));
  }
  return replica.link()!;
}

/** Every operation of a project on the server, in sequence order (what a join writes into a new file). */
export async function download(tokens: TokenStore, serverUrl: string, projectGuid: string): Promise<{ serverUrl: string; project: ServerProject; ops: SequencedOp[] }> {
  const url = normalizeServerUrl(serverUrl);
  const api = apiFor(tokens, url);
  const project = (await api.projects()).find((p) => p.guid.toLowerCase() === projectGuid.toLowerCase());
  if (!project) throw new DomainError('NOT_FOUND', `No access: the team server at ${url} has no project ${projectGuid} for you. Ask the project's owner to add you.`);
  const ops: SequencedOp[] = [];
  let after = 0;
  for (;;) {
    const page = await api.pullOps(project.guid, after, PULL_BATCH);
    if (page.ops.length === 0) break;
    ops.push(...page.ops);
    after = page.ops[page.ops.length - 1]!.seq;
    if (after >= page.latestSeq) break;
  }
  return { serverUrl: url, project, ops };
}

/**
 * Joins a project: downloads every operation and writes them into a NEW project file at `path`
 * (refused when it exists; a failure leaves no file), synced to the server from then on.
 */
export async function joinInto(tokens: TokenStore, serverUrl: string, projectGuid: string, path: string): Promise<{ path: string; project: ServerProject; operations: number }> {
  const got = await download(tokens, serverUrl, projectGuid);
  const db = createProjectFromOps(path, { name: got.project.name, serverUrl: got.serverUrl, projectGuid: got.project.guid, clientId: newClientId(), ops: got.ops });
  db.close();
  return { path, project: got.project, operations: got.ops.length };
}

function addReport(total: ApplyReport, r: ApplyReport) {
  total.applied += r.applied;
  total.ignored += r.ignored;
  total.conflicts += r.conflicts;
  total.notices.push(...r.notices);
  total.rebuilt ||= r.rebuilt;
}

/** Pulls and applies every operation after the replica's `lastSeq`, a page at a time. */
async function pullAll(api: TeamServerApi, replica: Replica, beforeApply?: () => boolean): Promise<ApplyReport> {
  const total: ApplyReport = { applied: 0, ignored: 0, conflicts: 0, notices: [], rebuilt: false };
  for (;;) {
    const link = replica.link();
    if (!link) break;
    const page: { ops: SequencedOp[]; latestSeq: number } = await api.pullOps(link.projectGuid, link.lastSeq, PULL_BATCH);
    if (page.ops.length === 0) break;
    if (beforeApply && !beforeApply()) break; // the project was closed meanwhile
    addReport(total, replica.applyRemote(page.ops));
    if (page.ops[page.ops.length - 1]!.seq >= page.latestSeq) break;
  }
  return total;
}

export interface ProjectSyncOptions {
  tokens: TokenStore;
  /** Start following the server by itself (the window: the remembered choice; the CLI: false). */
  auto: boolean;
  /** Whether the project can still be written (closed or read-only: nothing is applied). */
  usable: () => boolean;
  /** Whether the project can be read for the status (default: `usable`; a read-only session: while open). */
  readable?: () => boolean;
  /** Whether the window has anything to undo or redo (asking also clears it after changes made outside a step: undo.ts). */
  hasUndoHistory?: () => boolean;
  onStatus?: (status: SyncStatus, received: SyncReceived | null) => void;
}

/** Syncing one open project: sync now, automatic sync while online, its status. */
export class ProjectSync {
  private auto: boolean;
  private online: boolean | null = null;
  private syncing = false;
  private lastSyncAt: string | null = null;
  private problem: string | null = null;
  /** The server refused us for good (signed out, no access): automatic sync waits for the user. */
  private halted = false;
  private chain: Promise<unknown> = Promise.resolve();
  private stopped = false;
  private events: AbortController | null = null;
  private pushTimer: NodeJS.Timeout | null = null;
  private pullTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private retryMs = RETRY_FIRST_MS;
  private lastStatus = '';

  constructor(
    readonly replica: Replica,
    private readonly options: ProjectSyncOptions,
  ) {
    this.auto = options.auto;
  }

  status(): SyncStatus {
    const link = (this.options.readable ?? this.options.usable)() ? this.replica.link() : null;
    if (!link) return { ...NOT_SYNCED, auto: this.auto };
    const stored = this.options.tokens.get(link.serverUrl);
    return {
      linked: true,
      serverUrl: link.serverUrl,
      projectGuid: link.projectGuid,
      user: stored?.user ?? null,
      online: this.online,
      ...this.counts(),
      auto: this.auto,
      syncing: this.syncing,
      lastSyncAt: this.lastSyncAt,
      problem: this.problem,
    };
  }

  /** What the file counts for the status, read again only when the file changed (`changeMark`): the status is asked after every call. */
  private counted: { mark: string; pending: number; conflicts: number } | null = null;
  private counts(): { pending: number; conflicts: number } {
    const mark = this.replica.changeMark();
    if (this.counted?.mark !== mark) this.counted = { mark, pending: this.replica.pendingCount(), conflicts: this.replica.conflictCount() };
    return { pending: this.counted.pending, conflicts: this.counted.conflicts };
  }

  /** Pushes the status when it changed (or always, with what a sync brought in). */
  private report(received: SyncReceived | null = null) {
    if (this.stopped || !this.options.onStatus) return;
    const status = this.status();
    const key = JSON.stringify(status);
    if (!received && key === this.lastStatus) return;
    this.lastStatus = key;
    this.options.onStatus(status, received);
  }

  conflicts(includeRestored = false): SyncConflict[] {
    return this.replica.conflicts({ includeRestored });
  }

  /** One sync at a time: a second caller waits for the first, then runs its own. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Push everything pending, then pull and apply everything new. Errors say why (offline, signed out…). */
  syncNow(): Promise<SyncResult> {
    this.halted = false;
    this.retryMs = RETRY_FIRST_MS;
    return this.exclusive(() => this.cycle(true, true)).finally(() => {
      if (this.auto && !this.events && !this.stopped) this.follow();
    });
  }

  private async cycle(push: boolean, pull: boolean): Promise<SyncResult> {
    const received: SyncReceived = { applied: 0, conflicts: 0, notices: [], undoCleared: false };
    if (this.stopped || !this.options.usable()) return { pushed: 0, received, status: this.status() };
    const link = this.replica.link();
    if (!link) throw new DomainError('CONFLICT', 'This project is not synced with a team server: publish it, or join a project, first.');
    this.syncing = true;
    this.report();
    let pushed = 0;
    try {
      const api = apiFor(this.options.tokens, link.serverUrl);
      const diverged = this.replica.diverged();
      if (push && !diverged) {
        for (;;) {
          if (!this.options.usable()) break;
          const batch = this.replica.pending(PUSH_BATCH);
          if (batch.length === 0) break;
          await api.pushOps(link.projectGuid, batch);
          if (!this.options.usable()) break;
          this.replica.markPushed(batch.map((o) => o.id));
          pushed += batch.length;
        }
      }
      if (pull) {
        const hadHistory = this.options.hasUndoHistory?.() ?? false;
        const r = await pullAll(api, this.replica, this.options.usable);
        received.applied = r.applied;
        received.conflicts = r.conflicts;
        received.notices = r.notices;
        // changes applied outside an undo step clear the history (undo.ts): the window is told
        if (r.applied > 0 && hadHistory) received.undoCleared = !(this.options.hasUndoHistory?.() ?? false);
      }
      // an older copy of the file (restored backup): nothing is sent, what came in stays; said and halted
      const refused = diverged ?? (pull ? this.replica.diverged() : null);
      if (refused) throw new DomainError('CONFLICT', refused);
      this.online = true;
      this.problem = null;
      this.lastSyncAt = new Date().toISOString();
    } catch (err) {
      this.noteFailure(err);
      throw err;
    } finally {
      this.syncing = false;
      this.report(received.applied > 0 || received.notices.length > 0 ? received : null);
    }
    return { pushed, received, status: this.status() };
  }

  private noteFailure(err: unknown) {
    if (err instanceof OfflineError) {
      this.online = false;
      this.problem = err.message;
      return;
    }
    this.online = err instanceof DomainError && err.code === 'UNAVAILABLE' ? false : true;
    this.problem = err instanceof Error ? err.message : String(err);
    // signed out, no access, refused: retrying by itself would only repeat it
    if (err instanceof SignedOutError || (err instanceof DomainError && ['VALIDATION', 'CONFLICT', 'NOT_FOUND'].includes(err.code))) this.halted = true;
  }

  /** A change was made here (after every call): push it shortly, when syncing by itself. */
  changed() {
    if (this.stopped) return;
    this.report();
    if (!this.auto || this.halted || this.online === false || !this.options.usable()) return;
    if (!this.replica.link() || this.counts().pending === 0) return;
    if (this.pushTimer) clearTimeout(this.pushTimer);
    this.pushTimer = setTimeout(() => {
      this.pushTimer = null;
      this.exclusive(() => this.cycle(true, false)).catch(() => this.scheduleRetry());
    }, PUSH_DELAY_MS);
    this.pushTimer.unref?.();
  }

  setAuto(on: boolean) {
    this.auto = on;
    if (on) {
      this.halted = false;
      this.follow();
    } else this.unfollow();
    this.report();
  }

  get isAuto() {
    return this.auto;
  }

  /** Starts automatic sync (when on and the project is linked): follow the server's events. */
  start() {
    if (this.auto) this.follow();
    this.report();
  }

  private pull() {
    if (this.pullTimer) return;
    this.pullTimer = setTimeout(() => {
      this.pullTimer = null;
      this.exclusive(() => this.cycle(true, true)).catch(() => this.scheduleRetry());
    }, 50);
    this.pullTimer.unref?.();
  }

  private follow() {
    if (this.stopped || this.events || this.halted || !this.auto) return;
    const link = this.options.usable() ? this.replica.link() : null;
    if (!link || !this.options.tokens.get(link.serverUrl)) return;
    const controller = new AbortController();
    this.events = controller;
    let api: TeamServerApi;
    try {
      api = apiFor(this.options.tokens, link.serverUrl);
    } catch {
      this.events = null;
      return;
    }
    api
      .events(
        link.projectGuid,
        controller.signal,
        (latestSeq) => {
          if (latestSeq > (this.replica.link()?.lastSeq ?? 0)) this.pull();
        },
        () => {
          // connected: catch up on everything both ways, then wait for events
          this.retryMs = RETRY_FIRST_MS;
          this.online = true;
          this.pull();
          this.poll();
        },
      )
      .then(
        () => {
          if (this.events === controller) this.events = null;
          if (!controller.signal.aborted) this.scheduleRetry();
        },
        (err: unknown) => {
          if (this.events === controller) this.events = null;
          this.noteFailure(err);
          this.report();
          this.scheduleRetry();
        },
      );
  }

  private poll() {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = setInterval(() => this.pull(), POLL_MS);
    this.pollTimer.unref?.();
  }

  private scheduleRetry() {
    if (this.stopped || !this.auto || this.halted || this.retryTimer) return;
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.events) this.pull();
      else this.follow();
    }, wait);
    this.retryTimer.unref?.();
  }

  private unfollow() {
    this.events?.abort();
    this.events = null;
    for (const t of [this.pushTimer, this.pullTimer, this.retryTimer]) if (t) clearTimeout(t);
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pushTimer = this.pullTimer = this.retryTimer = this.pollTimer = null;
  }

  /** Stops following the server (the project is closing); a sync in flight writes nothing more. */
  stop() {
    this.unfollow();
    this.stopped = true;
  }

  /** Waits for the sync in flight (tests, closing the CLI). */
  async idle(): Promise<void> {
    await this.chain;
  }
}
