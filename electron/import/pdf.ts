/**
 * PDF → positioned text items per page, with pdf.js (legacy build, which runs in Node; no worker
 * thread: pdf.js runs its worker code in-process, see loadPdfJs). Layout and turns are made by the
 * pure buildPdfDocument (shared/import/pdf-document.ts).
 */
import { buildPdfDocument, type PdfTextItem } from '../../shared/import/pdf-document.js';
import { ImportError, type ParsedDocument } from '../../shared/import/types.js';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

let pdfjsModule: Promise<PdfJs> | null = null;
/**
 * Loads pdf.js and its worker code into this thread. Importing the worker module registers it as
 * `globalThis.pdfjsWorker`, which pdf.js's fake worker uses instead of importing
 * "./pdf.worker.mjs" from disk — so this also works once bundled into the main process.
 */
const loadPdfJs = () =>
  (pdfjsModule ??= (async () => {
    await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    return import('pdfjs-dist/legacy/build/pdf.mjs');
  })());

export interface PdfOptions {
  /** Give up on a PDF that takes longer than this to read (default 30 s). */
  timeoutMs?: number;
  /** Read at most this many pages (default 2000). */
  maxPages?: number;
}

function reasonFor(err: unknown): string {
  const name = (err as { name?: string } | null)?.name ?? '';
  const message = err instanceof Error ? err.message : String(err);
  if (name === 'PasswordException') {
    return 'the PDF is password-protected; remove the password (or save the text another way) and import again';
  }
  if (
    ['InvalidPDFException', 'FormatError', 'MissingPDFException'].includes(name) ||
    /invalid pdf|pdf structure|xref|trailer|startxref|end of file|dictionary|reference|invalid number|bad|unexpected|corrupt/i.test(message)
  ) {
    return `the PDF file is damaged or incomplete (${message.replace(/\.$/, '')})`;
  }
  return `the PDF could not be read (${message || name || 'unknown error'})`;
}

class Timeout extends Error {}

export async function parsePdf(name: string, bytes: Uint8Array, options: PdfOptions = {}): Promise<ParsedDocument> {
  const { timeoutMs = 30_000, maxPages = 2000 } = options;
  const pdfjs = await loadPdfJs();
  // pdf.js takes ownership of (detaches) the buffer it is given, so give it a copy.
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Timeout()), timeoutMs);
  });
  try {
    const read = async () => {
      const doc = await task.promise;
      const warnings: string[] = [];
      const count = Math.min(doc.numPages, maxPages);
      if (doc.numPages > maxPages) warnings.push(`only the first ${maxPages} of ${doc.numPages} pages were read`);
      const pages: PdfTextItem[][] = [];
      for (let p = 1; p <= count; p++) {
        const page = await doc.getPage(p);
        const content = await page.getTextContent();
        const items: PdfTextItem[] = [];
        for (const item of content.items) {
          if (!('str' in item)) continue;
          const t = item.transform as number[];
          items.push({
            str: item.str,
            hasEOL: item.hasEOL,
            x: Number(t[4]) || 0,
            y: Number(t[5]) || 0,
            width: Number(item.width) || 0,
            height: Math.abs(Number(item.height)) || Math.abs(Number(t[3])) || 0,
          });
        }
        pages.push(items);
        page.cleanup();
      }
      return { pages, warnings };
    };
    let extracted: { pages: PdfTextItem[][]; warnings: string[] };
    try {
      extracted = await Promise.race([read(), timeout]);
    } catch (err) {
      if (err instanceof Timeout) {
        throw new ImportError(name, `the PDF could not be read within ${Math.round(timeoutMs / 1000)} seconds (it may be damaged or extremely large)`);
      }
      throw new ImportError(name, reasonFor(err));
    }
    return buildPdfDocument(name, extracted.pages, extracted.warnings);
  } finally {
    clearTimeout(timer);
    await task.destroy().catch(() => undefined);
  }
}
