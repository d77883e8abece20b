import { describe, expect, it } from 'vitest';
import type { CodingChanges } from '../types/coding';
import type { CodeWithCounts, Coding, DocumentSummary } from '../types/entities';
import { mergeCodes, mergeDocumentCounts, mergeOpenCodings, touchesCodes } from './merge-changes';

const NO_UNDO = { canUndo: false, canRedo: false, undoLabel: null, redoLabel: null };
const changes = (patch: Partial<CodingChanges>): CodingChanges => ({
  complete: true,
  created: [],
  updated: [],
  removed: [],
  codes: [],
  removedCodeIds: [],
  codeCounts: [],
  documentCounts: [],
  tables: [],
  undo: NO_UNDO,
  ...patch,
});
const code = (id: number, position: number, parentId: number | null = null, codings = 0, documents = 0): CodeWithCounts => ({
  id,
  guid: `g${id}`,
  parentId,
  name: `Code ${id}`,
  color: '#112233',
  definition: '',
  inclusion: '',
  exclusion: '',
  example: '',
  position,
  codings,
  documents,
});
const coding = (id: number, documentId: number, start: number, end: number, codeId = 1): Coding => ({
  id,
  guid: `k${id}`,
  documentId,
  codeId,
  coderId: 1,
  coder: 'Ana',
  start,
  end,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
});
const doc = (id: number, codings: number) => ({ id, name: `D${id}`, codings }) as DocumentSummary;

describe('merging what a coding mutation changed into the held lists', () => {
  it('returns the same arrays when the change does not touch them', () => {
    const codes = [code(1, 0)];
    const documents = [doc(1, 3)];
    const codings = [coding(1, 1, 0, 4)];
    const other = changes({ created: [coding(9, 2, 0, 3)], documentCounts: [] });
    expect(mergeCodes(codes, other)).toBe(codes);
    expect(mergeDocumentCounts(documents, other)).toBe(documents);
    expect(mergeOpenCodings(codings, 1, other)).toBe(codings);
    expect(mergeOpenCodings(codings, null, changes({ created: [coding(9, 1, 0, 3)] }))).toBe(codings);
  });

  it('applies count deltas to codes and documents, and leaves the others as they were', () => {
    const codes = [code(1, 0, null, 5, 2), code(2, 1, 1, 3, 1), code(3, 2, null, 7, 4)];
    const merged = mergeCodes(codes, changes({ codeCounts: [{ id: 2, codings: 1, documents: 1 }, { id: 1, codings: 1, documents: 0 }] }));
    expect(merged.map((c) => [c.id, c.codings, c.documents])).toEqual([[1, 6, 2], [2, 4, 2], [3, 7, 4]]);
    expect(merged[2]).toBe(codes[2]);
    const docs = mergeDocumentCounts([doc(1, 3), doc(2, 0)], changes({ documentCounts: [{ id: 2, codings: 2 }] }));
    expect(docs.map((d) => d.codings)).toEqual([3, 2]);
  });

  it('adds a created code in codebook order with its counts, edits a code row keeping its counts, drops a removed code', () => {
    const codes = [code(1, 0, null, 5, 2), code(3, 2, null, 7, 4), code(4, 3, null, 1, 1)];
    const created = { ...code(2, 1, 1), name: 'In vivo' };
    const { codings: _c, documents: _d, ...row } = created;
    const renamed = { ...code(3, 2), name: 'Renamed' };
    const { codings: _c3, documents: _d3, ...renamedRow } = renamed;
    const merged = mergeCodes(
      codes,
      changes({
        codes: [row, renamedRow],
        removedCodeIds: [4],
        codeCounts: [
          { id: 2, codings: 1, documents: 1 },
          { id: 1, codings: 1, documents: 1 },
        ],
      }),
    );
    expect(merged.map((c) => [c.id, c.name, c.codings, c.documents])).toEqual([
      [1, 'Code 1', 6, 3],
      [2, 'In vivo', 1, 1],
      [3, 'Renamed', 7, 4],
    ]);
  });

  it('puts created and changed codings of the open document in document order and drops removed ones', () => {
    const codings = [coding(1, 1, 0, 4), coding(2, 1, 10, 20), coding(3, 1, 30, 40)];
    const merged = mergeOpenCodings(
      codings,
      1,
      changes({
        created: [coding(4, 1, 10, 25), coding(5, 2, 0, 1)],
        updated: [coding(3, 1, 2, 8)],
        removed: [{ id: 1, documentId: 1, codeId: 1 }],
      }),
    );
    // start, longer first, id — as codings.listByDocument orders them
    expect(merged.map((k) => [k.id, k.start, k.end])).toEqual([
      [3, 2, 8],
      [4, 10, 25],
      [2, 10, 20],
    ]);
  });
});

describe('touchesCodes', () => {
  const codes = [code(1, 0), code(2, 1, 1), code(3, 2)];
  it('is true for a coding of a wanted code or, with sub-codes, of a sub-code; false otherwise', () => {
    const adjusted = changes({ updated: [coding(7, 1, 0, 3, 2)] });
    expect(touchesCodes(adjusted, [2], codes, false)).toBe(true);
    expect(touchesCodes(adjusted, [1], codes, true)).toBe(true);
    expect(touchesCodes(adjusted, [1], codes, false)).toBe(false);
    expect(touchesCodes(adjusted, [3], codes, true)).toBe(false);
    expect(touchesCodes(changes({ complete: false }), [3], codes, true)).toBe(true);
  });
});
