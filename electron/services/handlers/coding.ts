import type { HandlersFor } from '../../../shared/api/contract.js';
import type { codingMethods } from '../../../shared/api/methods/coding.js';
import type { AppService } from '../app-service.js';
import { createCode, deleteCode, listCodes, updateCode } from '../codes.js';
import { createCoding, deleteCoding, listCodingsByDocument } from '../codings.js';

export const codingHandlers = (app: AppService): HandlersFor<typeof codingMethods> => ({
  'codes.list': () => listCodes(app.current().db),
  'codes.create': (input) => app.current().transaction(() => createCode(app.current().db, input)),
  'codes.update': ({ id, patch }) => app.current().transaction(() => updateCode(app.current().db, id, patch)),
  'codes.delete': ({ id }) => {
    deleteCode(app.current().db, id);
    return null;
  },
  'codings.listByDocument': ({ documentId }) => listCodingsByDocument(app.current().db, documentId),
  'codings.create': (input) => {
    const s = app.current();
    return s.transaction(() => createCoding(s.db, { ...input, coderId: s.coderId() }));
  },
  'codings.delete': ({ id }) => {
    deleteCoding(app.current().db, id);
    return null;
  },
});
