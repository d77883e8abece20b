/** Spreadsheet and document exports (pure formatting): CSV, Markdown, and the tables behind XLSX/DOCX. */
export * from './markdown.js';
export * from './codebook.js';
export * from './extracts.js';
