/**
 * The texts of documents opened lately, so opening one again sends only its hash
 * (`documents.get` with `knownHash`) and the backend answers `unchanged` without the text.
 * Bounded: the most recently opened first, at most MAX_DOCUMENTS texts and MAX_CHARS characters.
 */
import type { OpenedDocument, SourceDocument } from '../../shared/types/entities';

export const MAX_DOCUMENTS = 8;
export const MAX_CHARS = 20_000_000;

export interface DocumentTextCache {
  /** The hash of the text held for the document (to send as `knownHash`). */
  knownHash(id: number): string | undefined;
  /** The document with its text: from the reply, or from the copy when the reply says `unchanged` (null: the copy is gone meanwhile; ask again without knownHash). */
  resolve(reply: OpenedDocument): SourceDocument | null;
  clear(): void;
}

export function createDocumentTextCache(maxDocuments = MAX_DOCUMENTS, maxChars = MAX_CHARS): DocumentTextCache {
  /** In opening order, the most recent last (a Map keeps insertion order). */
  const texts = new Map<number, { hash: string; text: string }>();
  const remember = (id: number, hash: string, text: string) => {
    texts.delete(id);
    texts.set(id, { hash, text });
    let chars = 0;
    for (const t of texts.values()) chars += t.text.length;
    for (const [oldest, t] of texts) {
      if (texts.size <= 1 || (texts.size <= maxDocuments && chars <= maxChars)) break;
      texts.delete(oldest);
      chars -= t.text.length;
    }
  };
  return {
    knownHash: (id) => texts.get(id)?.hash,
    resolve(reply) {
      const { unchanged, ...doc } = reply;
      if (unchanged) {
        const held = texts.get(doc.id);
        if (!held || held.hash !== doc.contentHash) return null;
        remember(doc.id, held.hash, held.text);
        return { ...doc, text: held.text };
      }
      remember(doc.id, doc.contentHash, doc.text);
      return doc;
    },
    clear: () => texts.clear(),
  };
}
