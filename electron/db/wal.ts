/**
 * Keeps the project file whole on its own: while a project is open its recent changes live in the
 * `-wal` file, so a copy of the `.weft` alone would miss them. After changes settle, a checkpoint
 * copies them into the main file (and empties the WAL); on close the WAL is truncated.
 */
import type { DB } from './connection.js';

/** How long after the last change the checkpoint runs. */
export const CHECKPOINT_DELAY_MS = 400;
/** When another reader held the checkpoint back, try again after this long. */
const RETRY_MS = 2000;
const MAX_RETRIES = 30;

/** A row of PRAGMA wal_checkpoint: busy 1 when it could not finish; frames in the WAL and copied. */
interface Checkpoint {
  busy: number;
  log: number;
  checkpointed: number;
}

/**
 * Copies every committed change into the main file, then empties the WAL. First a PASSIVE
 * checkpoint copies the changes without taking the write lock (another door may write meanwhile);
 * then TRUNCATE, which holds the write lock only briefly since little is left to copy. Never waits
 * for a lock: the busy timeout is off for the call. True when the main file now holds every
 * committed change (even when a reader kept the WAL from being emptied).
 */
export function checkpointWal(db: DB): boolean {
  if (!db.open || db.readonly || db.inTransaction) return false;
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    const [some] = db.pragma('wal_checkpoint(PASSIVE)') as Checkpoint[];
    const copied = !!some && some.busy === 0 && some.log === some.checkpointed;
    const [full] = db.pragma('wal_checkpoint(TRUNCATE)') as Checkpoint[];
    return (!!full && full.busy === 0) || copied;
  } catch {
    // SQLITE_BUSY from another door's write: the retry catches up.
    return false;
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}

/** A debounced checkpoint: `schedule()` after each change; it runs once the changes pause. */
export class IdleCheckpointer {
  private timer: NodeJS.Timeout | null = null;
  private retries = 0;

  constructor(
    private readonly db: DB,
    private readonly delayMs = CHECKPOINT_DELAY_MS,
  ) {}

  schedule(delay = this.delayMs) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.run(), delay);
    this.timer.unref?.();
  }

  private run() {
    this.timer = null;
    if (checkpointWal(this.db)) {
      this.retries = 0;
      return;
    }
    if (this.db.open && this.retries++ < MAX_RETRIES) this.schedule(RETRY_MS);
  }

  /** Checkpoints now (on close). */
  flush(): boolean {
    this.cancel();
    return checkpointWal(this.db);
  }

  cancel() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
