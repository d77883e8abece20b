/**
 * Store slice for team coding: who is coding, the project's coders, which coders' codings the
 * document view shows, merging, agreement reports, the consensus walk and the calculator.
 */
import type { StateCreator } from 'zustand';
import type { Coding, SourceDocument } from '../../shared/types/entities';
import type {
  AgreementReport,
  CoderIdentity,
  CoderSummary,
  ConsensusDecision,
  ConsensusState,
  MergeCodeDecision,
  MergeLogEntry,
  MergePreview,
  MergeSummary,
  ReliabilityCalculation,
  UncodedUnits,
  UnitAgreementReport,
} from '../../shared/types/team';
import { api } from '../api/client';
import { attempt, busyLabel } from './busy';
import type { AppState } from './index';

/** Whose codings the document view shows. */
export type CoderView =
  | { mode: 'all' }
  | { mode: 'mine' }
  | { mode: 'one'; coderId: number }
  | { mode: 'pair'; coderIds: [number, number] };

export interface TeamSlice {
  identity: CoderIdentity | null;
  coders: CoderSummary[];
  coderView: CoderView;
  /** Derived from coderView and identity: the coder ids to show, or null for all. Read it with `visibleCoderIds`. */
  visibleCoders: number[] | null;

  mergePath: string | null;
  mergePreview: MergePreview | null;
  mergeDecisions: Record<string, MergeCodeDecision>;
  mergeResult: MergeSummary | null;
  /** Why the file to merge could not be read (e.g. a .qdpx past a cap); the merge dialog shows it with the “Limits”. */
  mergeError: string | null;
  merges: MergeLogEntry[];
  teamBusy: string | null;

  agreement: AgreementReport | null;
  unitAgreement: UnitAgreementReport | null;
  reliability: ReliabilityCalculation | null;

  consensus: ConsensusState | null;
  consensusIndex: number;
  /** The document shown side by side in the Team view, with every coder's codings. */
  compare: { document: SourceDocument; codings: Coding[] } | null;

  /** Forgets everything about the previous project (called when a project is opened). */
  resetTeam(): void;
  loadIdentity(): Promise<void>;
  loadTeam(): Promise<void>;
  setCoder(name: string): Promise<boolean>;
  setCoderView(view: CoderView): void;

  previewMerge(path: string): Promise<void>;
  setMergeDecision(incomingGuid: string, decision: MergeCodeDecision): void;
  applyMerge(): Promise<void>;
  closeMerge(): void;

  runAgreement(input: { coderA: number; coderB: number; minOverlapPercent: number; codeIds?: number[] }): Promise<void>;
  runUnitAgreement(input: { coderIds: number[]; codeIds?: number[]; uncoded: UncodedUnits; skipInterviewer?: boolean }): Promise<void>;
  /** `bootstrap`: samples and seed for alpha's bootstrapped interval (omit for none). */
  runReliability(csv: string, level: ReliabilityCalculation['level'], bootstrap?: { samples: number; seed: number }): Promise<void>;

  startConsensus(input: { coderA: number; coderB: number; name: string; minOverlapPercent: number }): Promise<void>;
  moveConsensus(delta: number): void;
  goToConsensus(index: number): void;
  decideConsensus(decision: ConsensusDecision): Promise<void>;
  closeConsensus(): void;
  loadCompare(documentId: number): Promise<void>;
  exportCoderSet(coderId: number, path: string): Promise<void>;
}

/** The coder ids whose codings the document view shows; null = everybody's. A stable reference. */
export const visibleCoderIds = (s: AppState): number[] | null => s.visibleCoders;

let visibleCache: { codings: Coding[]; visible: number[]; out: Coding[] } | null = null;

/**
 * The open document's codings filtered by `visibleCoderIds`, as a stable reference (the same
 * array while neither input changes), so it can be used directly as a zustand selector.
 */
export const selectVisibleCodings = (s: AppState): Coding[] => {
  const visible = s.visibleCoders;
  if (visible === null) return s.codings;
  if (visibleCache && visibleCache.codings === s.codings && visibleCache.visible === visible) return visibleCache.out;
  const ids = new Set(visible);
  const out = s.codings.filter((c) => ids.has(c.coderId));
  visibleCache = { codings: s.codings, visible, out };
  return out;
};

function derive(view: CoderView, identity: CoderIdentity | null): number[] | null {
  switch (view.mode) {
    case 'all':
      return null;
    case 'mine':
      return identity?.coderId ? [identity.coderId] : [];
    case 'one':
      return [view.coderId];
    case 'pair':
      return [...view.coderIds];
  }
}

/** What the team state of a project starts as; `resetTeam` returns to it when another project opens (the identity and the reliability calculator are kept). */
const projectTeamState = () => ({
  coders: [],
  coderView: { mode: 'all' },
  visibleCoders: null,
  mergePath: null,
  mergePreview: null,
  mergeDecisions: {},
  mergeResult: null,
  mergeError: null,
  merges: [],
  agreement: null,
  unitAgreement: null,
  consensus: null,
  consensusIndex: 0,
  compare: null,
}) satisfies Partial<TeamSlice>;

