/**
 * Merging what a coding mutation changed (CodingChanges, returned by codings.create,
 * codings.createWithCode, codings.update, codings.delete, codings.move, undo.undo and undo.redo)
 * into the lists the window holds, instead of reloading them: the codebook with its counts
 * (codes.list), the documents with their coding counts (documents.list) and the open document's
 * codings (codings.listByDocument). Each function returns the list it was given, unchanged (the
 * same array), when the change does not touch it, so nothing re-renders for nothing.
 *
 * Only for a change whose `complete` is true: otherwise the client reloads.
 */
import type { CodingChanges } from '../types/coding.js';
import type { Code, CodeWithCounts, Coding, DocumentSummary } from '../types/entities.js';

/** Codings in document order, as codings.listByDocument returns them (start, longer first, id). */
export const sortCodings = (list: Coding[]) => list.sort((a, b) => a.start - b.start || b.end - a.end || a.id - b.id);

/** Codes in codebook order, as codes.list returns them (position, then id). */
const sortCodes = (list: CodeWithCounts[]) => list.sort((a, b) => a.position - b.position || a.id - b.id);

/** The codebook after the change: codes created, edited or removed, and every count delta applied. */
export function mergeCodes(codes: CodeWithCounts[], changes: CodingChanges): CodeWithCounts[] {
  if (changes.codes.length === 0 && changes.removedCodeIds.length === 0 && changes.codeCounts.length === 0) return codes;
  const removed = new Set(changes.removedCodeIds);
  const rows = new Map<number, Code>(changes.codes.map((c) => [c.id, c]));
  const deltas = new Map(changes.codeCounts.map((d) => [d.id, d]));
  const out: CodeWithCounts[] = [];
  for (const c of codes) {
    if (removed.has(c.id)) continue;
    const row = rows.get(c.id);
    rows.delete(c.id);
    const d = deltas.get(c.id);
    out.push(row || d ? { ...c, ...row, codings: c.codings + (d?.codings ?? 0), documents: c.documents + (d?.documents ?? 0) } : c);
  }
  // codes the list does not have yet: created by the change (their counts start at 0)
  for (const row of rows.values()) {
    if (removed.has(row.id)) continue;
    const d = deltas.get(row.id);
    out.push({ ...row, codings: d?.codings ?? 0, documents: d?.documents ?? 0 });
  }
  return changes.codes.length ? sortCodes(out) : out;
}

/** The documents after the change: each document's count of codings. */
export function mergeDocumentCounts(documents: DocumentSummary[], changes: CodingChanges): DocumentSummary[] {
  if (changes.documentCounts.length === 0) return documents;
  const deltas = new Map(changes.documentCounts.map((d) => [d.id, d.codings]));
  return documents.map((d) => (deltas.has(d.id) ? { ...d, codings: d.codings + deltas.get(d.id)! } : d));
}

/** The open document's codings (`documentId`; null: none open) after the change, in document order. */
export function mergeOpenCodings(codings: Coding[], documentId: number | null, changes: CodingChanges): Coding[] {
  if (documentId === null) return codings;
  const upserted = [...changes.created, ...changes.updated];
  const here = upserted.filter((k) => k.documentId === documentId);
  const shown = new Set(codings.map((k) => k.id));
  // removed, or moved out of this document (never by Weft today, but a change could say so)
  const removed = new Set([...changes.removed.map((k) => k.id), ...upserted.filter((k) => k.documentId !== documentId).map((k) => k.id)].filter((id) => shown.has(id)));
  if (removed.size === 0 && here.length === 0) return codings;
  const replaced = new Set(here.map((k) => k.id));
  return sortCodings([...codings.filter((k) => !removed.has(k.id) && !replaced.has(k.id)), ...here]);
}

/**
 * Whether the change touches any of `codeIds` or their codings (with `includeChildren`, also their
 * sub-codes, looked up in `codes`): e.g. whether an open list of a code's extracts is out of date.
 */
export function touchesCodes(changes: CodingChanges, codeIds: number[], codes: Pick<CodeWithCounts, 'id' | 'parentId'>[], includeChildren: boolean): boolean {
  if (!changes.complete) return true;
  const wanted = new Set(codeIds);
  const parentOf = new Map(codes.map((c) => [c.id, c.parentId]));
  const touched = new Set([
    ...changes.codeCounts.map((d) => d.id),
    ...[...changes.created, ...changes.updated, ...changes.removed].map((k) => k.codeId),
    // a code renamed or recoloured shows differently in its extracts
    ...changes.codes.map((c) => c.id),
    ...changes.removedCodeIds,
  ]);
  for (const id of touched) {
    if (wanted.has(id)) return true;
    if (!includeChildren) continue;
    const seen = new Set<number>();
    for (let cur = parentOf.get(id) ?? null; cur !== null && !seen.has(cur); cur = parentOf.get(cur) ?? null) {
      if (wanted.has(cur)) return true;
      seen.add(cur);
    }
  }
  return false;
}
