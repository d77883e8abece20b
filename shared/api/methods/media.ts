/** Recordings linked to documents (issue 16): electron/services/media.ts. */
import { z } from 'zod';
import type { MediaLink, MediaSource } from '../../types/media.js';
import type { Turn } from '../../types/entities.js';
import { formatTime } from '../../media/timeline.js';
import { change, id, method, none, path } from './base.js';

export const mediaMethods = {
  /** Every document's linked recording with its status (ok, missing, changed). */
  'media.list': method<MediaLink[]>()(none),
  /** A document's recording (null: none linked) and, when the file is there, a ticket to stream it in this window. */
  'media.get': method<MediaSource | null>()(z.object({ documentId: id }).strict()),
  /**
   * Links a recording to a document, or re-links it (a moved file). `path`: where it is; stored
   * relative to the project file. `copy`: copy it into the media folder beside the project first.
   */
  'media.link': change<MediaLink>()(z.object({ documentId: id, path, copy: z.boolean().default(false) }).strict(), {
    undo: (_i, m) => `Link recording ${m.fileName}`,
  }),
  /** Removes a document's link to its recording (the file stays where it is). */
  'media.unlink': change<null>()(z.object({ documentId: id }).strict(), { undo: 'Unlink recording' }),
  /**
   * Sets when a turn begins on the recording (ms from its start), e.g. from the playback position,
   * for transcripts made by hand; null clears it.
   */
  'turns.setTime': change<Turn>()(z.object({ turnId: id, beginMs: z.number().int().nonnegative().max(100 * 3600_000).nullable() }).strict(), {
    undo: (i) => (i.beginMs === null ? 'Clear the time of a turn' : `Set a turn's time to ${formatTime(i.beginMs)}`),
  }),
} as const;
