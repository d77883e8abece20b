/** A recording (audio or video) linked to a document: see electron/services/media.ts. */
import type { Id } from './entities.js';
import type { MediaKind } from '../media/formats.js';

/**
 * `ok`: the file is where it was linked, as it was; `missing`: no file there now (moved, renamed,
 * on a disk not connected: re-link it); `changed`: a file is there but its size or modification
 * time differ from when it was linked (replaced or edited: the transcript's times may not match).
 */
export type MediaStatus = 'ok' | 'missing' | 'changed';

export interface MediaLink {
  documentId: Id;
  /** As stored in the project: relative to the project file's folder with `/` separators (absolute when on another drive). */
  path: string;
  /** Where that is on this computer now. */
  absolutePath: string;
  fileName: string;
  kind: MediaKind;
  mime: string;
  /** True when Weft copied the file into the media folder beside the project. */
  copied: boolean;
  /** Size in bytes when it was linked. */
  size: number;
  status: MediaStatus;
  /** For `missing` and `changed`: what is wrong, in words. */
  problem?: string;
  linkedAt: string;
}

/**
 * `media.get`: the link and, when the file is there, a ticket that lets this window stream it
 * (browser mode: GET /media/TICKET from the bridge, with range requests). A ticket names one file
 * only and expires after a while unused.
 */
export interface MediaSource extends MediaLink {
  ticket: string | null;
}