export const createTeamSlice: StateCreator<AppState, [], [], TeamSlice> = (set, get) => {
  const busy = busyLabel(set, get, 'teamBusy');
  /** Re-reads the project lists and the open document after a merge or a consensus decision. */
  const refreshProject = async () => {
    const [documents, codes] = await Promise.all([api.call('documents.list', {}), api.call('codes.list', {})]);
    set({ documents, codes });
    const active = get().activeDocument;
    if (active) await get().openDocument(active.id);
  };
  const setView = (coderView: CoderView, identity = get().identity) => set({ coderView, identity, visibleCoders: derive(coderView, identity) });

  return {
    identity: null,
    teamBusy: null,
    reliability: null,
    ...projectTeamState(),

    resetTeam() {
      set(projectTeamState());
    },
    async loadIdentity() {
      try {
        setView(get().coderView, await api.call('team.identity', {}));
      } catch (err) {
        get().notifyError(err);
      }
    },
    async loadTeam() {
      try {
        const [identity, coders, merges] = await Promise.all([api.call('team.identity', {}), api.call('team.coders', {}), api.call('team.merges', {})]);
        set({ coders, merges });
        setView(get().coderView, identity);
      } catch (err) {
        get().notifyError(err);
      }
    },
    setCoder: (name) =>
      attempt(get, async () => {
        const identity = await api.call('app.setCoder', { name });
        setView(get().coderView, identity);
        const appInfo = get().appInfo;
        if (appInfo) set({ appInfo: { ...appInfo, coderName: identity.name } });
        if (get().project) {
          set({ coders: await api.call('team.coders', {}) });
          // “me”'s codings may now be theirs (one undo step): the open document and Undo follow
          await get().syncAfterChange();
        }
      }),
    setCoderView(view) {
      setView(view);
    },

    async previewMerge(path) {
      set({ mergePath: path, mergePreview: null, mergeResult: null, mergeDecisions: {}, mergeError: null, teamBusy: 'Reading the file to merge…' });
      try {
        const preview = await api.call('team.mergePreview', { path, limits: get().archiveLimits });
        if (get().mergePath === path) set({ mergePreview: preview });
      } catch (err) {
        // shown in the merge dialog, where the caps of a .qdpx can be raised and the file read again
        if (get().mergePath === path) set({ mergeError: (err as Error)?.message ?? String(err) });
      } finally {
        set({ teamBusy: null });
      }
    },
    setMergeDecision(incomingGuid, decision) {
      set({ mergeDecisions: { ...get().mergeDecisions, [incomingGuid]: decision } });
    },
    async applyMerge() {
      const path = get().mergePath;
      if (!path) return;
      const result = await busy('Merging…', () => api.call('team.merge', { path, decisions: get().mergeDecisions, limits: get().archiveLimits }));
      if (!result) return;
      set({ mergeResult: result, mergePreview: null });
      await refreshProject();
      await get().loadTeam();
    },
    closeMerge() {
      set({ mergePath: null, mergePreview: null, mergeResult: null, mergeDecisions: {}, mergeError: null });
    },

    async runAgreement(input) {
      const report = await busy('Comparing…', () => api.call('team.agreement', input));
      if (report) set({ agreement: report });
    },
    async runUnitAgreement(input) {
      const report = await busy('Comparing units…', () => api.call('team.unitAgreement', input));
      if (report) set({ unitAgreement: report });
    },
    async runReliability(csv, level, bootstrap) {
      const result = await busy('Calculating…', () => api.call('team.reliability', { csv, level, ...(bootstrap ? { bootstrap } : {}) }));
      set({ reliability: result ?? null });
    },

    async startConsensus(input) {
      const state = await busy('Finding disagreements…', () => api.call('team.consensusStart', input));
      if (!state) return;
      const firstOpen = state.items.findIndex((i) => i.decision === null);
      set({ consensus: state, consensusIndex: firstOpen === -1 ? 0 : firstOpen });
      await get().loadTeam();
      const active = get().activeDocument;
      if (active) await get().openDocument(active.id);
    },
    moveConsensus(delta) {
      const c = get().consensus;
      if (!c || c.items.length === 0) return;
      set({ consensusIndex: Math.min(c.items.length - 1, Math.max(0, get().consensusIndex + delta)) });
    },
    goToConsensus(index) {
      const c = get().consensus;
      if (c && index >= 0 && index < c.items.length) set({ consensusIndex: index });
    },
    async decideConsensus(decision) {
      const c = get().consensus;
      const index = get().consensusIndex;
      const item = c?.items[index];
      if (!c || !item) return;
      try {
        const r = await api.call('team.consensusDecide', {
          coderA: c.coderA.id,
          coderB: c.coderB.id,
          consensusId: c.consensus.id,
          documentId: item.documentId,
          key: item.key,
          decision,
          minOverlapPercent: c.minOverlapPercent,
        });
        const items = c.items.map((x, i) => (i === index ? r.item : x));
        // Move on to the next undecided disagreement (after this one, then from the top).
        const after = items.findIndex((x, i) => i > index && x.decision === null);
        const next = after !== -1 ? after : items.findIndex((x) => x.decision === null);
        set({
          consensus: { ...c, items, decided: items.filter((x) => x.decision !== null).length, consensusCodings: r.consensusCodings },
          consensusIndex: next === -1 ? Math.min(index + 1, items.length - 1) : next,
        });
        const active = get().activeDocument;
        if (active && active.id === item.documentId) await get().openDocument(active.id);
      } catch (err) {
        get().notifyError(err);
      }
    },
    closeConsensus() {
      set({ consensus: null, consensusIndex: 0 });
    },
    async loadCompare(documentId) {
      try {
        const [document, codings] = await Promise.all([api.call('documents.get', { id: documentId }), api.call('codings.listByDocument', { documentId })]);
        set({ compare: { document, codings } });
      } catch (err) {
        get().notifyError(err);
      }
    },
    async exportCoderSet(coderId, path) {
      const r = await busy('Saving…', () => api.call('team.exportCoderSet', { coderId, path }));
      if (r) get().notify('info', 'Saved', `${r.coder}’s ${r.codings} codings were saved as a project of their own: ${r.path}`);
    },
  };
};
