/** Hardening applied to every session and every web contents: permissions, navigation, new windows, webviews. */
import type { Session, WebContents } from 'electron';
import { isAppUrl } from './url-policy.js';

export { APP_ORIGIN, isAppUrl, isOwnTopFrame } from './url-policy.js';

export function hardenSession(session: Session) {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** Called for every web contents Electron creates (app 'web-contents-created'). */
export function hardenContents(contents: WebContents) {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const stayInWeft = (event: { preventDefault(): void }, url: string) => {
    if (!isAppUrl(url)) event.preventDefault();
  };
  contents.on('will-navigate', stayInWeft);
  contents.on('will-redirect', stayInWeft);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
