/** The one Warroom window: sandboxed, isolated, dark until the renderer paints, kiosk on request. */
import { BrowserWindow } from 'electron';

/** Matches the renderer's page background, so no white flash before the first paint. */
// The renderer's --bg, so the window shows no flash of another colour before the page paints.
export const WINDOW_BACKGROUND = '#0a0d12';

export interface MainWindowOptions {
  /** dist-node/electron/main/preload.cjs */
  preload: string;
  kiosk: boolean;
  /** False in packaged builds: DevTools cannot be opened at all (app.isPackaged decides). */
  devTools: boolean;
  icon?: string | undefined;
  /** Where the window opens (the wall's display); a kiosk window then fills that display. */
  bounds?: { x: number; y: number; width: number; height: number } | undefined;
}

export function createMainWindow({ preload, kiosk, devTools, icon, bounds }: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    title: 'Warroom',
    width: 1440,
    height: 900,
    // Fullscreen goes to the display the window is on, so a wall starts on its display.
    ...(bounds ? { x: bounds.x, y: bounds.y, width: bounds.width, height: bounds.height } : {}),
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: WINDOW_BACKGROUND,
    kiosk,
    fullscreen: kiosk,
    autoHideMenuBar: kiosk,
    ...(icon ? { icon } : {}),
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools,
    },
  });
  if (kiosk) win.setMenuBarVisibility(false);
  win.once('ready-to-show', () => win.show());
  return win;
}
