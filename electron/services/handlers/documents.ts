import type { HandlersFor } from '../../../shared/api/contract.js';
import type { documentMethods } from '../../../shared/api/methods/documents.js';
import type { DocumentSummary } from '../../../shared/types/entities.js';
import type { AppService } from '../app-service.js';
import { deleteDocument, getDocument, keptDocuments, renameDocument, updateSpeaker } from '../documents.js';
import { collectPaths, importInputs, importPaths, pathInputs, previewSpeakers } from '../importer.js';
import { nameStep } from '../undo.js';
import { documentCodings } from '../codings.js';
import { importParticipantsCsv, previewParticipantsCsv } from '../participants.js';
import { bulkUpdateSpeakers } from '../cases.js';
import { addDocumentsToSet, listDocumentSets } from '../sets.js';

export const documentHandlers = (app: AppService): HandlersFor<typeof documentMethods> => ({
  // kept until the project changes (as codes.list)
  'documents.list': () => keptDocuments(app.current().db) as DocumentSummary[],
  'documents.get': ({ id, knownHash }) => getDocument(app.current().db, id, knownHash),
  'documents.open': ({ id, knownHash, knownCodingsHash }) => {
    const db = app.current().db;
    return { document: getDocument(db, id, knownHash), codings: documentCodings(db, id, knownCodingsHash) };
  },
  'documents.importFiles': ({ files }) =>
    importInputs(
      app.current(),
      files.map((f) => ({ name: f.name, bytes: Buffer.from(f.base64, 'base64') })),
    ),
  'documents.importPaths': ({ paths }) => importPaths(app.current(), paths),
  'documents.rename': ({ id, name }) => renameDocument(app.current().db, id, name),
  'documents.delete': ({ id }) => {
    const db = app.current().db;
    const name = db.prepare('SELECT name FROM documents WHERE id = ?').pluck().get(id) as string | undefined;
    deleteDocument(db, id);
    nameStep(db, `Delete document ${name}`);
    return null;
  },
  'documents.updateSpeaker': (input) => {
    const s = app.current();
    return s.transaction(() => updateSpeaker(s.db, input));
  },
  'imports.preview': ({ paths, files }) => {
    app.current(); // a preview is for an import into the open project
    return previewSpeakers([
      ...(files ?? []).map((f) => ({ name: f.name, bytes: Buffer.from(f.base64, 'base64') })),
      ...(paths ? pathInputs(collectPaths(paths).files) : []),
    ]);
  },
  'speakers.bulk': ({ speakerIds, action }) => {
    const s = app.current();
    return { changed: s.transaction(() => bulkUpdateSpeakers(s.db, speakerIds, action)) };
  },
  'sets.list': () => listDocumentSets(app.current().db),
  'sets.addDocuments': (input) => {
    const s = app.current();
    return s.transaction(() => addDocumentsToSet(s.db, input));
  },
  'imports.start': ({ paths, files, duplicates, speakers, noSpeakersFor }) =>
    app.importJobs.start(
      app.current(),
      {
        ...(paths ? { paths } : {}),
        ...(files ? { inputs: files.map((f) => ({ name: f.name, bytes: Buffer.from(f.base64, 'base64') })) } : {}),
      },
      duplicates,
      { ...(speakers === undefined ? {} : { speakers }), ...(noSpeakersFor ? { noSpeakersFor } : {}) },
    ),
  'participants.previewCsv': ({ name, base64 }) => previewParticipantsCsv(name, Buffer.from(base64, 'base64')),
  'participants.importCsv': ({ name, base64, kinds }) => importParticipantsCsv(app.current().db, name, Buffer.from(base64, 'base64'), kinds),
  'imports.status': ({ id }) => app.importJobs.status(id),
  'imports.cancel': ({ id }) => app.importJobs.cancel(id),
});
