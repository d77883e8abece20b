/**
 * Is a project file in a cloud-synced folder (Dropbox, OneDrive, iCloud Drive, Google Drive) or on
 * a network file system (SMB/NFS, sshfs, rclone)? Such folders copy or lock the file behind
 * SQLite's back, which can lose or corrupt recent work. Pure: the caller passes the path, the
 * platform and (on Linux) the text of /proc/mounts.
 */
import type { StorageWarning } from '../types/backups.js';

interface CloudService {
  service: string;
  /** Matches one folder name in the path (case-insensitive). */
  segment: RegExp;
}

const CLOUD_SERVICES: CloudService[] = [
  // "Dropbox", "Dropbox (Personal)", "Dropbox (Acme Ltd)"; macOS ~/Library/CloudStorage/Dropbox-…
  { service: 'Dropbox', segment: /^dropbox(\b|[-_ (])/i },
  // "OneDrive", "OneDrive - Contoso"; macOS ~/Library/CloudStorage/OneDrive-Personal
  { service: 'OneDrive', segment: /^onedrive(\b|[-_ ])/i },
  // macOS ~/Library/Mobile Documents/com~apple~CloudDocs; Windows "iCloudDrive"; "iCloud Drive" in Finder
  { service: 'iCloud Drive', segment: /^(icloud ?drive|mobile documents|com~apple~clouddocs)$/i },
  // "Google Drive", "GoogleDrive-me@example.com" (macOS CloudStorage), "My Drive" (the mounted drive's root)
  { service: 'Google Drive', segment: /^(google ?drive(\b|[-_ ])|my drive$)/i },
];

/** File systems that live on another machine. */
const NETWORK_FS = new Set(['nfs', 'nfs4', 'cifs', 'smb3', 'smbfs', 'smb', 'ncpfs', 'afs', 'davfs', 'ceph', 'glusterfs', '9p', 'lustre', 'gpfs']);
/** FUSE file systems that are local (everything else under fuse.* is treated as remote: sshfs, rclone, s3fs, …). */
const LOCAL_FUSE = new Set(['fuse.portal', 'fuse.lxcfs', 'fuse.snapfuse', 'fuse.squashfuse', 'fuse.bindfs', 'fuse.mergerfs', 'fuse.gocryptfs', 'fuse.encfs', 'fuse.cryfs', 'fuse.appimagelauncherfs', 'fuse.fuse-overlayfs', 'fuse.jetbrains-toolbox']);

const ADVICE =
  'Weft keeps the project open for a long time, and syncing or network access can copy the file halfway through a change or lock it. Work on a local copy and save it back when you are done, or move the project to a local folder.';

export function pathSegments(path: string): string[] {
  return path.split(/[\\/]+/).filter((s) => s.length > 0);
}

function cloudService(path: string): string | null {
  for (const segment of pathSegments(path)) {
    const hit = CLOUD_SERVICES.find((c) => c.segment.test(segment));
    if (hit) return hit.service;
  }
  return null;
}

export interface MountEntry {
  mountPoint: string;
  fsType: string;
}

/** /proc/mounts escapes space, tab, newline and backslash as octal (\040). */
const unescapeMount = (s: string) => s.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));

export function parseMounts(text: string): MountEntry[] {
  return text
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f.length >= 3)
    .map((f) => ({ mountPoint: unescapeMount(f[1]!), fsType: f[2]! }));
}

/** The mount that holds `path`: the longest mount point that is a prefix of it (the last such one wins). */
export function mountOf(path: string, mounts: readonly MountEntry[]): MountEntry | null {
  let best: MountEntry | null = null;
  for (const m of mounts) {
    const mp = m.mountPoint === '/' ? '/' : m.mountPoint.replace(/\/+$/, '');
    const inside = mp === '/' ? path.startsWith('/') : path === mp || path.startsWith(`${mp}/`);
    if (inside && (!best || mp.length >= best.mountPoint.replace(/\/+$/, '').length)) best = m;
  }
  return best;
}

export function isNetworkFs(fsType: string): boolean {
  const t = fsType.toLowerCase();
  if (NETWORK_FS.has(t)) return true;
  return t.startsWith('fuse.') && !LOCAL_FUSE.has(t);
}

export interface LocationFacts {
  /** The project file's absolute path. */
  path: string;
  platform: string;
  /** The text of /proc/mounts on Linux; omitted elsewhere. */
  mounts?: string;
}

/** The warning for a project at this location, or null when the folder is local and not synced. */
export function storageWarning(facts: LocationFacts): StorageWarning | null {
  const service = cloudService(facts.path);
  if (service) {
    return { kind: 'cloud', service, message: `This project is in a ${service} folder. ${ADVICE}` };
  }
  if (/^(\\\\|\/\/)[^\\/]+[\\/]/.test(facts.path) && facts.platform === 'win32') {
    return { kind: 'network', service: 'network share', message: `This project is on a network share. ${ADVICE}` };
  }
  if (facts.mounts !== undefined) {
    const mount = mountOf(facts.path, parseMounts(facts.mounts));
    if (mount && isNetworkFs(mount.fsType)) {
      return { kind: 'network', service: mount.fsType, message: `This project is on a network file system (${mount.fsType}, mounted at ${mount.mountPoint}). ${ADVICE}` };
    }
  }
  return null;
}
