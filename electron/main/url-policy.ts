/** Which URLs Weft's window may navigate to or hand to the system browser. No Electron imports. */

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

/** Only these external links may be handed to the system browser. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'mailto:';
  } catch {
    return false;
  }
}
