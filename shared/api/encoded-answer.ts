/**
 * An answer its handler has already written as JSON text, in pieces: a large list encoded as its
 * rows are read (`extracts.list`), so that neither its objects nor the document texts they were
 * cut from are held whole while it is made (bench figures 4 and 8a). The dispatcher gives it to
 * the doors that send JSON text (the loopback HTTP bridge writes the pieces as they are) and parses
 * it for every other caller (Electron's relay, the tests, in-process callers), who see the same
 * value as before (electron/ipc/dispatch.ts `encodedAnswers`). The pieces together are exactly
 * `JSON.stringify` of the value.
 */
export class EncodedAnswer<T> {
  /** Only ties the answer to its value's type. */
  declare readonly valueType?: T;

  constructor(readonly pieces: readonly string[]) {}

  decode(): T {
    return JSON.parse(this.pieces.join('')) as T;
  }
}
