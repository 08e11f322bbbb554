/**
 * Makes a child's decoded output safe to show: colour escapes (SGR, `ESC[…m`) stay, and so do
 * \n \r \t; every other control character and escape sequence (cursor moves, screen clears,
 * window titles, NUL and the rest of C0/C1) is removed, so a script cannot redraw or blank the
 * operator's screen and binary garbage renders as text.
 */

/* eslint-disable no-control-regex -- matching control characters is the point of this module */

/** CSI sequences, OSC strings, other ESC sequences, a lone ESC, then C0/C1 controls but \t \n \r. */
const UNSAFE = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[ -/]*[0-~]|\x1b|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/g;
const SGR = /^\x1b\[[0-9;:]*m$/;
/** An escape sequence cut off by the end of a chunk: its end comes with the next chunk. */
const INCOMPLETE_AT_END = /\x1b(?:\[[0-?]*[ -/]*|\][^\x07\x1b]*\x1b?|[ -/]*)$/;

/* eslint-enable no-control-regex */

/** Longer "sequences" are garbage, not a sequence waiting for its end. */
const MAX_HELD_CHARS = 4096;

/** Cleans a complete text in one go (no sequence continues in a later chunk). */
export function cleanTerminalText(text: string): string {
  return text.replace(UNSAFE, (match) => (SGR.test(match) ? match : ''));
}

/** Cleans a stream chunk by chunk, holding back an escape sequence split across two chunks. */
export class TerminalTextCleaner {
  private held = '';

  push(text: string): string {
    const all = this.held + text;
    const cut = INCOMPLETE_AT_END.exec(all);
    const heldFrom = cut && all.length - cut.index <= MAX_HELD_CHARS ? cut.index : all.length;
    this.held = all.slice(heldFrom);
    return cleanTerminalText(all.slice(0, heldFrom));
  }

  /** What was held back, cleaned as it stands: the stream ended mid-sequence. */
  end(): string {
    const rest = this.held;
    this.held = '';
    return cleanTerminalText(rest);
  }
}
