import { describe, expect, it } from 'vitest';
import { isNetworkFs, mountOf, parseMounts, storageWarning } from './storage-location.js';

const MOUNTS = [
  'sysfs /sys sysfs rw,nosuid 0 0',
  '/dev/nvme0n1p2 / ext4 rw,relatime 0 0',
  '/dev/nvme0n1p1 /boot/efi vfat rw 0 0',
  'server:/export/home /mnt/nfs-home nfs4 rw,vers=4.2 0 0',
  '//fileserver/research /mnt/research cifs rw,vers=3.1.1 0 0',
  'me@host:/data /home/ana/remote fuse.sshfs rw,nosuid 0 0',
  'gdrive: /home/ana/rclone\\040drive fuse.rclone rw 0 0',
  'portal /run/user/1000/doc fuse.portal rw 0 0',
  'tmpfs /tmp tmpfs rw 0 0',
].join('\n');

describe('storage warning by path', () => {
  const cases: [string, string, string | null][] = [
    ['/home/ana/Dropbox/thesis/study.weft', 'linux', 'Dropbox'],
    ['C:\\Users\\Ana\\Dropbox (Personal)\\study.weft', 'win32', 'Dropbox'],
    ['/Users/ana/Library/CloudStorage/Dropbox-Acme/study.weft', 'darwin', 'Dropbox'],
    ['C:\\Users\\Ana\\OneDrive\\Documents\\study.weft', 'win32', 'OneDrive'],
    ['C:\\Users\\Ana\\OneDrive - Contoso\\study.weft', 'win32', 'OneDrive'],
    ['/Users/ana/Library/CloudStorage/OneDrive-Personal/study.weft', 'darwin', 'OneDrive'],
    ['/Users/ana/Library/Mobile Documents/com~apple~CloudDocs/study.weft', 'darwin', 'iCloud Drive'],
    ['C:\\Users\\Ana\\iCloudDrive\\study.weft', 'win32', 'iCloud Drive'],
    ['/Users/ana/iCloud Drive/study.weft', 'darwin', 'iCloud Drive'],
    ['/Users/ana/Google Drive/study.weft', 'darwin', 'Google Drive'],
    ['/Users/ana/Library/CloudStorage/GoogleDrive-ana@example.com/My Drive/study.weft', 'darwin', 'Google Drive'],
    ['G:\\My Drive\\study.weft', 'win32', 'Google Drive'],
    // Not synced: names that merely contain the words.
    ['/home/ana/notes-about-dropboxes/study.weft', 'linux', null],
    ['/home/ana/My Drivel/study.weft', 'linux', null],
    ['/home/ana/research/study.weft', 'linux', null],
    ['C:\\Users\\Ana\\Documents\\study.weft', 'win32', null],
  ];
  it.each(cases)('%s (%s) → %s', (path, platform, service) => {
    const w = storageWarning({ path, platform });
    expect(w?.service ?? null).toBe(service);
    if (w) {
      expect(w.kind).toBe('cloud');
      expect(w.message).toContain(service!);
      expect(w.message).toMatch(/local copy/);
    }
  });

  it('warns about a Windows network share', () => {
    expect(storageWarning({ path: '\\\\fileserver\\research\\study.weft', platform: 'win32' })).toMatchObject({ kind: 'network' });
  });
});

describe('storage warning by file system (Linux)', () => {
  const cases: [string, string | null][] = [
    ['/home/ana/study.weft', null],
    ['/mnt/nfs-home/ana/study.weft', 'nfs4'],
    ['/mnt/nfs-home', 'nfs4'],
    ['/mnt/nfs-homework/study.weft', null],
    ['/mnt/research/team/study.weft', 'cifs'],
    ['/home/ana/remote/study.weft', 'fuse.sshfs'],
    ['/home/ana/rclone drive/study.weft', 'fuse.rclone'],
    ['/run/user/1000/doc/abc/study.weft', null],
    ['/tmp/study.weft', null],
  ];
  it.each(cases)('%s → %s', (path, fsType) => {
    const w = storageWarning({ path, platform: 'linux', mounts: MOUNTS });
    expect(w?.service ?? null).toBe(fsType);
    if (w) {
      expect(w.kind).toBe('network');
      expect(w.message).toContain(fsType!);
    }
  });

  it('parses escaped mount points and picks the longest match', () => {
    const mounts = parseMounts(MOUNTS);
    expect(mounts.find((m) => m.fsType === 'fuse.rclone')?.mountPoint).toBe('/home/ana/rclone drive');
    expect(mountOf('/boot/efi/x', mounts)?.fsType).toBe('vfat');
    expect(mountOf('/boot/x', mounts)?.fsType).toBe('ext4');
  });

  it('a later mount over the same point wins', () => {
    const mounts = parseMounts('/dev/sda1 /data ext4 rw 0 0\nhost:/x /data nfs rw 0 0');
    expect(mountOf('/data/study.weft', mounts)?.fsType).toBe('nfs');
  });

  it('knows network and local file systems', () => {
    for (const t of ['nfs', 'NFS4', 'cifs', 'smb3', 'fuse.sshfs', 'fuse.rclone', 'fuse.s3fs']) expect(isNetworkFs(t)).toBe(true);
    for (const t of ['ext4', 'btrfs', 'apfs', 'ntfs', 'fuseblk', 'tmpfs', 'fuse.portal', 'fuse.lxcfs']) expect(isNetworkFs(t)).toBe(false);
  });

  it('a cloud folder is named even on a network mount', () => {
    expect(storageWarning({ path: '/mnt/research/Dropbox/study.weft', platform: 'linux', mounts: MOUNTS })?.service).toBe('Dropbox');
  });
});
