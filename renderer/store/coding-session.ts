/**
 * The coding session: applying codes (by id, by name, in vivo, to a paragraph), the recent-codes
 * strip, the quick-code palette, the coding details popover, the active coding whose boundaries
 * are being adjusted, jumps to a place in a document, and undo/redo.
 */
import type { StateCreator } from 'zustand';
import { snapToGraphemes } from '../../shared/domain/offsets';
import { paragraphs } from '../../shared/domain/text';
import { inVivoName } from '../../shared/codebook/in-vivo';
import type { CodingChanges, Memo, UndoState, UndoTable } from '../../shared/types/coding';
import { touchesCodes } from '../../shared/domain/merge-changes';
import type { Coding } from '../../shared/types/entities';
import { api } from '../api/client';
import { attempt } from './busy';
import type { AppState } from './index';
import { once } from './once';
import type { TextSelection } from './project-data';

export interface CodingPopover {
  codingIds: number[];
  x: number;
  y: number;
}

export interface JumpTarget {
  documentId: number;
  start: number;
  end: number;
  /** Increments on every jump, so jumping twice to the same place flashes again. */
  seq: number;
}

export interface AdjustPreview {
  codingId: number;
  start: number;
  end: number;
}

export interface Range {
  documentId: number;
  start: number;
  end: number;
}

export interface CodingSessionSlice {
  recentCodeIds: number[];
  snapToWords: boolean;
  paletteOpen: boolean;
  popover: CodingPopover | null;
  activeCodingId: number | null;
  adjust: AdjustPreview | null;
  jumpTarget: JumpTarget | null;
  undoState: UndoState;
  /** Memos on the open document's codings, by coding id. */
  codingMemos: Record<number, Memo[]>;
  resetCodingSession(): void;
  refreshRecentCodes(): Promise<void>;
  setSnapToWords(on: boolean): void;
  openPalette(): void;
  closePalette(): void;
  openPopover(codingIds: number[], x: number, y: number): void;
  closePopover(): void;
  setActiveCoding(id: number | null): void;
  /** Shows a new range for the active coding without saving it. */
  previewAdjust(start: number, end: number): void;
  /** Saves the previewed range (one undoable step). */
  commitAdjust(): Promise<void>;
  /** Moves one end of the active coding by a character (grapheme) or a word; saved shortly after. */
  nudgeActive(edge: 'start' | 'end', direction: -1 | 1, unit?: 'char' | 'word'): void;
  applyCode(codeId: number, range?: Range): Promise<boolean>;
  /** `parentPath`: names of parents below `parentId` (or the top level) that are created when missing, in the same undo step. */
  applyNamedCode(name: string, options?: { parentId?: number | null; parentPath?: string[]; inVivo?: boolean; range?: Range }): Promise<boolean>;
  applyInVivo(): Promise<boolean>;
  applyRecent(index: number): Promise<boolean>;
  removeCoding(id: number): Promise<void>;
  /** The paragraph (or speaker turn, without the "Name:" label) containing `offset`, as a range. */
  paragraphRange(offset: number): Range | null;
  selectParagraph(offset: number): boolean;
  jumpTo(documentId: number, start: number, end: number): Promise<void>;
  /** Opens the coding's document and jumps to the coding. */
  jumpToCoding(documentId: number, codingId: number): Promise<void>;
  refreshUndo(): Promise<void>;
  undo(): Promise<void>;
  redo(): Promise<void>;
  loadCodingMemos(): Promise<void>;
  /** Reloads what a change to these tables (default: all) may have affected. */
  syncAfterChange(changed?: UndoTable[]): Promise<void>;
  /**
   * Takes in what a coding mutation (or Undo/Redo) returned as its `changes`: merges the codings,
   * codes and counts into the lists (no reload), sets the undo state, and reloads only what else it
   * touched (memos, themes, documents) and the open panel if it shows an affected code.
   */
  applyCodingChanges(changes: CodingChanges): Promise<void>;
}

const NO_UNDO: UndoState = { canUndo: false, canRedo: false, undoLabel: null, redoLabel: null };
const SNAP_KEY = 'weft.snapToWords';
const words = new Intl.Segmenter(undefined, { granularity: 'word' });
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * The next grapheme (or word) boundary from `pos` in `direction`. By word, a start moves between
 * word starts and an end between word ends, so a coding never gains a dangling space.
 */
