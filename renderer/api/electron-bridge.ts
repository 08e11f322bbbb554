/** The Electron preload's bridge (window.warroom), present only inside the desktop app. */
import type { WarroomBridge } from '../../shared/contract/index.js';

declare global {
  interface Window {
    /** Set by electron/preload.ts; absent in a plain browser. */
    warroom?: WarroomBridge;
  }
}

export function electronBridge(win: Window = window): WarroomBridge | undefined {
  return win.warroom;
}
