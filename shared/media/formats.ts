/**
 * Recordings (audio and video) linked to a transcript: which files they are, which of them the
 * browser engine (Chromium, in Electron and in browser mode) plays, and a message that names the
 * container and codec of one it cannot play — never a silent black box.
 *
 * A file is judged by its first bytes (`sniffMedia`) when they are known, else by its extension.
 */
import { UserInputError } from '../api/errors.js';

export type MediaKind = 'audio' | 'video';

/** What Chromium does with a container: plays it, or cannot (with why and what to do). */
export interface MediaFormat {
  /** Extensions, lower case, without the dot; the first is the usual one. */
  extensions: readonly string[];
  kind: MediaKind;
  /** The MIME type served for it (Content-Type, and `canPlayType` in the window). */
  mime: string;
  /** The container's name as a researcher would recognise it. */
  container: string;
  /** The codecs usually inside it. */
  codecs: string;
  /** False: Chromium cannot play this container at all. */
  playable: boolean;
}

const FORMATS: readonly MediaFormat[] = [
  { extensions: ['mp3'], kind: 'audio', mime: 'audio/mpeg', container: 'MP3', codecs: 'MPEG-1 Layer III', playable: true },
  { extensions: ['m4a', 'mp4a'], kind: 'audio', mime: 'audio/mp4', container: 'MPEG-4 audio (M4A)', codecs: 'AAC', playable: true },
  { extensions: ['aac'], kind: 'audio', mime: 'audio/aac', container: 'ADTS', codecs: 'AAC', playable: true },
  { extensions: ['wav', 'wave'], kind: 'audio', mime: 'audio/wav', container: 'WAV', codecs: 'PCM', playable: true },
  { extensions: ['ogg', 'oga'], kind: 'audio', mime: 'audio/ogg', container: 'Ogg', codecs: 'Vorbis or Opus', playable: true },
  { extensions: ['opus'], kind: 'audio', mime: 'audio/ogg', container: 'Ogg', codecs: 'Opus', playable: true },
  { extensions: ['flac'], kind: 'audio', mime: 'audio/flac', container: 'FLAC', codecs: 'FLAC', playable: true },
  { extensions: ['weba'], kind: 'audio', mime: 'audio/webm', container: 'WebM audio', codecs: 'Opus or Vorbis', playable: true },
  { extensions: ['mp4', 'm4v'], kind: 'video', mime: 'video/mp4', container: 'MPEG-4 (MP4)', codecs: 'H.264 video, AAC audio', playable: true },
  { extensions: ['webm'], kind: 'video', mime: 'video/webm', container: 'WebM', codecs: 'VP8, VP9 or AV1 video, Opus or Vorbis audio', playable: true },
  { extensions: ['ogv'], kind: 'video', mime: 'video/ogg', container: 'Ogg video', codecs: 'Theora', playable: true },
  // recognised, but Chromium has no demuxer or decoder for them
  { extensions: ['wma'], kind: 'audio', mime: 'audio/x-ms-wma', container: 'Windows Media (ASF)', codecs: 'WMA', playable: false },
  { extensions: ['wmv', 'asf'], kind: 'video', mime: 'video/x-ms-wmv', container: 'Windows Media (ASF)', codecs: 'WMV video, WMA audio', playable: false },
  { extensions: ['avi'], kind: 'video', mime: 'video/x-msvideo', container: 'AVI', codecs: 'various (often DivX/Xvid)', playable: false },
  { extensions: ['amr', '3ga'], kind: 'audio', mime: 'audio/amr', container: 'AMR', codecs: 'AMR narrow-band (phone recorders)', playable: false },
  { extensions: ['aif', 'aiff', 'aifc'], kind: 'audio', mime: 'audio/aiff', container: 'AIFF', codecs: 'PCM (big-endian)', playable: false },
  { extensions: ['mov', 'qt'], kind: 'video', mime: 'video/quicktime', container: 'QuickTime (MOV)', codecs: 'H.264, HEVC or ProRes', playable: false },
  { extensions: ['mkv', 'mka'], kind: 'video', mime: 'video/x-matroska', container: 'Matroska (MKV)', codecs: 'various', playable: false },
  { extensions: ['3gp', '3g2'], kind: 'video', mime: 'video/3gpp', container: '3GP', codecs: 'H.263 or AMR (phones)', playable: false },
  { extensions: ['dss', 'ds2'], kind: 'audio', mime: 'audio/x-dss', container: 'Olympus DSS dictation', codecs: 'DSS', playable: false },
];

