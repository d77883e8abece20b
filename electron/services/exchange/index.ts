/**
 * REFI-QDA exchange for Weft projects: .qdpx projects and .qdc codebooks, both ways.
 * Mapping decisions: shared/refi/MAPPING.md.
 */
export { exportProject, exportQdpx, exportCodebook, exportCodebookWithWarnings, type ExportOptions, type QdpxExport } from './export.js';
export { importProjectInto, importCodebookInto, type ExchangeImportReport, type ExchangeImportCounts } from './import.js';
export {
  loadQdpx,
  loadQde,
  loadCodebook,
  importQdpx,
  importProjectFile,
  importCodebook,
  importCodebookFile,
  MAX_XML_BYTES,
  type LoadOptions,
} from './files.js';
