/**
 * Tells text transcript formats apart by their content. The file extension is only a hint used to
 * break ties (a .vtt without its "WEBVTT" line, Markdown that has no Markdown syntax).
 */
import { looksLikeOtter } from './otter.js';
import { TIMING_LINE } from './cues.js';

export type TextFormat = 'vtt' | 'srt' | 'otter' | 'markdown' | 'text' | 'html';

/** Extension of a file name, lower case, without the dot ('' when none). */
export const extensionOf = (name: string): string => /\.([^./\\]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';

/** `text` must be normalised (LF, no BOM). */
export function detectTextFormat(text: string, ext = ''): TextFormat {
  const lines = text.split('\n', 400);
  const nonBlank = lines.filter((l) => l.trim() !== '');
  const first = nonBlank[0]?.trim() ?? '';
  if (/^WEBVTT(?:[ \t]|$)/.test(first)) return 'vtt';
  const timing = nonBlank.slice(0, 20).find((l) => TIMING_LINE.test(l));
  if (timing !== undefined) {
    if (ext === 'vtt') return 'vtt';
    if (ext === 'srt') return 'srt';
    return /-->\s*\S*,/.test(timing) || /^\d+$/.test(first) ? 'srt' : 'vtt';
  }
  if (/^<!doctype html|^<html[\s>]/i.test(first)) return 'html';
  if (looksLikeOtter(text)) return 'otter';
  if (ext === 'md' || ext === 'markdown') return 'markdown';
  const mdHeadings = nonBlank.filter((l) => /^#{1,6}\s+\S/.test(l)).length;
  const mdLabels = nonBlank.filter((l) => /^(\*\*|__)[^*_\n]{1,60}(?::\1|\1\s*:)/.test(l)).length;
  if (mdHeadings >= 2 || mdLabels >= 2) return 'markdown';
  return 'text';
}
