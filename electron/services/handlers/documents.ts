import type { HandlersFor } from '../../../shared/api/contract.js';
import type { documentMethods } from '../../../shared/api/methods/documents.js';
import type { AppService } from '../app-service.js';
import { deleteDocument, getDocument, listDocuments, renameDocument } from '../documents.js';
import { importInputs, importPaths } from '../importer.js';

export const documentHandlers = (app: AppService): HandlersFor<typeof documentMethods> => ({
  'documents.list': () => listDocuments(app.current().db),
  'documents.get': ({ id }) => getDocument(app.current().db, id),
  'documents.importFiles': ({ files }) =>
    importInputs(
      app.current(),
      files.map((f) => ({ name: f.name, bytes: Buffer.from(f.base64, 'base64') })),
    ),
  'documents.importPaths': ({ paths }) => importPaths(app.current(), paths),
  'documents.rename': ({ id, name }) => renameDocument(app.current().db, id, name),
  'documents.delete': ({ id }) => {
    deleteDocument(app.current().db, id);
    return null;
  },
});
