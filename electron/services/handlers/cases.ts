import type { HandlersFor } from '../../../shared/api/contract.js';
import type { caseMethods } from '../../../shared/api/methods/cases.js';
import type { AppService } from '../app-service.js';
import {
  casesTable,
  createAttribute,
  createCase,
  deleteAttribute,
  deleteCase,
  exportCasesCsv,
  linkDocumentToCase,
  linkSpeaker,
  listAttributes,
  listCases,
  setAttributeValue,
  updateAttribute,
  updateCase,
} from '../cases.js';
import { analysisOptions, cooccurrenceCellQuery, cooccurrenceQuery, matrixCellQuery, matrixQuery, rankingQuery } from '../analysis/queries.js';
import { autoCode, searchQuery } from '../analysis/search.js';
import { readExcludeInterviewer, setExcludeInterviewer } from '../analysis/interviewer-setting.js';
import { tablesToXlsx } from '../analysis/export.js';

export const caseHandlers = (app: AppService): HandlersFor<typeof caseMethods> => {
  const db = () => app.current().db;
  const tx = <T>(fn: () => T): T => app.current().transaction(fn);
  return {
    'cases.list': () => listCases(db()),
    'cases.table': () => casesTable(db()),
    'cases.create': (i) => tx(() => createCase(db(), i)),
    'cases.update': (i) => tx(() => updateCase(db(), i.id, i.patch)),
    'cases.delete': (i) => {
      tx(() => deleteCase(db(), i.id));
      return null;
    },
    'cases.setAttribute': (i) => tx(() => setAttributeValue(db(), 'case', i.caseId, i.attributeId, i.value)),
    'cases.linkDocument': (i) => {
      tx(() => linkDocumentToCase(db(), i.caseId, i.documentId, i.linked));
      return null;
    },
    'cases.exportCsv': (i) => {
      const name = app.current().info().name;
      return { fileName: `${name} - cases.csv`, csv: exportCasesCsv(db(), { protectFormulas: i.protectFormulas }) };
    },
    'attributes.list': () => listAttributes(db()),
    'attributes.create': (i) => tx(() => createAttribute(db(), i)),
    'attributes.update': (i) => tx(() => updateAttribute(db(), i.id, i.patch)),
    'attributes.delete': (i) => {
      tx(() => deleteAttribute(db(), i.id));
      return null;
    },
    'documents.setAttribute': (i) => tx(() => setAttributeValue(db(), 'document', i.documentId, i.attributeId, i.value)),
    'speakers.link': (i) => {
      tx(() => linkSpeaker(db(), i.speakerId, i.caseId, i.isInterviewer));
      return null;
    },
    'analysis.options': () => analysisOptions(db()),
    'analysis.matrix': (i) => matrixQuery(db(), i),
    'analysis.matrixCell': (i) => matrixCellQuery(db(), i),
    'analysis.ranking': (i) => rankingQuery(db(), i),
    'analysis.cooccurrence': (i) => cooccurrenceQuery(db(), i),
    'analysis.cooccurrenceCell': (i) => cooccurrenceCellQuery(db(), i),
    'analysis.exportXlsx': async (i) => ({ base64: Buffer.from(await tablesToXlsx(i.tables, { protectFormulas: i.protectFormulas })).toString('base64') }),
    'settings.excludeInterviewer': () => readExcludeInterviewer(db()),
    'settings.setExcludeInterviewer': ({ exclude }) => {
      const s = app.current();
      return s.transaction(() => setExcludeInterviewer(s.db, exclude));
    },
    'search.query': (i) => searchQuery(db(), i),
    'search.autoCode': (i) => autoCode(app.current(), i),
  };
};
