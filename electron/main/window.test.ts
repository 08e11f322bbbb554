import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindowConstructorOptions, MenuItemConstructorOptions } from 'electron';
import { applicationMenuTemplate } from './menu.js';

// window.ts constructs a BrowserWindow; plain Node has none, so record what it is given.
const electron = vi.hoisted(() => ({ created: [] as BrowserWindowConstructorOptions[] }));
vi.mock('electron', () => ({
  BrowserWindow: class {
    constructor(options: BrowserWindowConstructorOptions) {
      electron.created.push(options);
    }
    setMenuBarVisibility() {}
    once() {}
  },
}));

const { createMainWindow } = await import('./window.js');

/** Every role in a menu template, submenus included. */
function roles(template: readonly MenuItemConstructorOptions[]): string[] {
  return template.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? roles(item.submenu) : []),
  ]);
}

describe('main window', () => {
  beforeEach(() => {
    electron.created.length = 0;
  });

  it('cannot open DevTools in a packaged build', () => {
    createMainWindow({ preload: '/app/preload.cjs', kiosk: false, devTools: false });
    expect(electron.created[0]?.webPreferences).toMatchObject({ devTools: false, sandbox: true, contextIsolation: true, nodeIntegration: false });
  });

  it('keeps DevTools in a development build', () => {
    createMainWindow({ preload: '/app/preload.cjs', kiosk: false, devTools: true });
    expect(electron.created[0]?.webPreferences).toMatchObject({ devTools: true });
  });

  it('a kiosk window is fullscreen with no menu bar', () => {
    createMainWindow({ preload: '/app/preload.cjs', kiosk: true, devTools: false });
    expect(electron.created[0]).toMatchObject({ kiosk: true, fullscreen: true, autoHideMenuBar: true });
  });

  it('a wall window opens on the bounds of its display, so it fills that display', () => {
    createMainWindow({ preload: '/app/preload.cjs', kiosk: true, devTools: false, bounds: { x: 1920, y: 0, width: 3840, height: 2160 } });
    expect(electron.created[0]).toMatchObject({ x: 1920, y: 0, width: 3840, height: 2160, fullscreen: true });
  });
});

describe('application menu', () => {
  it('has no DevTools or reload entry (nor their shortcuts) in a packaged build', () => {
    for (const isMac of [false, true]) {
      const packaged = roles(applicationMenuTemplate({ isPackaged: true, isMac }));
      expect(packaged).not.toContain('toggleDevTools');
      expect(packaged).not.toContain('reload');
      expect(packaged).not.toContain('forceReload');
      // viewMenu is Electron's built-in View menu, which brings Toggle Developer Tools back.
      expect(packaged).not.toContain('viewMenu');
      expect(packaged).toContain('editMenu');
    }
  });

  it('offers DevTools and reload in a development build', () => {
    expect(roles(applicationMenuTemplate({ isPackaged: false, isMac: false }))).toEqual(expect.arrayContaining(['toggleDevTools', 'reload']));
  });

  it('has the app menu on macOS only', () => {
    expect(roles(applicationMenuTemplate({ isPackaged: true, isMac: true }))).toContain('appMenu');
    expect(roles(applicationMenuTemplate({ isPackaged: true, isMac: false }))).not.toContain('appMenu');
  });
});