function step(text: string, pos: number, direction: -1 | 1, unit: 'char' | 'word', edge: 'start' | 'end'): number {
  const from = Math.max(0, pos - 200);
  const slice = text.slice(from, Math.min(text.length, pos + 200));
  const bounds: number[] = [];
  for (const seg of (unit === 'word' ? words : graphemes).segment(slice)) {
    if (unit === 'word' && !seg.isWordLike) continue;
    const a = from + seg.index;
    const b = a + seg.segment.length;
    if (unit === 'char') bounds.push(a, b);
    else bounds.push(edge === 'start' ? a : b);
  }
  const sorted = [...new Set(bounds)].sort((a, b) => a - b);
  if (direction > 0) return sorted.find((b) => b > pos) ?? Math.min(text.length, pos + 1);
  return [...sorted].reverse().find((b) => b < pos) ?? Math.max(0, pos - 1);
}

function readSnap(): boolean {
  try {
    return localStorage.getItem(SNAP_KEY) === '1';
  } catch {
    return false;
  }
}

export const createCodingSessionSlice: StateCreator<AppState, [], [], CodingSessionSlice> = (set, get) => {
  let commitTimer: ReturnType<typeof setTimeout> | null = null;
  let jumpSeq = 0;
  // overlapping undo-state refreshes: only the newest reply is kept
  let undoSeq = 0;

  const bumpRecent = (codeId: number) => set({ recentCodeIds: [codeId, ...get().recentCodeIds.filter((id) => id !== codeId)].slice(0, 9) });

  /** The undo state a change returned; an undo.state reply still on its way is older. */
  const setUndoState = (undoState: UndoState) => {
    undoSeq++;
    set({ undoState });
  };

  /** The active coding and the popover let go of codings that are gone. */
  const forgetGoneCodings = () => {
    const ids = new Set(get().codings.map((c: Coding) => c.id));
    const active = get().activeCodingId;
    if (active !== null && !ids.has(active)) set({ activeCodingId: null, adjust: null });
    const pop = get().popover;
    if (pop) {
      const left = pop.codingIds.filter((k) => ids.has(k));
      if (left.length !== pop.codingIds.length) set({ popover: left.length ? { ...pop, codingIds: left } : null });
    }
  };

  /** Undo and Redo reach beyond the coding workspace: themes, documents, participants. */
  const reloadBeyondCodings = async (changed: UndoTable[]) => {
    if (changed.some((t) => DOCUMENT_TABLES.includes(t))) {
      const documents = await api.call('documents.list', {});
      const active = get().activeDocument;
      if (active && !documents.some((d) => d.id === active.id)) set({ activeDocument: null, codings: [], selection: null });
      else if (active) await get().openDocument(active.id);
      set({ documents });
    }
    if (get().themeTree && changed.some((t) => THEME_TABLES.includes(t) || t === 'codes')) await get().loadThemes();
    const open = get().activeDocument;
    if (open && changed.includes('document_media')) await get().loadMedia(open.id);
    if (changed.includes('sets') || changed.includes('set_members')) await get().loadDocumentSets();
    // the answer to “Who is coding?” undone or redone: “me” comes back or goes
    if (changed.includes('coders')) await get().loadTeam();
  };

  const rangeOrSelection = (range?: Range): Range | null => {
    const r = range ?? get().selection;
    if (!r) {
      get().notify('info', 'Select some text first', 'Drag across a passage in the transcript (or use Shift+arrow keys), then apply a code.');
      return null;
    }
    // The browser's own selection would start a text drag on the next mouse-down inside it. The
    // selection stays in the store (drawn as a highlight), so it can take more codes.
    window.getSelection()?.removeAllRanges();
    return r;
  };

  return {
    recentCodeIds: [],
    snapToWords: readSnap(),
    paletteOpen: false,
    popover: null,
    activeCodingId: null,
    adjust: null,
    jumpTarget: null,
    undoState: NO_UNDO,
    codingMemos: {},
    resetCodingSession() {
      if (commitTimer) clearTimeout(commitTimer);
      set({ recentCodeIds: [], paletteOpen: false, popover: null, activeCodingId: null, adjust: null, jumpTarget: null, undoState: NO_UNDO, codingMemos: {} });
    },
    async refreshRecentCodes() {
      try {
        set({ recentCodeIds: await api.call('codes.recent', {}) });
      } catch (err) {
        get().notifyError(err);
      }
    },
    setSnapToWords(on) {
      try {
        localStorage.setItem(SNAP_KEY, on ? '1' : '0');
      } catch {
        /* private mode: the toggle still works for this session */
      }
      set({ snapToWords: on });
    },
    openPalette() {
      set({ paletteOpen: true, popover: null });
    },
    closePalette() {
      set({ paletteOpen: false });
    },
    openPopover(codingIds, x, y) {
      set({ popover: { codingIds, x, y } });
    },
    closePopover() {
      set({ popover: null });
    },
    setActiveCoding(id) {
      if (get().adjust && get().adjust!.codingId !== id) void get().commitAdjust();
      set({ activeCodingId: id, ...(id === null ? { adjust: null } : {}) });
    },
    previewAdjust(start, end) {
      const id = get().activeCodingId;
      if (id === null || end <= start) return;
      set({ adjust: { codingId: id, start, end } });
    },
    async commitAdjust() {
      if (commitTimer) {
        clearTimeout(commitTimer);
        commitTimer = null;
      }
      const adj = get().adjust;
      if (!adj) return;
      const current = get().codings.find((c) => c.id === adj.codingId);
      if (!current || (current.start === adj.start && current.end === adj.end)) {
        set({ adjust: null });
        return;
      }
      try {
        const { changes } = await api.call('codings.update', { id: adj.codingId, start: adj.start, end: adj.end });
        const latest = get().adjust;
        if (latest && latest.codingId === adj.codingId && latest.start === adj.start && latest.end === adj.end) set({ adjust: null });
        await get().applyCodingChanges(changes);
      } catch (err) {
        set({ adjust: null });
        get().notifyError(err);
      }
    },
    nudgeActive(edge, direction, unit = 'char') {
      const id = get().activeCodingId;
      const doc = get().activeDocument;
      const coding = get().codings.find((c) => c.id === id);
      if (!doc || !coding) return;
      const adj = get().adjust ?? { codingId: coding.id, start: coding.start, end: coding.end };
      let { start, end } = adj;
      if (edge === 'start') start = Math.min(step(doc.text, start, direction, unit, 'start'), end - 1);
      else end = Math.max(step(doc.text, end, direction, unit, 'end'), start + 1);
      [start, end] = snapToGraphemes(doc.text, Math.max(0, start), Math.min(doc.text.length, end));
      if (end <= start) return;
      set({ adjust: { codingId: coding.id, start, end } });
      if (commitTimer) clearTimeout(commitTimer);
      commitTimer = setTimeout(() => void get().commitAdjust(), 500);
    },
    async applyCode(codeId, range) {
      const r = rangeOrSelection(range);
      if (!r) return false;
      return attempt(get, async () => {
        const { changes } = await api.call('codings.create', { documentId: r.documentId, codeId, start: r.start, end: r.end });
        bumpRecent(codeId);
        await get().applyCodingChanges(changes);
      });
    },
    async applyNamedCode(name, options = {}) {
      const r = rangeOrSelection(options.range);
      if (!r) return false;
      return attempt(get, async () => {
        const result = await api.call('codings.createWithCode', {
          documentId: r.documentId,
          start: r.start,
          end: r.end,
          name,
          ...(options.parentId !== undefined ? { parentId: options.parentId } : {}),
          ...(options.parentPath?.length ? { parentPath: options.parentPath } : {}),
          ...(options.inVivo ? { inVivo: true } : {}),
        });
        bumpRecent(result.code.id);
        await get().applyCodingChanges(result.changes);
      });
    },
    async applyInVivo() {
      const sel = get().selection;
      if (!sel) {
        get().notify('info', 'Select some words first', 'In-vivo coding turns the selected words into a new code and applies it.');
        return false;
      }
      const name = inVivoName(sel.text);
      if (!name) {
        get().notify('info', 'Nothing to name a code with', 'Select words (not only punctuation) for an in-vivo code.');
        return false;
      }
      return get().applyNamedCode(name, { inVivo: true, range: sel });
    },
    async applyRecent(index) {
      // the same list the recent-codes strip shows: recent codes that still exist
      const alive = new Set(get().codes.map((c) => c.id));
      const codeId = get().recentCodeIds.filter((id) => alive.has(id))[index];
      if (codeId === undefined) return false;
      return get().applyCode(codeId);
    },
    async removeCoding(id) {
      try {
        const { changes } = await api.call('codings.delete', { id });
        await get().applyCodingChanges(changes);
      } catch (err) {
        get().notifyError(err);
      }
    },
    paragraphRange(offset) {
      const doc = get().activeDocument;
      if (!doc) return null;
      const para = paragraphs(doc.text).find((p) => p.start <= offset && offset <= p.end);
      if (!para) return null;
      let start = para.start;
      const turn = doc.turns.find((t) => t.start === para.start && t.speaker);
      if (turn?.speaker && doc.text.startsWith(`${turn.speaker}:`, para.start)) {
        start += turn.speaker.length + 1;
        while (start < para.end && /\s/.test(doc.text[start]!)) start++;
      }
      let end = para.end;
      while (end > start && /\s/.test(doc.text[end - 1]!)) end--;
      if (end <= start) return null;
      return { documentId: doc.id, start, end };
    },
    selectParagraph(offset) {
      const r = get().paragraphRange(offset);
      const doc = get().activeDocument;
      if (!r || !doc) return false;
      const sel: TextSelection = { ...r, text: doc.text.slice(r.start, r.end) };
      set({ selection: sel });
      window.getSelection()?.removeAllRanges();
      return true;
    },
    async jumpTo(documentId, start, end) {
      if (get().activeDocument?.id !== documentId) await get().openDocument(documentId);
      if (get().view !== 'coding') get().setView('coding');
      set({ jumpTarget: { documentId, start, end, seq: ++jumpSeq } });
    },
    async jumpToCoding(documentId, codingId) {
      if (get().activeDocument?.id !== documentId) await get().openDocument(documentId);
      const k = get().codings.find((c) => c.id === codingId);
      if (k) await get().jumpTo(documentId, k.start, k.end);
    },
    async refreshUndo() {
      const seq = ++undoSeq;
      try {
        const undoState = await api.call('undo.state', {});
        if (seq === undoSeq) set({ undoState });
      } catch (err) {
        get().notifyError(err);
      }
    },
    async undo() {
      once.forgetFinished();
      if (get().adjust) await get().commitAdjust();
      try {
        const r = await api.call('undo.undo', {});
        get().notify('info', `Undone: ${r.label}`, 'Redo with Ctrl+Shift+Z (⌘⇧Z).');
        await Promise.all([get().applyCodingChanges(r.changes), r.changed.includes('codings') ? get().refreshRecentCodes() : null]);
      } catch (err) {
        get().notifyError(err);
        void get().refreshUndo();
      }
    },
    async redo() {
      once.forgetFinished();
      try {
        const r = await api.call('undo.redo', {});
        get().notify('info', `Redone: ${r.label}`, 'Undo with Ctrl+Z (⌘Z).');
        await Promise.all([get().applyCodingChanges(r.changes), r.changed.includes('codings') ? get().refreshRecentCodes() : null]);
      } catch (err) {
        get().notifyError(err);
        void get().refreshUndo();
      }
    },
    async loadCodingMemos() {
      const doc = get().activeDocument;
      if (!doc) return set({ codingMemos: {} });
      try {
        const memos = await api.call('memos.listForDocumentCodings', { documentId: doc.id });
        const byCoding: Record<number, Memo[]> = {};
        for (const m of memos) if (m.target.id !== null) (byCoding[m.target.id] ??= []).push(m);
        // none before and none now: the same (a new empty object would lay out the whole transcript's codings again)
        const none = memos.length === 0 && Object.keys(get().codingMemos).length === 0;
        if (get().activeDocument?.id === doc.id && !none) set({ codingMemos: byCoding });
      } catch (err) {
        get().notifyError(err);
      }
    },
    async syncAfterChange(changed) {
      const all = !changed;
      const has = (t: UndoTable) => all || changed.includes(t);
      try {
        await Promise.all([
          get().refreshCodes(),
          // a code's name, colour or place is not part of a coding: only changed codings are reloaded
          has('codings') ? get().refreshCodings() : Promise.resolve(),
          has('memos') || has('codings') ? get().loadCodingMemos() : Promise.resolve(),
          get().refreshRecentCodes(),
          get().refreshUndo(),
        ]);
        forgetGoneCodings();
        await get().refreshOpenPanels();
        if (!all) await reloadBeyondCodings(changed);
      } catch (err) {
        get().notifyError(err);
      }
    },
    async applyCodingChanges(changes) {
      setUndoState(changes.undo);
      if (!changes.complete) return get().syncAfterChange(changes.tables);
      try {
        get().mergeCodingChanges(changes);
        forgetGoneCodings();
        const memos = changes.tables.includes('memos');
        const panel = get().codingSidePanel;
        const q = get().extractQuery;
        // extracts show their code, document and participants' attributes: an undo beyond codings may change those
        const beyond = changes.tables.some((t) => t !== 'codings' && t !== 'codes' && t !== 'memos');
        const extractsAffected = panel === 'extracts' && (beyond || touchesCodes(changes, q.codeIds, get().codes, q.includeChildren));
        await Promise.all([
          memos ? get().loadCodingMemos() : null,
          (panel === 'memos' && memos) || extractsAffected ? get().refreshOpenPanels() : null,
          reloadBeyondCodings(changes.tables),
        ]);
      } catch (err) {
        get().notifyError(err);
      }
    },
  };
};

/** Tables whose undo or redo changes the documents list or the open document. */
const DOCUMENT_TABLES: readonly UndoTable[] = ['documents', 'speakers', 'turns', 'cases', 'document_cases', 'document_attribute_values', 'document_reading'];
/** Tables whose undo or redo changes the theme board, review, map or phases. */
const THEME_TABLES: readonly UndoTable[] = ['themes', 'theme_codes', 'theme_quotes', 'theme_map_layout', 'document_reading'];
