import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell, type Session } from 'electron';
import os from 'node:os';
import path from 'node:path';
import { createCaseService, type CaseService } from '../../core/case';
import { registerIpc } from './ipc';
import { menuTemplate } from './menu';
import { createElectronPdfPrinter } from './pdf-printer';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './protocol';
import { hardenSession, hardenWebContents } from './security';
import { createMainWindow } from './window';

// Must happen before 'ready': privileges of a scheme cannot change once Chromium has started.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
// Every renderer sandboxed, even one some future code forgets to configure.
app.enableSandbox();

const appRoot = app.getAppPath();
const rendererDir = path.join(appRoot, 'out', 'renderer');
const preloadPath = path.join(appRoot, 'out', 'preload', 'preload.cjs');
const allowDevTools = !app.isPackaged;

let mainWindow: BrowserWindow | null = null;
let service: CaseService | null = null;
let closed = false;
let shutdown: Promise<void> | null = null;

function logInternalError(method: string, error: unknown): void {
  console.error(`[casefile] ${method} failed:`, error);
}

const externalLinks = { shell, dialog, parent: () => mainWindow };

function showMainWindow(): void {
  if (mainWindow && !mainWindow.isDestroyed()) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
    return;
  }
  mainWindow = createMainWindow(BrowserWindow, preloadPath);
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

async function start(): Promise<void> {
  const hardened = new WeakSet<Session>();
  const harden = (s: Session): void => {
    if (hardened.has(s)) return;
    hardened.add(s);
    hardenSession(s, { allowDevTools });
  };
  app.on('session-created', harden);
  harden(session.defaultSession);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, externalLinks));

  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir));
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(menuTemplate({ isMac: process.platform === 'darwin', isPackaged: app.isPackaged, appName: app.name })),
  );

  service = createCaseService({
    location: { kind: 'library', root: process.env.CASEFILE_HOME ?? path.join(os.homedir(), 'Casefile') },
    host: 'electron',
    seedsDir: path.join(appRoot, 'seeds'),
    pdfPrinter: createElectronPdfPrinter(BrowserWindow),
  });
  registerIpc(ipcMain, service.handlers, { onInternalError: logInternalError });
  showMainWindow();
}

if (!app.requestSingleInstanceLock()) {
  // A second process would open the same case folders and fight over their locks; hand over to the first.
  app.quit();
} else {
  app.on('second-instance', showMainWindow);
  app.on('activate', () => {
    if (app.isReady() && service) showMainWindow();
  });
  // Closing the last window ends the session on every platform, so the case is locked, not left open in the dock.
  app.on('window-all-closed', () => app.quit());
  // Quitting waits for the service to lock and flush the case; a second quit during that just waits too.
  app.on('before-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    if (shutdown) return;
    shutdown = (service?.close() ?? Promise.resolve())
      .catch((error: unknown) => logInternalError('shutdown', error))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      logInternalError('startup', error);
      app.exit(1);
    });
}
