/**
 * The Electron shell's entry: one instance, the app:// scheme, one hardened window wired to the
 * core over IPC. Thin on purpose; the logic lives in shell/.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, Notification, protocol, session, shell } from 'electron';
import type { Core } from '../core/core.js';
import { stderrLogger } from '../core/logger.js';
import { appRoot, rendererDir } from '../core/paths.js';
import { APP_ENTRY_URL, APP_SCHEME, createAppProtocolHandler } from './app-protocol.js';
import { parseShellArgs } from './args.js';
import { forwardHealthNotifications } from './desktop-notifications.js';
import { openControlEndpoint } from './control-endpoint.js';
import type { ControlEndpoint } from './control-endpoint.js';
import { guardDownloads } from './downloads.js';
import { guardElectronProcess } from './fatal-error.js';
import { attachIpcTransport, windowRole } from './ipc-transport.js';
import { applicationMenuTemplate } from './menu.js';
import { attachPdfPrinting } from './print-pdf.js';
import { denyAllPermissions, hardenWebContents } from './security.js';
import { describeStartupError, startElectronCore } from './startup.js';
import { listDisplays, placeWall } from './wall-display.js';
import { createMainWindow } from './window.js';

const logger = stderrLogger;
const guard = guardElectronProcess(logger);
const args = parseShellArgs(process.argv.slice(1));

// $WARROOM_DATA_DIR moves the whole profile (database and Chromium's files), and with it the
// single-instance lock: e2e runs and a second war room on one machine stay apart.
const dataDirOverride = process.env.WARROOM_DATA_DIR?.trim();
if (dataDirOverride) app.setPath('userData', resolve(dataDirOverride));

// Must happen before ready: a standard, secure scheme gets a real origin, so CSP 'self' works.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
]);

app.on('web-contents-created', (_event, contents) =>
  hardenWebContents(contents, { openExternal: (url) => shell.openExternal(url), logger }),
);

if (app.requestSingleInstanceLock()) {
  void run();
} else {
  app.quit();
}

async function run(): Promise<void> {
  let core: Core | undefined;
  let control: ControlEndpoint | undefined = undefined;
  let window: BrowserWindow | undefined;
  let closed = false;

  app.on('second-instance', () => {
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  // Stop services and close the database before Electron exits.
  app.on('before-quit', (event) => {
    if (!core || closed) return;
    event.preventDefault();
    const closing = core;
    void (control?.close() ?? Promise.resolve())
      .catch((error: unknown) => logger.error('closing the control endpoint failed', error))
      .then(() => closing.close())
      .catch((error: unknown) => logger.error('closing the core failed', error))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());

  await app.whenReady();
  if (args.errors.length > 0) {
    const message = args.errors.join('\n');
    logger.error(message);
    dialog.showErrorBox('Warroom cannot start', message);
    app.exit(2);
    return;
  }
  if (args.listDisplays) {
    process.stdout.write(`${listDisplays().join('\n')}\n`);
    app.exit(0);
    return;
  }
  Menu.setApplicationMenu(Menu.buildFromTemplate(applicationMenuTemplate({ isPackaged: app.isPackaged, isMac: process.platform === 'darwin' })));
  denyAllPermissions(session.defaultSession);
  guardDownloads(session.defaultSession, { downloadsDir: () => app.getPath('downloads'), logger });
  attachPdfPrinting(logger);
  protocol.handle(APP_SCHEME, createAppProtocolHandler({ rootDir: rendererDir() }));

  try {
    core = startElectronCore({
      config: args.config,
      env: process.env,
      cwd: process.cwd(),
      isPackaged: app.isPackaged,
      resourcesPath: process.resourcesPath,
      dataDir: app.getPath('userData'),
      modulesVersion: process.versions.modules,
      electronVersion: process.versions.electron,
      logger,
      guard,
    });
  } catch (error) {
    const failure = describeStartupError(error);
    logger.error(`${failure.title}\n${failure.message}`);
    dialog.showErrorBox(failure.title, failure.message);
    app.exit(failure.exitCode);
    return;
  }
  const started = core;
  // CLI commands that start runs on this data dir go through this app (loopback, token in the data dir).
  control = await openControlEndpoint(started, { dataDir: app.getPath('userData'), logger });
  forwardHealthNotifications(started.bus, {
    isSupported: () => Notification.isSupported(),
    create: (options) => new Notification(options),
  });

  const here = dirname(fileURLToPath(import.meta.url));
  const icon = join(appRoot(), 'build', 'icon.png');
  const openWindow = () => {
    const wall = args.wall ? placeWall(args.wallDisplay) : undefined;
    if (wall?.warning) logger.warn(wall.warning);
    const win = createMainWindow({
      bounds: wall?.bounds,
      preload: join(here, 'preload.cjs'),
      kiosk: args.kiosk,
      devTools: !app.isPackaged,
      icon: !app.isPackaged && existsSync(icon) ? icon : undefined,
    });
    attachIpcTransport({ ipcMain, webContents: win.webContents, dispatch: started.dispatch, role: windowRole(args), bus: started.bus, logger });
    const entry = args.wall ? `${APP_ENTRY_URL}?wall` : APP_ENTRY_URL;
    win.loadURL(entry).catch((error: unknown) => logger.error(`could not load ${entry}`, error));
    window = win;
  };
  openWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
}