const BY_EXTENSION = new Map(FORMATS.flatMap((f) => f.extensions.map((e) => [e, f] as const)));

/** The extensions Weft links and plays, for messages and file pickers. */
export const PLAYABLE_EXTENSIONS: readonly string[] = FORMATS.filter((f) => f.playable).flatMap((f) => f.extensions);

/** The lower-case extension of a file name or path, without the dot ('' when none). */
export function extensionOf(name: string): string {
  const base = name.replace(/^.*[\\/]/, '');
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** The format a file name says it is (null: not a recording Weft knows). */
export function formatOfName(name: string): MediaFormat | null {
  return BY_EXTENSION.get(extensionOf(name)) ?? null;
}

/** What the first bytes of a file say it is: a format, and the codec when the header names it. */
export interface SniffedMedia {
  format: MediaFormat;
  /** The codec inside, when the header says (WAV format tag, Ogg stream header). */
  codec?: string;
  /** False when this file's codec cannot be played although its container can. */
  playable: boolean;
}

const byExt = (ext: string) => BY_EXTENSION.get(ext)!;

function ascii(b: Uint8Array, at: number, s: string): boolean {
  if (at + s.length > b.length) return false;
  for (let i = 0; i < s.length; i++) if (b[at + i] !== s.charCodeAt(i)) return false;
  return true;
}

const u16le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8);
const u32le = (b: Uint8Array, i: number) => (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;

/** WAV format tags Chromium decodes: PCM, IEEE float (and the extensible wrapper around them). */
const WAV_CODECS: Record<number, { name: string; playable: boolean }> = {
  0x0001: { name: 'PCM', playable: true },
  0x0003: { name: 'IEEE float PCM', playable: true },
  0xfffe: { name: 'PCM (extensible)', playable: true },
  0x0002: { name: 'Microsoft ADPCM', playable: false },
  0x0006: { name: 'A-law', playable: false },
  0x0007: { name: 'μ-law', playable: false },
  0x0011: { name: 'IMA ADPCM', playable: false },
  0x0031: { name: 'GSM 6.10', playable: false },
  0x0055: { name: 'MP3 inside WAV', playable: false },
};

function wavCodec(b: Uint8Array): { name: string; playable: boolean } | null {
  // chunks after "RIFF....WAVE": find "fmt " and read its format tag
  for (let at = 12; at + 10 <= b.length; ) {
    const size = u32le(b, at + 4);
    if (ascii(b, at, 'fmt ')) {
      const tag = u16le(b, at + 8);
      return WAV_CODECS[tag] ?? { name: `format tag 0x${tag.toString(16).padStart(4, '0')}`, playable: false };
    }
    at += 8 + size + (size % 2);
  }
  return null;
}

/**
 * The format of a recording from its first bytes (at least the first 64; 4 KiB finds more WAV
 * headers), or null when they are not one Weft recognises (then the extension decides).
 */
export function sniffMedia(b: Uint8Array): SniffedMedia | null {
  if (ascii(b, 0, 'RIFF') && ascii(b, 8, 'WAVE')) {
    const codec = wavCodec(b);
    return { format: byExt('wav'), ...(codec ? { codec: codec.name } : {}), playable: codec ? codec.playable : true };
  }
  if (ascii(b, 0, 'RIFF') && ascii(b, 8, 'AVI ')) return { format: byExt('avi'), playable: false };
  if (ascii(b, 0, 'FORM') && (ascii(b, 8, 'AIFF') || ascii(b, 8, 'AIFC'))) return { format: byExt('aiff'), playable: false };
  if (ascii(b, 0, '#!AMR')) return { format: byExt('amr'), playable: false };
  if (b.length >= 4 && b[0] === 0x30 && b[1] === 0x26 && b[2] === 0xb2 && b[3] === 0x75) return { format: byExt('wma'), playable: false };
  if (ascii(b, 0, 'fLaC')) return { format: byExt('flac'), codec: 'FLAC', playable: true };
  if (ascii(b, 0, 'OggS')) {
    // the first page holds the first stream's header: its codec
    const head = new TextDecoder('latin1').decode(b.subarray(0, Math.min(b.length, 128)));
    if (head.includes('OpusHead')) return { format: byExt('opus'), codec: 'Opus', playable: true };
    if (head.includes('\u0001vorbis')) return { format: byExt('ogg'), codec: 'Vorbis', playable: true };
    if (head.includes('\u007fFLAC')) return { format: byExt('ogg'), codec: 'FLAC', playable: true };
    if (head.includes('\u0080theora')) return { format: byExt('ogv'), codec: 'Theora', playable: true };
    if (head.includes('Speex')) return { format: byExt('ogg'), codec: 'Speex', playable: false };
    return { format: byExt('ogg'), playable: true };
  }
  if (b.length >= 4 && b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) {
    const head = new TextDecoder('latin1').decode(b.subarray(0, Math.min(b.length, 64)));
    return head.includes('webm') ? { format: byExt('webm'), playable: true } : { format: byExt('mkv'), playable: false };
  }
  if (ascii(b, 4, 'ftyp')) {
    const brand = new TextDecoder('latin1').decode(b.subarray(8, 12));
    if (brand === 'qt  ') return { format: byExt('mov'), playable: false };
    if (brand.startsWith('3g')) return { format: byExt('3gp'), playable: false };
    if (brand.startsWith('M4A') || brand.startsWith('M4B')) return { format: byExt('m4a'), playable: true };
    return { format: byExt('mp4'), playable: true };
  }
  if (ascii(b, 0, 'ID3') || (b.length >= 2 && b[0] === 0xff && (b[1]! & 0xe6) === 0xe2)) return { format: byExt('mp3'), playable: true };
  if (b.length >= 2 && b[0] === 0xff && (b[1]! & 0xf6) === 0xf0) return { format: byExt('aac'), playable: true };
  return null;
}

/** What to convert a recording of this kind to. */
export function convertAdvice(kind: MediaKind): string {
  const to = kind === 'audio' ? 'MP3, M4A (AAC), WAV (PCM), Ogg (Opus/Vorbis) or FLAC' : 'MP4 (H.264/AAC) or WebM (VP9/Opus)';
  return `Convert it to ${to} first, for example with ffmpeg or Audacity.`;
}

/** Why a format (with the codec, when known) cannot be played, and what to do. */
export function cannotPlayReason(format: MediaFormat, codec?: string): string {
  const what = codec ? `${format.container} with ${codec}` : `${format.container} (usually ${format.codecs})`;
  return `${what} cannot be played by Weft's browser engine (Chromium). ${convertAdvice(format.kind)}`;
}

/** A file that cannot be linked as a recording: the message names the file, then the problem. */
export class MediaFileError extends UserInputError {
  override get userMessage(): string {
    return this.file ? `Cannot link “${this.file}” as a recording: ${this.message}` : this.message;
  }
}

/**
 * The format of the file `name` whose first bytes are `head`, or a MediaFileError naming the file
 * and the container/codec when it is not a recording Chromium can play.
 */
export function classifyMedia(name: string, head: Uint8Array): { format: MediaFormat; codec?: string } {
  const sniffed = sniffMedia(head);
  const byName = formatOfName(name);
  if (!sniffed && !byName) {
    throw new MediaFileError(name, `it is not an audio or video file Weft knows (use ${PLAYABLE_EXTENSIONS.join(', ')}).`);
  }
  if (sniffed && !sniffed.playable) throw new MediaFileError(name, cannotPlayReason(sniffed.format, sniffed.codec));
  if (sniffed) return { format: sniffed.format, ...(sniffed.codec ? { codec: sniffed.codec } : {}) };
  if (!byName!.playable) throw new MediaFileError(name, cannotPlayReason(byName!));
  return { format: byName! };
}

/**
 * The window's message when the engine refused a linked recording while playing it
 * (`MediaError.code` 3 = decode, 4 = source not supported): names the file, container and codecs.
 */
export function playbackFailureMessage(name: string, errorCode: number): string {
  const format = formatOfName(name);
  const what = format ? `${format.container} (${format.codecs})` : 'its format';
  if (errorCode === 3) return `“${name}” could not be decoded: the file is damaged, or ${what} uses a codec variant Weft's browser engine cannot decode.`;
  if (errorCode === 4) {
    const inside = format ? `this ${format.container} file (usually ${format.codecs})` : 'this file';
    return `“${name}” cannot be played: Weft's browser engine (Chromium) does not support the codec inside ${inside}. ${convertAdvice(format?.kind ?? 'audio')}`;
  }
  return `“${name}” could not be read (error ${errorCode}).`;
}
