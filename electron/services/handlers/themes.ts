import type { HandlersFor } from '../../../shared/api/contract.js';
import type { themeMethods } from '../../../shared/api/methods/themes.js';
import type { AppService } from '../app-service.js';
import {
  assignCode,
  createTheme,
  createThemeFromCodes,
  deleteTheme,
  deleteThemeMemo,
  getMapLayout,
  getTheme,
  importThemesCsv,
  listQuotes,
  listThemeTree,
  markDocumentRead,
  markQuote,
  mergeThemes,
  moveCode,
  moveTheme,
  phaseFacts,
  resetMapLayout,
  reviewTheme,
  saveMapLayout,
  saveThemeMemo,
  splitTheme,
  unassignCode,
  unmarkQuote,
  updateTheme,
} from '../themes.js';
import { buildReport, exportReport } from '../reports/index.js';
import { readQuoteAttributes, setQuoteAttributes } from '../quote-attributes.js';

export const themeHandlers = (app: AppService): HandlersFor<typeof themeMethods> => {
  /** Runs a change in one transaction on the open project. */
  const write = <T>(fn: (db: ReturnType<AppService['current']>['db']) => T): T => {
    const s = app.current();
    return s.transaction(() => fn(s.db));
  };
  const db = () => app.current().db;
  return {
    'themes.list': () => listThemeTree(db()),
    'themes.create': (input) => write((d) => getTheme(d, createTheme(d, input))),
    'themes.update': ({ id, patch }) =>
      write((d) => {
        updateTheme(d, id, patch);
        return getTheme(d, id);
      }),
    'themes.delete': ({ id }) => write((d) => (deleteTheme(d, id), null)),
    'themes.move': ({ id, parentId, position }) =>
      write((d) => {
        moveTheme(d, id, parentId, position);
        return getTheme(d, id);
      }),
    'themes.assignCode': ({ themeId, codeId, position }) =>
      write((d) => {
        assignCode(d, themeId, codeId, position);
        return listThemeTree(d);
      }),
    'themes.unassignCode': ({ themeId, codeId }) =>
      write((d) => {
        unassignCode(d, themeId, codeId);
        return listThemeTree(d);
      }),
    'themes.moveCode': ({ codeId, from, to, position }) =>
      write((d) => {
        moveCode(d, codeId, from, to, position);
        return listThemeTree(d);
      }),
    'themes.createFromCodes': (input) => write((d) => getTheme(d, createThemeFromCodes(d, input))),
    'themes.merge': ({ intoId, themeIds }) =>
      write((d) => {
        mergeThemes(d, intoId, themeIds);
        return getTheme(d, intoId);
      }),
    'themes.split': ({ id, parts, asSubthemes }) => write((d) => splitTheme(d, id, parts, asSubthemes ?? false).map((n) => getTheme(d, n))),
    'themes.importCsv': ({ name, base64 }) => write((d) => importThemesCsv(d, name, Buffer.from(base64, 'base64'))),
    'themes.review': ({ id, splitBy, groupBy, offset, limit }) => reviewTheme(db(), id, splitBy, { groupBy, offset, limit }),
    'themes.saveMemo': ({ themeId, memoId, title, body }) => {
      const s = app.current();
      return s.transaction(() => {
        const id = saveThemeMemo(s.db, themeId, { id: memoId, title, body }, s.coderId());
        return getTheme(s.db, themeId).memos.find((m) => m.id === id)!;
      });
    },
    'themes.deleteMemo': ({ memoId }) => write((d) => (deleteThemeMemo(d, memoId), null)),
    'quotes.list': ({ themeId }) => listQuotes(db(), themeId),
    'quotes.mark': ({ themeId, codingId, position }) =>
      write((d) => {
        markQuote(d, themeId, codingId, position);
        return listQuotes(d, themeId);
      }),
    'quotes.unmark': ({ themeId, codingId }) =>
      write((d) => {
        unmarkQuote(d, themeId, codingId);
        return listQuotes(d, themeId);
      }),
    'themeMap.get': () => getMapLayout(db()),
    'themeMap.save': ({ positions, view }) => write((d) => (saveMapLayout(d, { positions, view }), null)),
    'themeMap.reset': () => write((d) => (resetMapLayout(d), null)),
    'settings.quoteAttributes': () => readQuoteAttributes(db()),
    'settings.setQuoteAttributes': ({ attributes }) => write((d) => setQuoteAttributes(d, attributes)),
    'phases.get': () => phaseFacts(db()),
    'phases.markRead': ({ documentId, read }) =>
      write((d) => {
        markDocumentRead(d, documentId, read);
        return phaseFacts(d);
      }),
    'reports.build': async ({ format, options }) => {
      const r = await buildReport(db(), format, options);
      return { fileName: r.fileName, mimeType: r.mimeType, base64: r.bytes.toString('base64') };
    },
    'reports.export': ({ format, path, options, overwrite }) =>
      exportReport(db(), format, path, options, { overwrite, openProjectPath: app.currentOrNull()?.path ?? null }),
  };
};
