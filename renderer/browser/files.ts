/** Browser-side file helpers: uploads as base64, downloads via Blob + <a download> (browser mode and Electron). */
import { ApiError } from '../../shared/api/errors';

export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function base64ToBlob(base64: string, type: string): Blob {
  return new Blob([base64ToBytes(base64)], { type });
}

/** Saves a Blob under `fileName` through the browser's download (works in browser mode and Electron). */
export function downloadBlob(fileName: string, blob: Blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** Hands base64 bytes to the browser as a download. */
export function downloadBase64(fileName: string, mimeType: string, base64: string) {
  downloadBlob(fileName, base64ToBlob(base64, mimeType));
}

/** The last part of a path ("/a/b/c.csv" → "c.csv"), for either separator. */
export const baseName = (path: string) => path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);

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

/**
 * What saving to a path came to: written; refused because the file exists (the save dialog then
 * asks “Replace it?” and retries with `overwrite: true`); or failed (already reported).
 */
export type SaveOutcome = 'saved' | 'exists' | 'failed';

/** The existing file a save refused to replace (a CONFLICT with `details.exists`), or null. A project is never offered for replacing. */
export function existingFileOf(err: unknown): string | null {
  if (!(err instanceof ApiError) || err.code !== 'CONFLICT') return null;
  const details = err.details as { exists?: unknown } | undefined;
  return typeof details?.exists === 'string' ? details.exists : null;
}
