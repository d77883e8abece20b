/**
 * Cached project data owned by the backend (documents, codes, codings of the open document) and
 * the coding workspace's actions. The workspace's parts live in coding-*.ts and are merged here:
 * coding-session.ts (applying codes, undo, the palette, active coding, jumps),
 * coding-codebook.ts (editing the codebook), coding-retrieval.ts (extracts and memos).
 */
import type { StateCreator } from 'zustand';
import type { CodeWithCounts, Coding, DocumentSummary, SourceDocument } from '../../shared/types/entities';
import type { MediaSource } from '../../shared/types/media';
import type { CodingChanges } from '../../shared/types/coding';
import { mergeCodes, mergeDocumentCounts, mergeOpenCodings, sortCodings } from '../../shared/domain/merge-changes';
import { api } from '../api/client';
import { attemptOr } from './busy';
import type { AppState } from './index';
import { createDocumentCodingsCache, createDocumentTextCache } from './document-texts';
import { flightKey, once } from './once';
import { placeKey, readLastOpen, readPlace, writePlace, type Place } from './last-place';
import { createCodingSessionSlice, type CodingSessionSlice } from './coding-session';
import { createCodebookSlice, type CodebookSlice } from './coding-codebook';
import { createRetrievalSlice, type RetrievalSlice } from './coding-retrieval';

export interface TextSelection {
  documentId: number;
  start: number;
  end: number;
  text: string;
}

/** The requests that open a document, sent: its text, its codings and its recording's link. */
interface Opening {
  doc: Promise<SourceDocument>;
  codings: Promise<Coding[]>;
  media: Promise<MediaSource | null>;
}

/**
 * What the workspace shows first, asked for at start together with which project is open (before
 * the backend has said it): the lists, and the document open last in this browser. Used by
 * `loadProjectData` when they are for the project that is open; dropped unread otherwise.
 */
export interface EarlyProjectData {
  documents: Promise<DocumentSummary[]>;
  codes: CodesAsked;
  /** The document open last in this browser, in the project with this placeKey. */
  last: { project: string; id: number; opening: Opening } | null;
}

/** A codes.list asked for, with the moment it was asked (see applyCodes). */
export interface CodesAsked {
  reply: Promise<CodeWithCounts[]>;
  /** Which ask this is (a newer ask's reply replaces it). */
  ask: number;
  /** How many changes had been merged into the list when it was asked. */
  merges: number;
}

export interface ProjectDataSlice extends CodingSessionSlice, CodebookSlice, RetrievalSlice {
  documents: DocumentSummary[];
  codes: CodeWithCounts[];
  activeDocument: SourceDocument | null;
  codings: Coding[];
  selection: TextSelection | null;
  /**
   * Forgets everything shown about the open project, in every slice (the one place that runs when
   * another project, or another state of this one, is entered or the project is closed).
   */
  resetProjectData(): void;
  /**
   * The lists, then the first document; what the transcript does not need comes after it. The
   * document open last time is asked for with the lists; `early`: replies asked for at start
   * (prefetchProjectData), when a project turned out to be open.
   */
  loadProjectData(early?: EarlyProjectData): Promise<void>;
  /** At start, before it is known whether a project is open: asks for what loadProjectData would ask first. */
  prefetchProjectData(): EarlyProjectData;
  /** Resolves once the project's data shown first (lists and the first document) is in: start what can wait then. */
  whenProjectShown(): Promise<void>;
  /** Resolves once the first document's requests are out (or there is none): render the workspace then, not before (boot). */
  whenDocumentAsked(): Promise<void>;
  /** Where to put the open document's scroll when it is first shown (the place remembered from the last session), or null. */
  restorePlace: Place | null;
  /** Remembers the first paragraph in view of the open document (for the next reload). */
  rememberPlace(documentId: number, offset: number): void;
  openDocument(id: number): Promise<void>;
  createCode(name: string, parentId?: number | null): Promise<CodeWithCounts | null>;
  setSelection(selection: TextSelection | null): void;
  /** Reloads the code list (with counts). */
  refreshCodes(): Promise<void>;
  /** Reloads the document list and the open document's codings. */
  refreshCodings(): Promise<void>;
  /**
   * Merges what a coding mutation changed (its `changes`, when complete) into the codes, the
   * documents' counts and the open document's codings, instead of reloading them.
   */
  mergeCodingChanges(changes: CodingChanges): void;
}

export { sortCodings };

