/** Whether this page is the wall display: `?wall` in its address (serve --wall, Electron --wall). */
export function isWallMode(search: string): boolean {
  return new URLSearchParams(search).has('wall');
}
