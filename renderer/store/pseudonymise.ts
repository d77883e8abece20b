/** The “Share safely (pseudonymised copy)” dialog: terms, the review, writing the copy and its key (issue 16). */
import type { StateCreator } from 'zustand';
import type { PseudonymTerm } from '../../shared/pseudonymise/terms';
import type { PseudonymisePreview, PseudonymiseResult, ReidentifyResult, SuggestedTerm } from '../../shared/types/pseudonymise';
import { ApiError } from '../../shared/api/errors';
import { api } from '../api/client';
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
  reidentify(keyPath: string, passphrase: string, path: string): Promise<{ result: ReidentifyResult } | { error: string }>;
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
    writeShare(path, keyPath, passphrase) {
      return run('Writing the pseudonymised copy…', async () => {
        const result = await api.call('pseudonymise.write', { terms: usable(get().shareTerms), path, keyPath, passphrase });
        set({ shareResult: result });
      });
    },
    async reidentify(keyPath, passphrase, path) {
      try {
        return { result: await api.call('pseudonymise.reidentify', { keyPath, passphrase, path }) };
      } catch (err) {
        return { error: message(err) };
      }
    },
    closeShare() {
      set({ shareTerms: [], shareSuggestions: [], sharePreview: null, shareResult: null, shareBusy: null, shareError: null });
    },
  };
};
