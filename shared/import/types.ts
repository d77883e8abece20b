/** What every transcript parser produces: normalised text plus speaker turns in UTF-16 offsets. */
import { UserInputError } from '../api/errors.js';

export type SourceFormat =
  | 'text'
  | 'markdown'
  | 'docx'
  | 'vtt-zoom'
  | 'vtt-teams'
  | 'vtt'
  | 'srt'
  | 'otter'
  | 'pdf';

export interface ParsedTurn {
  speaker: string | null;
  /** UTF-16 offsets into ParsedDocument.text, end-exclusive. */
  start: number;
  end: number;
  beginMs?: number | null;
  endMs?: number | null;
}

export interface ParsedDocument {
  /** LF line endings, no BOM. */
  text: string;
  format: SourceFormat;
  /** Human description of what was detected, e.g. "Zoom WebVTT transcript, UTF-8". */
  detected: string;
  turns: ParsedTurn[];
  warnings: string[];
  /**
   * PDF only: the span of each page's text, in page order. Pages are separated in `text` by a
   * blank line ("\n\n"); nothing else marks a page break in the text itself.
   */
  pages?: { start: number; end: number }[];
}

/** A file that cannot be imported; `message` is the reason, `file` the file's name (see UserInputError). */
export class ImportError extends UserInputError {
  declare readonly file: string;
  constructor(file: string, reason: string) {
    super(file, reason);
    this.name = 'ImportError';
  }
}
