import type { HandlersFor } from '../../../shared/api/contract.js';
import type { codingMethods } from '../../../shared/api/methods/coding.js';
import type { CodeWithCounts } from '../../../shared/types/entities.js';
import type { AppService } from '../app-service.js';
import { codeDeleteImpact, keptCodes, recentCodeIds } from '../codes.js';
import { documentCodings, listCodingsByDocument } from '../codings.js';
import {
  applyCodeStep,
  applyNamedCodeStep,
  createCodeStep,
  deleteCodeStep,
  deleteCodingStep,
  mergeCodesStep,
  moveCodeStep,
  moveCodingsStep,
  updateCodeStep,
  updateCodingStep,
} from '../coding-workspace.js';
import { listExtracts, pageExtracts } from '../extracts.js';
import { createMemo, deleteMemo, listMemos, memosOnDocumentCodings, searchMemos, updateMemo } from '../memos.js';
import { historyOf } from '../undo.js';
import { trackCodingChanges } from '../coding-changes.js';

export const codingHandlers = (app: AppService): HandlersFor<typeof codingMethods> => {
  const db = () => app.current().db;
  /** Undo or Redo, with what it changed in codings, codes and their counts (as the coding mutations report it). */
  const undoOrRedo = (verb: 'undo' | 'redo') => {
    const { result, changes } = trackCodingChanges(db(), () => historyOf(db())[verb](), (r) => r.changed);
    return { ...result, changes };
  };
  return {
    // kept until the project changes: asked again with nothing written, it costs almost nothing (frozen: sent, never changed)
    'codes.list': () => keptCodes(db()) as CodeWithCounts[],
    'codes.create': (input) => createCodeStep(db(), input),
    'codes.update': ({ id, patch }) => updateCodeStep(db(), id, patch),
    'codes.delete': ({ id }) => {
      deleteCodeStep(db(), id);
      return null;
    },
    'codes.deleteImpact': ({ id }) => codeDeleteImpact(db(), id),
    'codes.move': ({ id, parentId, index }) => moveCodeStep(db(), id, parentId, index),
    'codes.merge': ({ sourceId, targetId }) => mergeCodesStep(db(), sourceId, targetId),
    'codes.recent': () => recentCodeIds(db(), app.current().knownCoderId()),

    'codings.listByDocument': ({ documentId }) => listCodingsByDocument(db(), documentId),
    'codings.forDocument': ({ documentId, knownHash }) => documentCodings(db(), documentId, knownHash),
    'codings.create': (input) => applyCodeStep(db(), { ...input, coderId: app.current().coderId() }),
    'codings.createWithCode': (input) => applyNamedCodeStep(db(), { ...input, coderId: app.current().coderId() }),
    'codings.update': ({ id, start, end }) => updateCodingStep(db(), id, start, end),
    'codings.delete': ({ id }) => {
      deleteCodingStep(db(), id);
      return null;
    },
    'codings.move': (input) => moveCodingsStep(db(), input),

    'undo.state': () => historyOf(db()).state(),
    'undo.undo': () => undoOrRedo('undo'),
    'undo.redo': () => undoOrRedo('redo'),

    'extracts.list': (filter) => listExtracts(db(), filter),
    'extracts.page': (input) => pageExtracts(db(), input),

    'memos.list': ({ target }) => listMemos(db(), target),
    'memos.listForDocumentCodings': ({ documentId }) => memosOnDocumentCodings(db(), documentId),
    'memos.create': ({ target, title, body }) =>
      createMemo(db(), { target, title, body, coderId: app.current().coderId() }),
    'memos.update': ({ id, title, body }) => updateMemo(db(), id, { title, body }),
    'memos.delete': ({ id }) => {
      deleteMemo(db(), id);
      return null;
    },
    'memos.search': ({ query }) => searchMemos(db(), query),
  };
};
