/**
 * Hardening applied to every webContents and to the session: no popups, no navigation away
 * from app://, no <webview>, no permission ever granted.
 */
import type { Session, WebContents } from 'electron';
import type { Logger } from '../core/logger.js';
import { isAppUrl } from './app-protocol.js';
import { externalUrlToOpen } from './navigation.js';

export interface HardenDeps {
  /** shell.openExternal */
  openExternal: (url: string) => Promise<void>;
  logger: Logger;
}

export function hardenWebContents(contents: WebContents, { openExternal, logger }: HardenDeps): void {
  contents.setWindowOpenHandler(({ url }) => {
    const external = externalUrlToOpen(url);
    if (external) {
      openExternal(external).catch((error: unknown) => logger.warn(`could not open ${external}: ${String(error)}`));
    } else {
      logger.warn(`blocked a window.open of ${url.slice(0, 200)}`);
    }
    return { action: 'deny' };
  });
  const stayOnApp = (event: { preventDefault(): void }, url: string) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    logger.warn(`blocked a navigation to ${url.slice(0, 200)}`);
  };
  contents.on('will-navigate', (event, url) => stayOnApp(event, url));
  contents.on('will-frame-navigate', (event) => stayOnApp(event, event.url));
  contents.on('will-redirect', (event, url) => stayOnApp(event, url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** The app needs no camera, microphone, notifications-by-permission, USB, HID or serial. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