export const createProjectDataSlice: StateCreator<AppState, [], [], ProjectDataSlice> = (set, get, store) => {
  let codingsSeq = 0;
  // replies of overlapping refreshes can arrive out of order: only the newest ask's reply is kept,
  // and a reply read before a change was merged into the list is asked for again (applyCodes)
  let codesAsks = 0;
  let codesMerges = 0;
  const askCodes = (): CodesAsked => ({ reply: api.call('codes.list', {}), ask: ++codesAsks, merges: codesMerges });
  /** Texts of the documents opened lately: opening one again does not transfer its text. */
  const texts = createDocumentTextCache();
  /** And their codings: opening one again does not transfer them when they are unchanged. */
  const codingsHeld = createDocumentCodingsCache();
  let shown: Promise<void> = Promise.resolve();
  let asked: Promise<void> = Promise.resolve();
  /** A document's requests sent before it is opened (the one open last time, asked for with the lists). */
  let prefetched: { id: number; opening: Opening } | null = null;
  /**
   * A document with its codings, in one call (documents.open: one round trip), each not sent again
   * when the copy held is current; asked again whole when a copy was dropped meanwhile.
   */
  const fetchOpened = async (id: number): Promise<[SourceDocument, Coding[]]> => {
    const knownHash = texts.knownHash(id);
    const knownCodingsHash = codingsHeld.knownHash(id);
    const reply = await api.call('documents.open', {
      id,
      ...(knownHash !== undefined ? { knownHash } : {}),
      ...(knownCodingsHash !== undefined ? { knownCodingsHash } : {}),
    });
    const doc = texts.resolve(reply.document);
    const codings = codingsHeld.resolve(reply.codings);
    if (doc && codings) return [doc, codings];
    // a copy held was dropped meanwhile: only what is missing is asked for again
    const again = await api.call('documents.open', {
      id,
      ...(doc ? { knownHash: doc.contentHash } : {}),
      ...(codings && knownCodingsHash !== undefined ? { knownCodingsHash } : {}),
    });
    return [doc ?? texts.resolve(again.document)!, codings ?? codingsHeld.resolve(again.codings)!];
  };
  const fetchCodings = async (documentId: number) => {
    const knownHash = codingsHeld.knownHash(documentId);
    const reply = await api.call('codings.forDocument', { documentId, ...(knownHash !== undefined ? { knownHash } : {}) });
    return codingsHeld.resolve(reply) ?? codingsHeld.resolve(await api.call('codings.forDocument', { documentId }))!;
  };
  /**
   * Sends the requests that open a document, the recording's link first (the backend answers it
   * at once, so it does not wait behind the text). A failure is told when the opening is used: a
   * prefetched one may be dropped unread.
   */
  const request = (id: number): Opening => {
    const media = api.call('media.get', { documentId: id });
    const opened = fetchOpened(id);
    const opening = { media, doc: opened.then(([doc]) => doc), codings: opened.then(([, codings]) => codings) };
    for (const p of Object.values(opening)) p.catch(() => {});
    return opening;
  };
  /**
   * The codebook from a codes.list reply. Dropped when a newer list was asked for since (replies can
   * arrive out of order); asked for again when a change was merged into the list after it was asked
   * (the reply was read before the change, the merged list may lack the rest): at most twice more,
   * then the merged list stands.
   */
  const applyCodes = async (asked: CodesAsked, retries = 2): Promise<void> => {
    const codes = await asked.reply;
    if (asked.ask !== codesAsks) return;
    if (asked.merges !== codesMerges) {
      if (retries > 0) await applyCodes(askCodes(), retries - 1);
      return;
    }
    set({ codes });
  };

  return {
    ...createCodingSessionSlice(set, get, store),
    ...createCodebookSlice(set, get, store),
    ...createRetrievalSlice(set, get, store),
    documents: [],
    codes: [],
    restorePlace: null,
    rememberPlace(documentId, offset) {
      const project = get().project;
      if (project) writePlace(placeKey(project), { documentId, offset });
    },
    activeDocument: null,
    codings: [],
    selection: null,
    resetProjectData() {
      set({ documents: [], documentSets: [], codes: [], activeDocument: null, codings: [], selection: null, media: null, playingTurnStart: null, restorePlace: null });
      texts.clear();
      codingsHeld.clear();
      prefetched = null;
      get().resetCodingSession();
      get().resetCodebook();
      get().resetRetrieval();
      get().resetExchange();
      get().resetThemes();
    },
    prefetchProjectData() {
      const last = readLastOpen();
      const early: EarlyProjectData = {
        documents: api.call('documents.list', {}),
        codes: askCodes(),
        last: last ? { project: last.project, id: last.documentId, opening: request(last.documentId) } : null,
      };
      // no project open (or another one): the replies are dropped unread
      early.documents.catch(() => {});
      early.codes.reply.catch(() => {});
      return early;
    },
    loadProjectData(early) {
      let markAsked = () => {};
      asked = new Promise<void>((resolve) => (markAsked = resolve));
      const load = async () => {
        try {
          // the document open last time (after a reload) is asked for at once, with the lists (at the same
          // place); it is dropped when it is gone. Else the first document, once the list is in.
          const project = get().project;
          const place = project ? readPlace(placeKey(project)) : null;
          if (place && early?.last && project && early.last.project === placeKey(project) && early.last.id === place.documentId) prefetched = early.last;
          else if (place) prefetched = { id: place.documentId, opening: request(place.documentId) };
          // replies asked for at start are for the project that is open now: it was open then (else ask again)
          const codesAsked: CodesAsked = early ? { ...early.codes, reply: early.codes.reply.catch(() => api.call('codes.list', {})) } : askCodes();
          const documents = await (early ? early.documents.catch(() => api.call('documents.list', {})) : api.call('documents.list', {}));
          const remembered = place ? documents.find((d) => d.id === place.documentId) : undefined;
          if (remembered && place) set({ restorePlace: place });
          const first = remembered ?? documents[0];
          // the document's requests go out before the lists are rendered, so the backend works meanwhile
          const opening = first ? get().openDocument(first.id) : null;
          prefetched = null;
          markAsked();
          set({ documents });
          // the codebook once the document is asked for: rendering it does not hold the request back
          await Promise.all([applyCodes(codesAsked), opening]);
        } catch (err) {
          // the remembered document's opening is dropped with the rest: kept, it would be taken for
          // a document of the same id in the next project opened
          prefetched = null;
          get().notifyError(err);
        }
        markAsked();
        // after the transcript: the palette's recent codes and the undo button
        void get().refreshRecentCodes();
        void get().refreshUndo();
      };
      const done = load();
      // a macrotask later, so the transcript is rendered before what waits for it asks the backend
      shown = done.then(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
      return done;
    },
    whenProjectShown: () => shown,
    whenDocumentAsked: () => asked,
    async openDocument(id) {
      // asked for already (the document open last time, with the lists): taken before anything is awaited
      const pre = prefetched?.id === id ? prefetched.opening : null;
      if (pre) prefetched = null;
      try {
        if (get().adjust) await get().commitAdjust();
        const seq = ++codingsSeq;
        const opening = pre ?? request(id);
        // the recording's link comes with the text, so the player docks in its final size at once (no layout shift);
        // a failure to read it is told, and the player then offers to link one
        const source = opening.media.catch((err: unknown) => {
          get().notifyError(err);
          return null;
        });
        const [doc, codings, mediaSource] = await Promise.all([opening.doc, opening.codings, source]);
        const media = { documentId: id, source: mediaSource };
        if (seq !== codingsSeq) return;
        const keep = get().activeDocument?.id === id;
        set({ activeDocument: doc, codings, media, ...(keep ? {} : { selection: null, activeCodingId: null, adjust: null, popover: null }) });
        if (!keep && get().restorePlace?.documentId !== id) get().rememberPlace(id, 0);
        void get().loadCodingMemos();
      } catch (err) {
        get().notifyError(err);
      }
    },
    createCode(name, parentId = null) {
      return once(flightKey('codes.create', name, parentId), () =>
        attemptOr(
          get,
          async () => {
            const code = await api.call('codes.create', { name, parentId });
            await get().applyCodingChanges(code.changes);
            return get().codes.find((c) => c.id === code.id) ?? null;
          },
          null,
        ),
      );
    },
    setSelection(selection) {
      set({ selection });
    },
    refreshCodes() {
      return applyCodes(askCodes());
    },
    mergeCodingChanges(changes) {
      // a codes.list reply still on its way was read before this change: it is asked for again
      codesMerges++;
      const s = get();
      set({
        codes: mergeCodes(s.codes, changes),
        documents: mergeDocumentCounts(s.documents, changes),
        codings: mergeOpenCodings(s.codings, s.activeDocument?.id ?? null, changes),
      });
    },
    async refreshCodings() {
      const doc = get().activeDocument;
      const seq = ++codingsSeq;
      const [documents, codings] = await Promise.all([
        api.call('documents.list', {}),
        doc ? fetchCodings(doc.id) : Promise.resolve(null),
      ]);
      if (seq !== codingsSeq) {
        set({ documents });
        return;
      }
      set({ documents, ...(codings && get().activeDocument?.id === doc?.id ? { codings } : {}) });
    },
  };
};
