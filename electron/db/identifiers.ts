/** An SQL identifier (table or column name) quoted for use in a statement: "name", inner quotes doubled. */
export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
