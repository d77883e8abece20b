/** Per-machine settings (who is coding, recent projects), kept as JSON in Weft's data folder. */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/user-files.js';
import { PROVISIONAL_CODER } from '../../shared/domain/provisional-coder.js';

export interface Settings {
  /** Who is coding; “me” (PROVISIONAL_CODER) until the researcher has said (never the OS account). */
  coderName: string;
  /** True once the researcher has said who is coding on this machine (the first-run prompt). */
  coderConfirmed?: boolean;
  recent: { path: string; name: string; openedAt: string }[];
  /** Synced projects (by path) this machine does not sync by itself (Team server ▸ “Sync automatically” off). */
  syncAutoOff?: string[];
}

/** Where Weft keeps settings and the sample project. WEFT_DATA_DIR overrides (tests use it). */
export function defaultDataDir(): string {
  if (process.env.WEFT_DATA_DIR) return process.env.WEFT_DATA_DIR;
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Weft');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Weft');
  return join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'weft');
}

export class SettingsStore {
  readonly file: string;
  private data: Settings;

  constructor(readonly dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.file = join(dataDir, 'settings.json');
    this.data = { coderName: PROVISIONAL_CODER, recent: [] };
    if (existsSync(this.file)) {
      try {
        const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as Partial<Settings>;
        const confirmed = parsed.coderConfirmed === true;
        this.data = {
          // a name nobody confirmed (older versions took the OS account) is not used: “me” until answered
          coderName: confirmed && typeof parsed.coderName === 'string' && parsed.coderName ? parsed.coderName : this.data.coderName,
          coderConfirmed: confirmed,
          recent: Array.isArray(parsed.recent) ? parsed.recent.filter((r) => r && typeof r.path === 'string') : [],
          ...(Array.isArray(parsed.syncAutoOff) ? { syncAutoOff: parsed.syncAutoOff.filter((p) => typeof p === 'string') } : {}),
        };
      } catch {
        // A damaged settings file is replaced on the next save; projects are unaffected.
      }
    }
  }

  get(): Settings {
    return this.data;
  }

  update(patch: Partial<Settings>) {
    this.data = { ...this.data, ...patch };
    writeFileAtomic(this.file, JSON.stringify(this.data, null, 2));
  }

  rememberProject(path: string, name: string) {
    const recent = [{ path, name, openedAt: new Date().toISOString() }, ...this.data.recent.filter((r) => r.path !== path)].slice(0, 12);
    this.update({ recent });
  }
}
