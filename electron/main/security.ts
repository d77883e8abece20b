/** Window hardening shared by every BrowserWindow: navigation, new windows, permissions. */
import { shell, type BrowserWindow, type Session } from 'electron';
import { isAppUrl, isSafeExternalUrl } from './url-policy.js';

export { APP_ORIGIN, isAppUrl } from './url-policy.js';

export function hardenSession(session: Session) {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

export function hardenWindow(win: BrowserWindow) {
  const wc = win.webContents;
  wc.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  wc.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) {
      event.preventDefault();
      if (isSafeExternalUrl(url)) void shell.openExternal(url);
    }
  });
  wc.on('will-attach-webview', (event) => event.preventDefault());
}
