/**
 * The Electron window plays linked recordings from `weft-media://recording/<ticket>`: main asks
 * the service host which file the ticket stands for (tickets come only from the token-checked
 * `media.get`) and answers by the one media-serving rule the bridge uses too
 * (electron/fs/media-response.ts: only that file, one byte range, HEAD). Only this wiring is
 * Electron's; the CSP lets media and fetch (the waveform) reach the scheme (shared/api/security.ts).
 */
import { protocol } from 'electron';
import { Readable } from 'node:stream';
import { answerMediaRequest, type MediaResolver } from '../fs/media-response.js';
import { APP_ORIGIN } from './url-policy.js';

export const MEDIA_SCHEME = 'weft-media';
/** Registered with the app:// scheme before the app is ready. */
export const MEDIA_SCHEME_PRIVILEGES = { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, corsEnabled: true } };

export function serveMedia(resolve: MediaResolver) {
  protocol.handle(MEDIA_SCHEME, async (request) => {
    const url = new URL(request.url);
    const ticket = url.host === 'recording' ? decodeURIComponent(url.pathname.replace(/^\//, '')) : '';
    const answer = await answerMediaRequest(ticket, resolve, { method: request.method, range: request.headers.get('range') });
    const headers = new Headers({ ...answer.headers, 'Access-Control-Allow-Origin': APP_ORIGIN, Vary: 'Origin' });
    const body = answer.body === null ? null : typeof answer.body === 'string' ? answer.body : (Readable.toWeb(answer.body) as ReadableStream<Uint8Array>);
    return new Response(body, { status: answer.status, headers });
  });
}
