/**
 * The application menu. Electron's default one has "Toggle Developer Tools" (Ctrl+Shift+I) and
 * reload entries; a packaged Warroom offers neither, a development build keeps them.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuOptions {
  /** app.isPackaged */
  isPackaged: boolean;
  /** process.platform === 'darwin': the app menu and the window roles differ there. */
  isMac: boolean;
}

export function applicationMenuTemplate({ isPackaged, isMac }: MenuOptions): MenuItemConstructorOptions[] {
  const developer: MenuItemConstructorOptions[] = isPackaged
    ? []
    : [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }];
  return [
    ...(isMac ? [{ role: 'appMenu' } satisfies MenuItemConstructorOptions] : []),
    { role: 'fileMenu' },
    // Copy and paste need the edit roles on macOS; elsewhere they give the shortcuts a home.
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [...developer, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
    },
    { role: 'windowMenu' },
  ];
}
