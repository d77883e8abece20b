import { randomUUID } from 'node:crypto';
/** An SQL identifier (table or column name) quoted for use in a statement: "name", inner quotes doubled. */
export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** A new GUID for a row (lower-case, as Weft writes them). */
export const newGuid = () => randomUUID();
