import { describe, expect, it } from 'vitest';
import { hostOptionsFromArgs, isFromHost, mayRestart, RESTART_LIMIT, RESTART_WINDOW_MS } from './host';

describe('the service host’s rules', () => {
  it('is restarted after it stops, unless it stopped too often in the last minute', () => {
    const stops: number[] = [];
    let now = 1_000_000;
    for (let i = 0; i < RESTART_LIMIT; i++) {
      expect(mayRestart(stops, now)).toBe(true);
      stops.push(now);
      now += 1000;
    }
    expect(mayRestart(stops, now)).toBe(false);
    // stops older than the window no longer count
    expect(mayRestart(stops, now + RESTART_WINDOW_MS)).toBe(true);
  });

  it('reads its folders from its command line and refuses to start without the data folder', () => {
    expect(hostOptionsFromArgs(['electron', 'host.mjs', '--data-dir=/data/weft'])).toEqual({ dataDir: '/data/weft' });
    expect(hostOptionsFromArgs(['--backups-dir=/b', '--data-dir=/d'])).toEqual({ dataDir: '/d', backupsDir: '/b' });
    expect(() => hostOptionsFromArgs(['host.mjs'])).toThrow(/--data-dir/);
  });

  it('main accepts only the host messages it knows', () => {
    expect(isFromHost({ type: 'ready' })).toBe(true);
    expect(isFromHost({ type: 'project', path: null })).toBe(true);
    expect(isFromHost({ type: 'project', path: 3 })).toBe(false);
    expect(isFromHost({ type: 'reopenFailed', path: '/p.weft', message: 'locked' })).toBe(true);
    expect(isFromHost({ type: 'media', id: 1, file: { path: '/rec/a.wav', mime: 'audio/wav' } })).toBe(true);
    expect(isFromHost({ type: 'media', id: 1, file: null })).toBe(true);
    expect(isFromHost({ type: 'media', id: 1, file: { path: 'relative.wav', mime: 'audio/wav' } })).toBe(false);
    expect(isFromHost({ type: 'media', id: '1', file: null })).toBe(false);
    expect(isFromHost({ type: 'quit' })).toBe(false);
    expect(isFromHost(null)).toBe(false);
  });
});
