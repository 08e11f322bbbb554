/** The Electron shell's own command-line flags, picked out of an argv that also holds Chromium's. */

export interface ShellArgs {
  /** --config PATH (or --config=PATH): the warroom.yaml to use. */
  config?: string;
  /** --kiosk: one fullscreen kiosk window, for the wall display. */
  kiosk: boolean;
  /** --wall or --wall-display N: the wall view (?wall) in a read-only kiosk window. */
  wall: boolean;
  /** --wall-display N: the display to put the wall on, 1-based as --list-displays numbers them. */
  wallDisplay?: number;
  /** --list-displays: print the displays with their numbers and quit. */
  listDisplays: boolean;
  /** What could not be read (a --wall-display that is not a number ≥ 1); the shell refuses to start. */
  errors: string[];
}

/** The value of `--name VALUE` or `--name=VALUE` at argv[i], and how many items it took. */
function valueOf(argv: readonly string[], i: number, name: string): { value: string | undefined; used: number } | null {
  const arg = argv[i]!;
  if (arg.startsWith(`${name}=`)) return { value: arg.slice(name.length + 1) || undefined, used: 1 };
  if (arg !== name) return null;
  const next = argv[i + 1];
  return next !== undefined && !next.startsWith('--') ? { value: next, used: 2 } : { value: undefined, used: 1 };
}

/**
 * Scans argv for the shell's flags and ignores everything else: Electron's argv also carries
 * the app path and whatever flags Chromium, Playwright or a debugger add.
 */
export function parseShellArgs(argv: readonly string[]): ShellArgs {
  const result: ShellArgs = { kiosk: false, wall: false, listDisplays: false, errors: [] };
  for (let i = 0; i < argv.length; ) {
    const arg = argv[i]!;
    if (arg === '--') break;
    const config = valueOf(argv, i, '--config');
    const display = valueOf(argv, i, '--wall-display');
    if (config) {
      if (config.value !== undefined) result.config = config.value;
      i += config.used;
      continue;
    }
    if (display) {
      const n = Number(display.value);
      if (display.value === undefined || !Number.isInteger(n) || n < 1) {
        result.errors.push(`--wall-display expects a display number from 1 (see --list-displays), got ${display.value === undefined ? 'nothing' : `"${display.value}"`}`);
      } else {
        result.wallDisplay = n;
      }
      result.wall = true;
      i += display.used;
      continue;
    }
    if (arg === '--kiosk') result.kiosk = true;
    else if (arg === '--wall') result.wall = true;
    else if (arg === '--list-displays') result.listDisplays = true;
    i += 1;
  }
  // The wall is a kiosk: fullscreen, no menu, and (windowRole) read-only.
  if (result.wall) result.kiosk = true;
  return result;
}
