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

/**
 * Copies every committed change into the main file. TRUNCATE also empties the WAL; when a reader
 * (another door on the same file) blocks that, a PASSIVE checkpoint copies what it can without
 * waiting. Never waits for a lock: the busy timeout is off for the call. True when the main file
 * now holds every committed change.
 */
export function checkpointWal(db: DB): boolean {
  if (!db.open || db.readonly || db.inTransaction) return false;
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    const [full] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
    if (full && full.busy === 0) return true;
    const [some] = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
    return !!some && some.busy === 0 && some.log === some.checkpointed;
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
