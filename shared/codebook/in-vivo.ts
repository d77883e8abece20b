/** In-vivo coding: the participant's own words become the code's name. */
import { cleanName } from '../domain/names.js';

const MAX = 60;

/**
 * A code name from selected text: control and bidirectional-override characters dropped (names
 * may not contain them, shared/domain/names.ts), whitespace collapsed, surrounding quotes and trailing
 * punctuation removed, and cut at a word boundary after at most 60 characters (with "…").
 * Never cuts a surrogate pair. Returns '' when nothing nameable is left.
 */
export function inVivoName(text: string): string {
  let s = cleanName(text).name.replace(/\s+/g, ' ').trim();
  s = s.replace(/^["'“”‘’«»„]+|["'“”‘’«»„]+$/gu, '').trim();
  s = s.replace(/[\s.,;:!?、。，；：！？]+$/u, '').trim();
  if (s.length <= MAX) return s;
  let cut = s.lastIndexOf(' ', MAX);
  if (cut < MAX / 2) cut = MAX;
  const code = s.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return `${s.slice(0, cut).trimEnd()}…`;
}
