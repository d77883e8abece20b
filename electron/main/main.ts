/**
 * Electron main process: a thin shell around the same AppService and dispatcher that browser mode
 * and the CLI use. Only this folder and preload/ import 'electron'.
 */
import { app, BrowserWindow, dialog, ipcMain, net, protocol, session } from 'electron';
import { join, normalize, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { API_METHODS } from '../../shared/api/contract.js';
import { CONTENT_SECURITY_POLICY } from '../../shared/api/security.js';
import { AppService } from '../services/app-service.js';
import { defaultDataDir } from '../services/settings.js';
import { createDispatcher } from '../ipc/dispatch.js';
import { APP_ORIGIN, hardenSession, hardenWindow, isAppUrl } from './security.js';

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

function registerIpc() {
  for (const method of API_METHODS) {
    ipcMain.handle(`api:${method}`, (event, input: unknown) => {
      if (!isAppUrl(event.senderFrame?.url ?? '')) {
        return { ok: false, error: { code: 'UNAVAILABLE', message: 'Refused: the request did not come from Weft’s own window.' } };
      }
      return dispatch(method, input);
    });
  }
  const filters = { weft: [{ name: 'Weft project', extensions: ['weft'] }] };
  ipcMain.handle('dialog:openProject', async () => {
    const r = await dialog.showOpenDialog(mainWindow!, { properties: ['openFile'], filters: filters.weft });
    return r.canceled ? null : (r.filePaths[0] ?? null);
  });
  ipcMain.handle('dialog:saveProject', async () => {
    const r = await dialog.showSaveDialog(mainWindow!, { filters: filters.weft, defaultPath: 'My study.weft' });
    return r.canceled ? null : (r.filePath ?? null);
  });
  ipcMain.handle('dialog:importFiles', async () => {
    const r = await dialog.showOpenDialog(mainWindow!, { properties: ['openFile', 'multiSelections'] });
    return r.canceled ? [] : r.filePaths;
  });
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
      spellcheck: false,
    },
  });
  hardenWindow(mainWindow);
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  void mainWindow.loadURL(`${APP_ORIGIN}/index.html`);
}

app.on('second-instance', () => {
  if (mainWindow) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  }
});

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

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
