/**
 * The coding workspace's mutations, one transaction each, each naming its undo step (the API
 * wrapper makes the step). Used by the API handlers and the CLI alike.
 */
import { parseCodebookCsv } from '../../shared/codebook/csv.js';
import { decodeText } from '../../shared/import/decode.js';
import type { Code, Coding } from '../../shared/types/entities.js';
import type { ApplyWithCodeResult, CodebookImportResult, MergeCodesResult, MoveCodingsResult } from '../../shared/types/coding.js';
import type { DB } from '../db/connection.js';
import * as codeTable from '../db/tables/codes.js';
import {
  createCode,
  deleteCode,
  getCode,
  importCodebook,
  mergeCodes,
  moveCode,
  reassignCodings,
  updateCode,
  type CodeFields,
} from './codes.js';
import { createCoding, deleteCoding, getCoding, updateCodingRange } from './codings.js';
import { nameStep } from './undo.js';

/**
 * Runs one change in a transaction and names the undo step it is part of (the API wrapper makes
 * the step; from the command line there is none, and the name is dropped).
 */
function named<T>(db: DB, label: string | ((result: T) => string), fn: () => T): T {
  return db.transaction(() => {
    const r = fn();
    nameStep(db, typeof label === 'function' ? label(r) : label);
    return r;
  })();
}

export function createCodeStep(db: DB, fields: CodeFields & { name: string }): Code {
  return named(db, (c: Code) => `Create code ${c.name}`, () => createCode(db, fields));
}

export function updateCodeStep(db: DB, id: number, patch: CodeFields): Code {
  const before = getCode(db, id);
  const keys = Object.keys(patch).filter((k) => patch[k as keyof CodeFields] !== undefined && patch[k as keyof CodeFields] !== before[k as keyof Code]);
  const label = (after: Code) =>
    keys.includes('name')
      ? `Rename ${before.name} to ${after.name}`
      : keys.length === 1 && keys[0] === 'color'
        ? `Change colour of ${after.name}`
        : keys.length === 1 && keys[0] === 'parentId'
          ? `Move code ${after.name}`
          : `Edit code ${after.name}`;
  return named(db, label, () => updateCode(db, id, patch));
}

export function deleteCodeStep(db: DB, id: number): void {
  const code = getCode(db, id);
  named(db, `Delete code ${code.name}`, () => deleteCode(db, id));
}

export function moveCodeStep(db: DB, id: number, parentId: number | null, index: number): Code {
  const code = getCode(db, id);
  return named(db, `Move code ${code.name}`, () => moveCode(db, id, parentId, index));
}

export function mergeCodesStep(db: DB, sourceId: number, targetId: number): MergeCodesResult {
  const source = getCode(db, sourceId);
  const target = getCode(db, targetId);
  return named(db, `Merge ${source.name} into ${target.name}`, () => mergeCodes(db, sourceId, targetId));
}

/** Decodes (decodeText: UTF-8, UTF-16, Windows-1252…) and parses a codebook CSV file; a refusal is a UserInputError naming the file. */
export function parseCodebookCsvFile(fileName: string, bytes: Uint8Array) {
  const decoded = decodeText(fileName, bytes);
  const book = parseCodebookCsv(decoded.text, fileName);
  return { ...book, warnings: [...decoded.warnings, ...book.warnings] };
}

/** Reads a codebook CSV file's bytes (any of Weft's text encodings) and adds its codes. */
export function importCodebookStep(db: DB, fileName: string, bytes: Uint8Array): CodebookImportResult {
  const book = parseCodebookCsvFile(fileName, bytes);
  const result = named(db, `Import codebook ${fileName}`, () => importCodebook(db, book.roots));
  return { ...result, warnings: book.warnings };
}

export function applyCodeStep(db: DB, input: { documentId: number; codeId: number; start: number; end: number; coderId: number }): Coding {
  const code = getCode(db, input.codeId);
  return named(db, `Apply ${code.name}`, () => createCoding(db, input));
}

/**
 * Applies a code by name under `parentId`, creating it first when there is none. `parentPath`
 * (names going down from `parentId`, or from the top level, e.g. ["Rapport", "Trust"]) leads to the
 * parent: each code on it that does not exist yet is created, parent before child, in the same step.
 */
export function applyNamedCodeStep(
  db: DB,
  input: { documentId: number; start: number; end: number; name: string; parentId?: number | null; parentPath?: string[]; inVivo?: boolean; coderId: number },
): ApplyWithCodeResult {
  const name = input.name.trim();
  const label = (r: ApplyWithCodeResult) =>
    input.inVivo ? `In-vivo code ${r.code.name}` : r.createdCode ? `Create and apply ${input.parentPath ? codeTable.pathOf(db, r.code.id) : r.code.name}` : `Apply ${r.code.name}`;
  return named(db, label, () => {
    let parentId = input.parentId ?? null;
    for (const segment of input.parentPath ?? []) {
      const part = segment.trim();
      parentId = codeTable.idByPath(db, parentId, part) ?? createCode(db, { name: part, parentId }).id;
    }
    const found = codeTable.idByPath(db, parentId, name);
    const code = found !== undefined ? getCode(db, found) : createCode(db, { name, parentId });
    const coding = createCoding(db, { documentId: input.documentId, codeId: code.id, start: input.start, end: input.end, coderId: input.coderId });
    return { code, coding, createdCode: found === undefined };
  });
}

export function updateCodingStep(db: DB, id: number, start: number, end: number): Coding {
  const k = getCoding(db, id);
  const code = getCode(db, k.codeId);
  return named(db, `Adjust ${code.name} coding`, () => updateCodingRange(db, id, start, end));
}

export function deleteCodingStep(db: DB, id: number): void {
  const k = getCoding(db, id);
  const code = getCode(db, k.codeId);
  named(db, `Remove ${code.name} coding`, () => deleteCoding(db, id));
}

/** Split: moves codings to an existing code or to a new one. */
export function moveCodingsStep(
  db: DB,
  input: { ids: number[]; codeId?: number; newCode?: { name: string; parentId?: number | null } },
): MoveCodingsResult {
  const label = (r: MoveCodingsResult) => `Move ${input.ids.length} coding${input.ids.length === 1 ? '' : 's'} to ${r.code.name}`;
  return named(db, label, () => {
    let code: Code;
    let createdCode = false;
    if (input.codeId !== undefined) code = getCode(db, input.codeId);
    else {
      const name = input.newCode!.name.trim();
      const parentId = input.newCode!.parentId ?? null;
      const found = codeTable.idByPath(db, parentId, name);
      code = found !== undefined ? getCode(db, found) : createCode(db, { name, parentId });
      createdCode = found === undefined;
    }
    const r = reassignCodings(db, input.ids, code.id);
    return { code, createdCode, moved: r.moved, collapsed: r.collapsed };
  });
}
