/**
 * The texts and codings of documents opened lately, so opening one again sends only their hashes
 * (`documents.get` and `codings.forDocument` with `knownHash`) and the backend answers `unchanged`
 * without them when they are current. Bounded: the most recently opened first, at most
 * MAX_DOCUMENTS texts and MAX_CHARS characters (codings: MAX_DOCUMENTS documents' worth).
 */
import type { Coding, OpenedDocument, SourceDocument } from '../../shared/types/entities';
import type { DocumentCodings } from '../../shared/types/coding';

export const MAX_DOCUMENTS = 8;
export const MAX_CHARS = 20_000_000;

export interface DocumentTextCache {
  /** The hash of the text held for the document (to send as `knownHash`). */
  knownHash(id: number): string | undefined;
  /** The document with its text: from the reply, or from the copy when the reply says `unchanged` (null: the copy is gone meanwhile; ask again without knownHash). */
  resolve(reply: OpenedDocument): SourceDocument | null;
  clear(): void;
}

/** Entries by id, the most recently used last, dropped oldest first beyond `maxEntries` or `maxWeight` (the newest always stays). */
function recencyBounded<V>(maxEntries: number, maxWeight: number, weightOf: (value: V) => number) {
  /** In use order, the most recent last (a Map keeps insertion order). */
  const entries = new Map<number, V>();
  return {
    get: (id: number) => entries.get(id),
    remember(id: number, value: V) {
      entries.delete(id);
      entries.set(id, value);
      let weight = 0;
      for (const v of entries.values()) weight += weightOf(v);
      for (const [oldest, v] of entries) {
        if (entries.size <= 1 || (entries.size <= maxEntries && weight <= maxWeight)) break;
        entries.delete(oldest);
        weight -= weightOf(v);
      }
    },
    clear: () => entries.clear(),
  };
}

export function createDocumentTextCache(maxDocuments = MAX_DOCUMENTS, maxChars = MAX_CHARS): DocumentTextCache {
  const texts = recencyBounded<{ hash: string; text: string }>(maxDocuments, maxChars, (t) => t.text.length);
  return {
    knownHash: (id) => texts.get(id)?.hash,
    resolve(reply) {
      const { unchanged, ...doc } = reply;
      if (unchanged) {
        const held = texts.get(doc.id);
        if (!held || held.hash !== doc.contentHash) return null;
        texts.remember(doc.id, held);
        return { ...doc, text: held.text };
      }
      texts.remember(doc.id, { hash: doc.contentHash, text: doc.text });
      return doc;
    },
    clear: () => texts.clear(),
  };
}

/** The codings of documents opened lately, so opening one again sends only their hash (`codings.forDocument` with `knownHash`). */
export interface DocumentCodingsCache {
  knownHash(documentId: number): string | undefined;
  /** The document's codings: from the reply, or a copy of those held when it says `unchanged` (null: they are gone meanwhile; ask again without knownHash). */
  resolve(reply: DocumentCodings): Coding[] | null;
  clear(): void;
}

export function createDocumentCodingsCache(maxDocuments = MAX_DOCUMENTS, maxCodings = 200_000): DocumentCodingsCache {
  const held = recencyBounded<{ hash: string; codings: readonly Coding[] }>(maxDocuments, maxCodings, (c) => c.codings.length);
  return {
    knownHash: (id) => held.get(id)?.hash,
    resolve(reply) {
      if (reply.unchanged) {
        const h = held.get(reply.documentId);
        if (!h || h.hash !== reply.hash) return null;
        held.remember(reply.documentId, h);
        // a copy: the workspace merges changes into its list, the held one stays what the hash says
        return [...h.codings];
      }
      held.remember(reply.documentId, { hash: reply.hash, codings: [...reply.codings] });
      return reply.codings;
    },
    clear: () => held.clear(),
  };
}
