/** The “Share safely (pseudonymised copy)” dialog: terms, the review, writing the copy and its key (issue 16). */
import type { StateCreator } from 'zustand';
import type { PseudonymTerm } from '../../shared/pseudonymise/terms';
import type { PseudonymisePreview, PseudonymiseResult, ReidentifyResult, SuggestedTerm } from '../../shared/types/pseudonymise';
import type { PseudonymiseJob, ReidentifyJob } from '../../shared/types/exchange';
import { ApiError } from '../../shared/api/errors';
import { api } from '../api/client';
import { cancelExchangeJob, followExchangeJob } from './exchange';
import type { AppState } from './index';

export interface ShareTermRow {
  term: string;
  pseudonym: string;
}

export interface PseudonymiseSlice {
  shareTerms: ShareTermRow[];
  /** Capitalised words recurring across documents, not yet in the list. */
  shareSuggestions: SuggestedTerm[];
  sharePreview: PseudonymisePreview | null;
  shareResult: PseudonymiseResult | null;
  shareBusy: string | null;
  shareError: string | null;
  /** The copy being written in the background (its progress and Cancel), or null. */
  shareJob: PseudonymiseJob | null;
  /** Cancels writing the copy: no copy and no key are written. */
  cancelShare(): Promise<void>;
  /** Starts the dialog: participants and speakers become terms P01, P02…; the rest are suggestions. */
  startShare(): Promise<void>;
  setShareTerms(rows: ShareTermRow[]): void;
  reviewShare(): Promise<void>;
  writeShare(path: string, keyPath: string, passphrase: string): Promise<boolean>;
  closeShare(): void;
  /**
   * Re-identify: writes a NEW project from the open pseudonymised copy with its key file and
   * passphrase. Resolves to the result, or to the problem in words (wrong passphrase, another
   * copy's key, a copy edited since…); nothing is written on a problem.
   */
  reidentify(keyPath: string, passphrase: string, path: string): Promise<{ result: ReidentifyResult } | { error: string } | { cancelled: true }>;
  /** The re-identified copy being written in the background, or null. */
  reidentifyJob: ReidentifyJob | null;
  /** Cancels it: no file is written. */
  cancelReidentify(): Promise<void>;
}

const usable = (rows: ShareTermRow[]): PseudonymTerm[] => rows.filter((r) => r.term.trim() && r.pseudonym.trim()).map((r) => ({ term: r.term.trim(), pseudonym: r.pseudonym.trim() }));
const message = (err: unknown) => (err instanceof ApiError || err instanceof Error ? err.message : String(err));

export const createPseudonymiseSlice: StateCreator<AppState, [], [], PseudonymiseSlice> = (set, get) => {
  const run = async (what: string, fn: () => Promise<void>): Promise<boolean> => {
    set({ shareBusy: what, shareError: null });
    try {
      await fn();
      return true;
    } catch (err) {
      set({ shareError: message(err) });
      return false;
    } finally {
      set({ shareBusy: null });
    }
  };
  return {
    shareTerms: [],
    shareSuggestions: [],
    sharePreview: null,
    shareResult: null,
    shareBusy: null,
    shareError: null,
    shareJob: null,
    reidentifyJob: null,
    async startShare() {
      set({ shareTerms: [], shareSuggestions: [], sharePreview: null, shareResult: null, shareError: null });
      await run('Finding names…', async () => {
        const suggested = await api.call('pseudonymise.suggestTerms', {});
        const seeded = suggested.filter((s) => s.source !== 'suggestion');
        set({
          shareTerms: seeded.map((s, i) => ({ term: s.term, pseudonym: `P${String(i + 1).padStart(2, '0')}` })),
          shareSuggestions: suggested.filter((s) => s.source === 'suggestion'),
        });
      });
    },
    setShareTerms(rows) {
      // a changed list needs a new review before writing
      set({ shareTerms: rows, sharePreview: null, shareResult: null });
    },
    async reviewShare() {
      const terms = usable(get().shareTerms);
      if (terms.length === 0) {
        set({ shareError: 'Give at least one identifying term and its pseudonym.' });
        return;
      }
      await run('Reviewing…', async () => set({ sharePreview: await api.call('pseudonymise.preview', { terms }) }));
    },
    async writeShare(path, keyPath, passphrase) {
      let cancelled = false;
      const written = await run('Writing the pseudonymised copy…', async () => {
        // a background job (a worker thread in the service): progress by documents, and Cancel
        const started = await api.call('pseudonymise.start', { terms: usable(get().shareTerms), path, keyPath, passphrase });
        set({ shareJob: started });
        try {
          const job = await followExchangeJob(started, (update) => set({ shareJob: update }));
          if (job.state === 'cancelled') cancelled = true;
          else if (job.state !== 'done' || !job.result) throw new Error(job.error?.message ?? 'The pseudonymised copy failed; nothing was written.');
          else set({ shareResult: job.result });
        } finally {
          set({ shareJob: null });
        }
      });
      if (cancelled) get().notify('info', 'Pseudonymised copy cancelled', 'No copy and no key were written; this project is as it was.');
      return written && !cancelled;
    },
    async cancelShare() {
      await cancelExchangeJob(get().shareJob, get().notifyError);
    },
    async reidentify(keyPath, passphrase, path) {
      try {
        const started = await api.call('pseudonymise.startReidentify', { keyPath, passphrase, path });
        set({ reidentifyJob: started });
        try {
          const job = await followExchangeJob(started, (update) => set({ reidentifyJob: update }));
          if (job.state === 'cancelled') return { cancelled: true };
          if (job.state !== 'done' || !job.result) return { error: job.error?.message ?? 'The re-identified copy failed; nothing was written.' };
          return { result: job.result };
        } finally {
          set({ reidentifyJob: null });
        }
      } catch (err) {
        return { error: message(err) };
      }
    },
    async cancelReidentify() {
      await cancelExchangeJob(get().reidentifyJob, get().notifyError);
    },
    closeShare() {
      void get().cancelShare();
      set({ shareTerms: [], shareSuggestions: [], sharePreview: null, shareResult: null, shareBusy: null, shareError: null });
    },
  };
};
