/**
 * Electron main process: a thin shell around the same AppService and dispatcher that browser mode
 * and the CLI use. Only this folder and preload/ import 'electron'.
 */
import { app, BrowserWindow, dialog, ipcMain, net, protocol, session, type IpcMainInvokeEvent } from 'electron';
import { join, normalize, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { API_METHODS } from '../../shared/api/contract.js';
import { DIALOG_NAMES, dialogChannel, type DialogInput, type DialogName } from '../../shared/api/dialogs.js';
import { CONTENT_SECURITY_POLICY } from '../../shared/api/security.js';
import { AppService } from '../services/app-service.js';
import { defaultDataDir } from '../services/settings.js';
import { createDispatcher } from '../ipc/dispatch.js';
import { parseDialogInput } from '../ipc/dialogs.js';
import { APP_ORIGIN, hardenContents, hardenSession, isOwnTopFrame } from './security.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const RENDERER_DIR = normalize(join(here, '..', 'renderer'));
const PRELOAD = join(here, 'preload.cjs');

protocol.registerSchemesAsPrivileged([
  { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
}

let mainWindow: BrowserWindow | null = null;
// Backups live where the `weft` CLI finds them (weft backups list), whichever door made them.
const service = new AppService({ host: 'electron', dataDir: process.env.WEFT_DATA_DIR ?? app.getPath('userData'), backupsDir: join(defaultDataDir(), 'backups') });
const dispatch = createDispatcher(service.handlers);
// Events the service pushes (shared/api/events.ts) go to our window; the preload hands them on.
service.onEvent((event) => {
  if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send('weft:event', event);
});

function serveRenderer() {
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    const rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    const file = normalize(join(RENDERER_DIR, rel));
    if (!file.startsWith(RENDERER_DIR + sep)) return new Response('Forbidden', { status: 403 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    if (file.endsWith('.html')) headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    return new Response(response.body, { status: response.status, headers });
  });
}

const REFUSED_SENDER = 'Refused: the request did not come from Weft’s own window.';

/** Every IPC channel is registered here: answered only for Weft's own top-level page. */
function handleFromOwnWindow(channel: string, handler: (event: IpcMainInvokeEvent, input: unknown) => unknown, refuse: () => unknown) {
  ipcMain.handle(channel, (event, input: unknown) => (isOwnTopFrame(event.senderFrame) ? handler(event, input) : refuse()));
}

const WEFT_FILES = [{ name: 'Weft project', extensions: ['weft'] }];
const DIALOGS: { [D in DialogName]: (win: BrowserWindow, input: DialogInput<D>) => Promise<string | string[] | null> } = {
  openProject: async (win) => {
    const r = await dialog.showOpenDialog(win, { properties: ['openFile'], filters: WEFT_FILES });
    return r.canceled ? null : (r.filePaths[0] ?? null);
  },
  saveProject: async (win, input) => {
    const r = await dialog.showSaveDialog(win, { filters: WEFT_FILES, defaultPath: input?.suggestedName ?? 'My study.weft' });
    return r.canceled ? null : (r.filePath ?? null);
  },
  importFiles: async (win) => {
    const r = await dialog.showOpenDialog(win, { properties: ['openFile', 'multiSelections'] });
    return r.canceled ? [] : r.filePaths;
  },
};

function showDialog<D extends DialogName>(name: D, event: IpcMainInvokeEvent, raw: unknown) {
  const win = BrowserWindow.fromWebContents(event.sender);
  if (!win) throw new Error(REFUSED_SENDER);
  return DIALOGS[name](win, parseDialogInput(name, raw));
}

function registerIpc() {
  for (const method of API_METHODS) {
    handleFromOwnWindow(
      `api:${method}`,
      (_event, input) => dispatch(method, input),
      () => ({ ok: false, error: { code: 'UNAVAILABLE', message: REFUSED_SENDER } }),
    );
  }
  for (const name of DIALOG_NAMES) {
    handleFromOwnWindow(
      dialogChannel(name),
      (event, input) => showDialog(name, event, input),
      () => {
        throw new Error(REFUSED_SENDER);
      },
    );
  }
}

function createWindow() {
  mainWindow = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Weft',
    show: false,
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      // A middle click must not open a link in a new window (new windows are refused anyway).
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    },
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  void mainWindow.loadURL(`${APP_ORIGIN}/index.html`);
}

app.on('second-instance', () => {
  if (mainWindow) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  }
});

app.on('web-contents-created', (_e, contents) => hardenContents(contents));

app.whenReady().then(() => {
  hardenSession(session.defaultSession);
  serveRenderer();
  registerIpc();
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  service.shutdown();
  if (process.platform !== 'darwin') app.quit();
});
