/**
 * Electron main process: windows, dialogs and the relay — nothing else. The AppService and its
 * dispatcher (the same ones browser mode and the CLI use) run in the service host, a utility
 * process (service-host.ts); each window talks to it over its own MessagePort, so no call ever
 * runs on this thread. Only this folder, preload/ and service-host/main.ts import 'electron'.
 */
import { app, BrowserWindow, dialog, ipcMain, net, protocol, session, type IpcMainInvokeEvent } from 'electron';
import { join, normalize, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DIALOG_NAMES, dialogChannel, type DialogInput, type DialogName } from '../../shared/api/dialogs.js';
import { CONTENT_SECURITY_POLICY } from '../../shared/api/security.js';
import { parseDialogInput } from '../ipc/dialogs.js';
import { APP_ORIGIN, hardenContents, hardenSession, isOwnTopFrame } from './security.js';
import { RELAY_CHANNELS } from '../relay/protocol.js';
import { ServiceHost } from './service-host.js';
import { MEDIA_SCHEME_PRIVILEGES, serveMedia } from './media-protocol.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const RENDERER_DIR = normalize(join(here, '..', 'renderer'));
const PRELOAD = join(here, 'preload.cjs');
const SERVICE_HOST = join(here, 'service-host.mjs');

protocol.registerSchemesAsPrivileged([
  { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
  MEDIA_SCHEME_PRIVILEGES,
]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
}

let mainWindow: BrowserWindow | null = null;
const serviceHost = new ServiceHost(SERVICE_HOST, [`--data-dir=${process.env.WEFT_DATA_DIR ?? app.getPath('userData')}`]);

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
  // The preload asks for its port to the service; only Weft's own top-level page gets one. API
  // calls then go over that port, and the service host validates every payload (the dispatcher).
  handleFromOwnWindow(
    RELAY_CHANNELS.connect,
    (event) => serviceHost.connect(event.sender),
    () => {
      throw new Error(REFUSED_SENDER);
    },
  );
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
  serviceHost.start();
  serveRenderer();
  serveMedia((ticket) => serviceHost.resolveMedia(ticket));
  registerIpc();
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  // With no window the project is closed (its lock released), as before; macOS keeps Weft running.
  serviceHost.closeProject();
  if (process.platform !== 'darwin') app.quit();
});

// The service closes the project (its lock, its WAL) before Weft exits.
app.on('will-quit', (event) => {
  if (!serviceHost.running) return;
  event.preventDefault();
  void serviceHost.stop().then(() => app.quit());
});
