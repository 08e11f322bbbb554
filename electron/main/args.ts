/** The Electron shell's own command-line flags, picked out of an argv that also holds Chromium's. */

export interface ShellArgs {
  /** --config PATH (or --config=PATH): the warroom.yaml to use. */
  config?: string;
  /** --kiosk: one fullscreen kiosk window, for the wall display. */
  kiosk: boolean;
}

/**
 * Scans argv for --config and --kiosk and ignores everything else: Electron's argv also carries
 * the app path and whatever flags Chromium, Playwright or a debugger add.
 */
export function parseShellArgs(argv: readonly string[]): ShellArgs {
  const result: ShellArgs = { kiosk: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (arg === '--kiosk') result.kiosk = true;
    else if (arg.startsWith('--config=')) result.config = arg.slice('--config='.length) || undefined;
    else if (arg === '--config') {
      const value = argv[i + 1];
      if (value !== undefined && !value.startsWith('--')) {
        result.config = value;
        i += 1;
      }
    }
  }
  if (result.config === undefined) delete result.config;
  return result;
}
