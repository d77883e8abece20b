/**
 * The recording linked to the open document (issue 16): its link and status, the ticket that lets
 * the player stream it, and the turn being spoken while it plays (the transcript highlights and
 * follows it). The player element itself lives in features/media.
 */
import type { StateCreator } from 'zustand';
import type { MediaSource } from '../../shared/types/media';
import { api } from '../api/client';
import { attempt } from './busy';
import { host } from '../browser/host';
import type { AppState } from './index';

export interface MediaSlice {
  /** The open document's recording: `source` null when none is linked; null before it is known. */
  media: { documentId: number; source: MediaSource | null } | null;
  /** The start offset of the turn being spoken while the recording plays (null: none, or paused before the first). */
  playingTurnStart: number | null;
  /** Asks for a document's recording (and a fresh ticket to stream it). */
  loadMedia(documentId: number): Promise<void>;
  /** Links (or re-links) a recording to the open document; `copy` copies it into the media folder beside the project. */
  linkMedia(path: string, copy: boolean): Promise<boolean>;
  unlinkMedia(): Promise<void>;
  setPlayingTurn(start: number | null): void;
  /** Sets when a turn of the open document begins on the recording (e.g. the playback position). */
  setTurnTime(turnId: number, beginMs: number): Promise<void>;
  /** Where the player starts playing once the document's recording is ready (set by `playPassage`). */
  pendingPlay: { documentId: number; ms: number } | null;
  /**
   * An extract's "[12:04]": opens the document at the passage (the coding view) and plays its
   * recording from `ms`; without a playable recording, only the document opens at the passage.
   */
  playPassage(documentId: number, start: number, end: number, ms: number): Promise<void>;
  /** The player took the pending start (or the document has no playable recording). */
  clearPendingPlay(): void;
}

/**
 * Where the window streams a recording from: the bridge in browser mode (GET /media/TICKET, same
 * origin); in the Electron window, main's weft-media: protocol (electron/main/media-protocol.ts).
 */
export const mediaUrl = (ticket: string) =>
  host === 'electron' ? `weft-media://recording/${encodeURIComponent(ticket)}` : `/media/${encodeURIComponent(ticket)}`;

export const createMediaSlice: StateCreator<AppState, [], [], MediaSlice> = (set, get) => {
  let seq = 0;
  return {
    media: null,
    playingTurnStart: null,
    async loadMedia(documentId) {
      const mine = ++seq;
      try {
        const source = await api.call('media.get', { documentId });
        if (mine === seq) set({ media: { documentId, source } });
      } catch (err) {
        if (mine === seq) set({ media: { documentId, source: null } });
        get().notifyError(err);
      }
    },
    async linkMedia(path, copy) {
      const doc = get().activeDocument;
      if (!doc) return false;
      return attempt(get, async () => {
        const link = await api.call('media.link', { documentId: doc.id, path, copy });
        get().notify('info', `Recording linked: ${link.fileName}`, copy ? 'Copied into the media folder beside the project.' : 'It stays where it is; the project keeps its place relative to the project file.');
        await Promise.all([get().loadMedia(doc.id), get().refreshUndo()]);
      });
    },
    async unlinkMedia() {
      const doc = get().activeDocument;
      if (!doc) return;
      try {
        await api.call('media.unlink', { documentId: doc.id });
        set({ playingTurnStart: null });
        await Promise.all([get().loadMedia(doc.id), get().refreshUndo()]);
      } catch (err) {
        get().notifyError(err);
      }
    },
    async setTurnTime(turnId, beginMs) {
      const doc = get().activeDocument;
      try {
        await api.call('turns.setTime', { turnId, beginMs });
        await Promise.all([doc ? get().openDocument(doc.id) : null, get().refreshUndo()]);
      } catch (err) {
        get().notifyError(err);
      }
    },
    pendingPlay: null,
    async playPassage(documentId, start, end, ms) {
      set({ pendingPlay: { documentId, ms } });
      await get().jumpTo(documentId, start, end);
    },
    clearPendingPlay() {
      if (get().pendingPlay) set({ pendingPlay: null });
    },
    setPlayingTurn(start) {
      if (get().playingTurnStart !== start) set({ playingTurnStart: start });
    },
  };
};
