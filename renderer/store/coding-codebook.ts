/** Editing the codebook: edit form, nest/reorder, merge, delete with impact, CSV import. Every change is undoable. */
import type { StateCreator } from 'zustand';
import type { Input } from '../../shared/api/contract';
import { toggled } from '../../shared/domain/list';
import type { CodeDeleteImpact, CodingChanges } from '../../shared/types/coding';
import type { CodeWithCounts } from '../../shared/types/entities';
import { api } from '../api/client';
import { fileToBase64 } from '../browser/files';
import { attempt } from './busy';
import type { AppState } from './index';

/** The fields of a code an edit may change (the contract's `codes.update` patch). */
export type CodePatch = Input<'codes.update'>['patch'];

export type CodeDialog =
  | { kind: 'edit'; codeId: number }
  | { kind: 'merge'; codeId: number }
  | { kind: 'subcode'; codeId: number }
  | { kind: 'delete'; codeId: number; impact: CodeDeleteImpact };

export interface CodebookSlice {
  /** Codes selected in the codes panel (retrieval uses them). */
  selectedCodeIds: number[];
  collapsedCodeIds: number[];
  codeDialog: CodeDialog | null;
  resetCodebook(): void;
  selectCode(id: number, additive?: boolean): void;
  toggleCollapsed(id: number): void;
  openCodeDialog(kind: 'edit' | 'merge' | 'subcode' | 'delete', codeId: number): Promise<void>;
  closeCodeDialog(): void;
  updateCode(id: number, patch: CodePatch): Promise<boolean>;
  moveCodeTo(id: number, parentId: number | null, index: number): Promise<boolean>;
  /** Alt+Up/Down: one place up or down among its siblings. */
  reorderCode(id: number, direction: -1 | 1): Promise<boolean>;
  /** Tab: becomes the last sub-code of the sibling above. */
  indentCode(id: number): Promise<boolean>;
  /** Shift+Tab: becomes a sibling of its parent, right after it. */
  outdentCode(id: number): Promise<boolean>;
  mergeCodes(sourceId: number, targetId: number): Promise<boolean>;
  deleteCode(id: number): Promise<boolean>;
  importCodebook(file: File): Promise<boolean>;
}

const siblingsOf = (codes: CodeWithCounts[], parentId: number | null) => codes.filter((c) => c.parentId === parentId);

export const createCodebookSlice: StateCreator<AppState, [], [], CodebookSlice> = (set, get) => {
  /** Runs a codebook change and takes in what it returns as changed (no reload of the lists). */
  const run = (fn: () => Promise<{ changes: CodingChanges }>) =>
    attempt(get, async () => {
      const { changes } = await fn();
      await get().applyCodingChanges(changes);
    });
  return {
    selectedCodeIds: [],
    collapsedCodeIds: [],
    codeDialog: null,
    resetCodebook() {
      set({ selectedCodeIds: [], collapsedCodeIds: [], codeDialog: null });
    },
    selectCode(id, additive = false) {
      const cur = get().selectedCodeIds;
      if (additive) set({ selectedCodeIds: toggled(cur, id) });
      else set({ selectedCodeIds: cur.length === 1 && cur[0] === id ? [] : [id] });
    },
    toggleCollapsed(id) {
      const cur = get().collapsedCodeIds;
      set({ collapsedCodeIds: toggled(cur, id) });
    },
    async openCodeDialog(kind, codeId) {
      if (kind === 'delete') {
        try {
          const impact = await api.call('codes.deleteImpact', { id: codeId });
          set({ codeDialog: { kind, codeId, impact } });
        } catch (err) {
          get().notifyError(err);
        }
      } else set({ codeDialog: { kind, codeId } });
    },
    closeCodeDialog() {
      set({ codeDialog: null });
    },
    updateCode: (id, patch) => run(() => api.call('codes.update', { id, patch })),
    moveCodeTo: (id, parentId, index) => run(() => api.call('codes.move', { id, parentId, index })),
    async reorderCode(id, direction) {
      const code = get().codes.find((c) => c.id === id);
      if (!code) return false;
      const sibs = siblingsOf(get().codes, code.parentId);
      const i = sibs.findIndex((c) => c.id === id);
      const j = i + direction;
      if (j < 0 || j >= sibs.length) return false;
      return get().moveCodeTo(id, code.parentId, j);
    },
    async indentCode(id) {
      const code = get().codes.find((c) => c.id === id);
      if (!code) return false;
      const sibs = siblingsOf(get().codes, code.parentId);
      const i = sibs.findIndex((c) => c.id === id);
      const above = sibs[i - 1];
      if (!above) return false;
      set({ collapsedCodeIds: get().collapsedCodeIds.filter((x) => x !== above.id) });
      return get().moveCodeTo(id, above.id, siblingsOf(get().codes, above.id).length);
    },
    async outdentCode(id) {
      const code = get().codes.find((c) => c.id === id);
      if (!code || code.parentId === null) return false;
      const parent = get().codes.find((c) => c.id === code.parentId);
      if (!parent) return false;
      const sibs = siblingsOf(get().codes, parent.parentId);
      return get().moveCodeTo(id, parent.parentId, sibs.findIndex((c) => c.id === parent.id) + 1);
    },
    async mergeCodes(sourceId, targetId) {
      let message = '';
      const ok = await run(async () => {
        const r = await api.call('codes.merge', { sourceId, targetId });
        message = `${r.moved} coding${r.moved === 1 ? '' : 's'} moved to “${r.target.name}”${r.collapsed ? `, ${r.collapsed} duplicate${r.collapsed === 1 ? '' : 's'} collapsed` : ''}.`;
        return r;
      });
      if (ok) {
        set({ codeDialog: null, selectedCodeIds: get().selectedCodeIds.filter((x) => x !== sourceId) });
        get().notify('info', 'Codes merged', `${message} Undo with Ctrl+Z.`);
      }
      return ok;
    },
    async deleteCode(id) {
      const ok = await run(() => api.call('codes.delete', { id }));
      if (ok) set({ codeDialog: null, selectedCodeIds: get().selectedCodeIds.filter((x) => get().codes.some((c) => c.id === x)) });
      return ok;
    },
    importCodebook: (file) =>
      attempt(get, async () => {
        const r = await api.call('exchange.importCodebook', { source: { name: file.name, base64: await fileToBase64(file) } });
        await get().syncAfterChange(['codes']);
        get().notify(
          'info',
          `Codebook imported from ${file.name}`,
          `${r.newCodes.length} codes created, ${r.matched.codes} already there.${r.warnings.length ? ` ${r.warnings.join('; ')}` : ''}`,
        );
      }),
  };
};
