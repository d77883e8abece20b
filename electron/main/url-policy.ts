/**
 * Which pages count as Weft's own: the only ones the window may navigate to and the only senders
 * whose IPC messages the main process answers. No Electron imports.
 *
 * Weft hands no link to the system browser (it shows none, and transcript text is never turned
 * into links): navigation away from app://weft and new windows are simply refused. If a link is
 * ever added, it goes through its own IPC method that checks the sender and allows only
 * https/http/mailto URLs, never through navigation or window.open.
 */

export const APP_ORIGIN = 'app://weft';

/** True for pages of Weft itself (served from app://weft). */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

/** What an IPC handler knows about the frame that sent a message (Electron's WebFrameMain). */
export interface SenderFrame {
  readonly url: string;
  readonly parent: unknown;
}

/**
 * The one sender check for every IPC channel (`weft:connect`, which hands out a window's port to
 * the service, and `dialog:*`): the message must come from a Weft page in a top-level frame — not
 * from a sub-frame, nor from a page the window was somehow navigated to, nor from a frame already
 * gone (Electron then gives null).
 */
export function isOwnTopFrame(frame: SenderFrame | null | undefined): boolean {
  return frame != null && frame.parent === null && isAppUrl(frame.url);
}
