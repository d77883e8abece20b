/** Path helpers for the exchange view; the upload/download helpers live in renderer/api/files.ts. */
export { base64ToBlob, baseName, downloadBlob, fileToBase64 } from '../../api/files';

/** The folder part of a path ("/a/b/c.qdpx" → "/a/b"), for either separator. */
export function folderOf(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i > 0 ? path.slice(0, i) : i === 0 ? path.slice(0, 1) : '';
}

export function joinPath(folder: string, name: string): string {
  if (!folder) return name;
  const sep = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  return folder.endsWith(sep) ? `${folder}${name}` : `${folder}${sep}${name}`;
}

