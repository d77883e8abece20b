/**
 * The team-server tokens of this machine (issue 17): never in a project file (a copied or shared
 * .weft carries no credential), but in one file in the user's configuration folder, readable by
 * the user only (mode 0600), keyed by server URL. `WEFT_CONFIG_DIR` overrides the folder (tests).
 */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DomainError } from '../../../shared/api/errors.js';
import { writeFileAtomic } from '../../fs/user-files.js';
import { isLoopback } from '../../../shared/sync/loopback.js';

export interface StoredToken {
  token: string;
  user: string;
  signedInAt: string;
}

/** Where Weft keeps per-user configuration that must not travel with projects. */
export function defaultConfigDir(): string {
  if (process.env.WEFT_CONFIG_DIR) return process.env.WEFT_CONFIG_DIR;
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Weft', 'config');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Preferences', 'Weft');
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'weft');
}

/**
 * A server URL as a key and as a base for routes: http or https, no trailing slash, no query,
 * no credentials. Anything else is refused with a message saying what a URL looks like.
 */
export function normalizeServerUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new DomainError('VALIDATION', `“${raw}” is not a server address: write it like https://weft.example.org`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new DomainError('VALIDATION', `“${raw}” is not a server address: it must begin with https:// (or http:// for a server on this computer)`);
  if (url.username || url.password) throw new DomainError('VALIDATION', 'Put the user name and password in their own fields, not in the server address.');
  if (url.search || url.hash) throw new DomainError('VALIDATION', `“${raw}” is not a server address: remove the part after ? or #`);
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw new DomainError('VALIDATION', `Weft sends passwords and project data to a team server only over https:// (plain http:// only to a server on this computer): use https://${url.host}${url.pathname.replace(/\/+$/, '')}`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

export const TOKENS_FILE = 'team-servers.json';

export class TokenStore {
  readonly file: string;

  constructor(readonly dir: string = defaultConfigDir()) {
    this.file = join(dir, TOKENS_FILE);
  }

  /** The file as last read, with what identifies that version of it (a write replaces the file: a new inode). */
  private cached: { key: string; all: Record<string, StoredToken> } | null = null;

  /** Read again only when the file changed (the sync status asks after every call; another door may sign in or out). */
  private read(): Record<string, StoredToken> {
    let key: string;
    try {
      const st = statSync(this.file);
      key = `${st.ino}:${st.size}:${st.mtimeMs}`;
    } catch {
      return {};
    }
    if (this.cached?.key === key) return structuredClone(this.cached.all);
    const all = this.readFile();
    this.cached = { key, all };
    return structuredClone(all);
  }

  private readFile(): Record<string, StoredToken> {
    if (!existsSync(this.file)) return {};
    try {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as unknown;
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
      const out: Record<string, StoredToken> = {};
      for (const [url, v] of Object.entries(parsed as Record<string, unknown>)) {
        const t = v as Partial<StoredToken>;
        if (typeof t?.token === 'string' && typeof t.user === 'string') out[url] = { token: t.token, user: t.user, signedInAt: String(t.signedInAt ?? '') };
      }
      return out;
    } catch {
      return {}; // a damaged file means signed out everywhere; the next sign-in rewrites it
    }
  }

  private write(all: Record<string, StoredToken>) {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    writeFileAtomic(this.file, `${JSON.stringify(all, null, 2)}\n`, 0o600);
  }

  get(serverUrl: string): StoredToken | null {
    return this.read()[normalizeServerUrl(serverUrl)] ?? null;
  }

  set(serverUrl: string, token: Omit<StoredToken, 'signedInAt'>) {
    const all = this.read();
    all[normalizeServerUrl(serverUrl)] = { ...token, signedInAt: new Date().toISOString() };
    this.write(all);
  }

  delete(serverUrl: string): StoredToken | null {
    const all = this.read();
    const key = normalizeServerUrl(serverUrl);
    const had = all[key] ?? null;
    if (had) {
      delete all[key];
      this.write(all);
    }
    return had;
  }
}
