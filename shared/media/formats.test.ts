import { describe, expect, it } from 'vitest';
import { classifyMedia, extensionOf, formatOfName, MediaFileError, playbackFailureMessage, sniffMedia } from './formats';

const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));
const u32 = (n: number) => [n & 255, (n >> 8) & 255, (n >> 16) & 255, (n >> 24) & 255];
const wav = (tag: number) => bytes('RIFF', u32(36), 'WAVE', 'fmt ', u32(16), [tag & 255, tag >> 8], [1, 0], u32(8000), u32(16000), [2, 0, 16, 0]);

describe('media formats by name', () => {
  it('maps extensions to kind and MIME type', () => {
    expect(extensionOf('C:\\rec\\Interview 3.M4A')).toBe('m4a');
    expect(extensionOf('/a.b/noext')).toBe('');
    expect(formatOfName('a.mp3')).toMatchObject({ kind: 'audio', mime: 'audio/mpeg', playable: true });
    expect(formatOfName('a.m4a')).toMatchObject({ kind: 'audio', mime: 'audio/mp4' });
    expect(formatOfName('a.wav')).toMatchObject({ kind: 'audio', mime: 'audio/wav' });
    expect(formatOfName('a.opus')).toMatchObject({ kind: 'audio', mime: 'audio/ogg' });
    expect(formatOfName('a.mp4')).toMatchObject({ kind: 'video', mime: 'video/mp4' });
    expect(formatOfName('a.webm')).toMatchObject({ kind: 'video', mime: 'video/webm' });
    expect(formatOfName('a.wma')).toMatchObject({ playable: false });
    expect(formatOfName('a.docx')).toBeNull();
  });
});

describe('media formats by content', () => {
  it('reads the WAV codec from its fmt chunk', () => {
    expect(sniffMedia(wav(1))).toMatchObject({ codec: 'PCM', playable: true, format: { kind: 'audio' } });
    expect(sniffMedia(wav(0x11))).toMatchObject({ codec: 'IMA ADPCM', playable: false });
  });
  it('tells containers apart by their magic numbers', () => {
    expect(sniffMedia(bytes('OggS', [0, 2], new Array(20).fill(0), 'OpusHead'))).toMatchObject({ codec: 'Opus', playable: true });
    expect(sniffMedia(bytes([0, 0, 0, 20], 'ftypqt  '))?.format.container).toBe('QuickTime (MOV)');
    expect(sniffMedia(bytes([0, 0, 0, 20], 'ftypM4A '))?.format.mime).toBe('audio/mp4');
    expect(sniffMedia(bytes([0, 0, 0, 20], 'ftypisom'))?.format.mime).toBe('video/mp4');
    expect(sniffMedia(bytes('ID3', [4, 0, 0])))?.toMatchObject({ format: { mime: 'audio/mpeg' } });
    expect(sniffMedia(bytes([0x1a, 0x45, 0xdf, 0xa3], 'xx', [0x42, 0x82], 'webm'))?.format.mime).toBe('video/webm');
    expect(sniffMedia(bytes([0x30, 0x26, 0xb2, 0x75])))?.toMatchObject({ playable: false });
    expect(sniffMedia(bytes('hello world'))).toBeNull();
  });
});

describe('classifyMedia', () => {
  it('accepts a playable file and trusts the content over the name', () => {
    expect(classifyMedia('a.wav', wav(1)).format.mime).toBe('audio/wav');
    expect(classifyMedia('renamed.mp3', wav(3)).format.mime).toBe('audio/wav');
    expect(classifyMedia('a.mp3', new Uint8Array(0)).format.mime).toBe('audio/mpeg'); // unknown bytes: the name
  });
  it('refuses with the file, container and codec named', () => {
    const refusal = (name: string, head: Uint8Array) => {
      try {
        classifyMedia(name, head);
      } catch (e) {
        expect(e).toBeInstanceOf(MediaFileError);
        return (e as MediaFileError).userMessage;
      }
      throw new Error('not refused');
    };
    expect(refusal('call.wav', wav(0x11))).toBe(
      'Cannot link “call.wav” as a recording: WAV with IMA ADPCM cannot be played by Weft\'s browser engine (Chromium). Convert it to MP3, M4A (AAC), WAV (PCM), Ogg (Opus/Vorbis) or FLAC first, for example with ffmpeg or Audacity.',
    );
    expect(refusal('memo.wma', new Uint8Array(0))).toMatch(/“memo\.wma”.*Windows Media \(ASF\) \(usually WMA\) cannot be played/);
    expect(refusal('clip.mov', bytes([0, 0, 0, 20], 'ftypqt  '))).toMatch(/QuickTime \(MOV\).*MP4 \(H\.264\/AAC\) or WebM/);
    expect(refusal('notes.txt', bytes('hello'))).toMatch(/“notes\.txt”.*not an audio or video file Weft knows \(use mp3, /);
  });
  it('explains a playback failure with the container and codecs', () => {
    expect(playbackFailureMessage('v.mp4', 4)).toMatch(/“v\.mp4” cannot be played: .*MPEG-4 \(MP4\) file \(usually H\.264 video, AAC audio\)/);
    expect(playbackFailureMessage('v.mp4', 3)).toMatch(/could not be decoded/);
  });
});

describe('toneWav', () => {
  it('writes a PCM WAV that the sniffer accepts, of the length asked for', async () => {
    const { toneWav } = await import('./wav');
    const wavBytes = toneWav([{ ms: 1000, hz: 440 }, { ms: 500, hz: 0 }], 8000);
    expect(wavBytes.length).toBe(44 + 12_000 * 2);
    expect(sniffMedia(wavBytes)).toMatchObject({ codec: 'PCM', playable: true });
  });
});
