/**
 * REFI-QDA exchange (QDA-XML 1.0), pure part: the intermediate model, a tolerant parser for
 * project.qde and .qdc, offset mapping, Weft's conventions for what the standard lacks, and a
 * schema-valid serializer. No Node or DOM APIs (TextDecoder/TextEncoder only).
 * See MAPPING.md for how Weft's concepts map onto the standard.
 */
export * from './model.js';
export { normalizeGuid, isGuid, deriveGuid } from './guid.js';
export { RefiFormatError, type XmlElement } from './xml-read.js';
export { RefiXmlParser, parseRefiXml, parseProjectXml, parseCodebookXml, normalizeColor, PROJECT_NS, CODEBOOK_NS, type ParseOptions } from './parse.js';
export {
  SourceTextIndex,
  chooseUnit,
  defaultUnit,
  decodeSourceBytes,
  toCodePoints,
  hasAstral,
  UNIT_LABEL,
  type PositionUnit,
  type DecodedSourceText,
} from './positions.js';
export {
  resolveProjectTexts,
  resolveSourceText,
  resolveNoteText,
  rawTextOf,
  readTextFile,
  sourceTextMissing,
  sourceLabel,
  type FileReader,
} from './resolve.js';
export * from './conventions.js';
export * from './extension.js';
export {
  serializeProject,
  serializeProjectParts,
  serializeCodebook,
  knownGuids,
  sourceFileText,
  RefiExportError,
  type SerializedProject,
  type SerializedFile,
  type ProjectPart,
  type SourceTextFile,
  type SourceMediaFile,
  type GuidSet,
  TRANSCRIPT_GUID_SALT,
  absoluteUrl,
} from './serialize.js';
export * from './sync.js';
