/**
 * Script output with ANSI colours → styled segments (text + style), never markup: the log pane
 * renders each segment as a <span>, so nothing a script prints can become HTML. SGR sequences
 * (`ESC[…m`: colours, bold, dim, italic, underline, inverse, reset) set the style; every other
 * escape sequence and control character except \n and \t is dropped.
 */

/** 0–255: the xterm palette (0–15 themed by CSS classes); a string: a truecolor "#rrggbb". */
export type AnsiColor = number | string;

export interface SgrStyle {
  readonly fg: AnsiColor | null;
  readonly bg: AnsiColor | null;
  readonly bold: boolean;
  readonly dim: boolean;
  readonly italic: boolean;
  readonly underline: boolean;
  readonly inverse: boolean;
  readonly strike: boolean;
}

export interface Segment {
  readonly text: string;
  readonly style: SgrStyle;
}

export const PLAIN: SgrStyle = Object.freeze({ fg: null, bg: null, bold: false, dim: false, italic: false, underline: false, inverse: false, strike: false });

/* eslint-disable no-control-regex -- matching control characters is the point of this module */

/** SGR (group 1 = its parameters), other CSI, OSC strings, other ESC sequences, a lone ESC, C0/C1 controls but \t \n \r. */
const SEQUENCE = /\x1b\[([0-9;:]*)m|\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[ -/]*[0-~]|\x1b|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/g;
/** An escape sequence cut off by the end of a chunk; its end comes with the next chunk. */
const INCOMPLETE_AT_END = /\x1b(?:\[[0-?]*[ -/]*|\][^\x07\x1b]*\x1b?|[ -/]*)$/;

/* eslint-enable no-control-regex */

/** Longer "sequences" are garbage, not a sequence waiting for its end. */
const MAX_HELD_CHARS = 256;

function extendedColor(params: number[], i: number): { color: AnsiColor | null; next: number } {
  const mode = params[i + 1];
  if (mode === 5) {
    const n = params[i + 2];
    return { color: n !== undefined && n >= 0 && n <= 255 ? n : null, next: i + 3 };
  }
  if (mode === 2) {
    const [r, g, b] = [params[i + 2], params[i + 3], params[i + 4]];
    if ([r, g, b].every((v) => v !== undefined && v >= 0 && v <= 255)) {
      const hex = [r!, g!, b!].map((v) => v.toString(16).padStart(2, '0')).join('');
      return { color: `#${hex}`, next: i + 5 };
    }
    return { color: null, next: i + 5 };
  }
  return { color: null, next: i + 2 };
}

/** The style after one SGR sequence's parameters ("" and "0" reset). */
export function applySgr(style: SgrStyle, rawParams: string): SgrStyle {
  const params = rawParams === '' ? [0] : rawParams.split(/[;:]/).map((p) => (p === '' ? 0 : Number(p)));
  const next: { -readonly [K in keyof SgrStyle]: SgrStyle[K] } = { ...style };
  for (let i = 0; i < params.length; ) {
    const code = params[i]!;
    if (code === 38 || code === 48) {
      const { color, next: after } = extendedColor(params, i);
      if (color !== null) next[code === 38 ? 'fg' : 'bg'] = color;
      i = after;
      continue;
    }
    if (code === 0) Object.assign(next, PLAIN);
    else if (code === 1) next.bold = true;
    else if (code === 2) next.dim = true;
    else if (code === 3) next.italic = true;
    else if (code === 4) next.underline = true;
    else if (code === 7) next.inverse = true;
    else if (code === 9) next.strike = true;
    else if (code === 21 || code === 22) {
      next.bold = false;
      next.dim = false;
    } else if (code === 23) next.italic = false;
    else if (code === 24) next.underline = false;
    else if (code === 27) next.inverse = false;
    else if (code === 29) next.strike = false;
    else if (code >= 30 && code <= 37) next.fg = code - 30;
    else if (code === 39) next.fg = null;
    else if (code >= 40 && code <= 47) next.bg = code - 40;
    else if (code === 49) next.bg = null;
    else if (code >= 90 && code <= 97) next.fg = code - 90 + 8;
    else if (code >= 100 && code <= 107) next.bg = code - 100 + 8;
    i += 1;
  }
  if (sameStyle(next, style)) return style;
  return sameStyle(next, PLAIN) ? PLAIN : Object.freeze(next);
}

export function sameStyle(a: SgrStyle, b: SgrStyle): boolean {
  return (
    a.fg === b.fg &&
    a.bg === b.bg &&
    a.bold === b.bold &&
    a.dim === b.dim &&
    a.italic === b.italic &&
    a.underline === b.underline &&
    a.inverse === b.inverse &&
    a.strike === b.strike
  );
}

/** \r\n is a line end; a lone \r (a progress bar redrawing its line) starts a new line. */
function normaliseLineEnds(text: string): string {
  return text.indexOf('\r') === -1 ? text : text.replace(/\r+\n/g, '\n').replace(/\r+$/, '').replace(/\r+/g, '\n');
}

/** Splits text into styled segments, starting from `start`; returns the style in force at the end. */
export function parseAnsi(text: string, start: SgrStyle = PLAIN): { segments: Segment[]; end: SgrStyle } {
  const segments: Segment[] = [];
  let style = start;
  const push = (raw: string) => {
    const piece = normaliseLineEnds(raw);
    if (!piece) return;
    const last = segments[segments.length - 1];
    if (last && last.style === style) segments[segments.length - 1] = { text: last.text + piece, style };
    else segments.push({ text: piece, style });
  };
  let from = 0;
  SEQUENCE.lastIndex = 0;
  for (let match = SEQUENCE.exec(text); match; match = SEQUENCE.exec(text)) {
    if (match.index > from) push(text.slice(from, match.index));
    if (match[1] !== undefined) style = applySgr(style, match[1]);
    from = match.index + match[0].length;
  }
  if (from < text.length) push(text.slice(from));
  return { segments, end: style };
}

/** Splits off an escape sequence cut by the end of a stream chunk, to be completed by the next one. */
export function splitIncomplete(text: string): { complete: string; held: string } {
  const cut = INCOMPLETE_AT_END.exec(text);
  if (!cut || text.length - cut.index > MAX_HELD_CHARS) return { complete: text, held: '' };
  return { complete: text.slice(0, cut.index), held: text.slice(cut.index) };
}

/** Text without any escape sequence or control character (for search and copies). */
export function plainText(text: string): string {
  return parseAnsi(text).segments.map((s) => s.text).join('');
}

const CUBE = [0, 95, 135, 175, 215, 255];

/** "#rrggbb" of an xterm palette entry from 16 up (0–15 follow the theme's CSS variables). */
export function paletteHex(n: number): string {
  const hex = (v: number) => v.toString(16).padStart(2, '0');
  if (n >= 232) {
    const v = 8 + (n - 232) * 10;
    return `#${hex(v)}${hex(v)}${hex(v)}`;
  }
  const i = n - 16;
  return `#${hex(CUBE[Math.floor(i / 36)]!)}${hex(CUBE[Math.floor(i / 6) % 6]!)}${hex(CUBE[i % 6]!)}`;
}

export interface SpanLook {
  className: string;
  style: { color?: string; backgroundColor?: string } | undefined;
}

const looks = new WeakMap<SgrStyle, SpanLook>();

/** Class names (theme colours 0–15, bold…) and, for 256-colour and truecolor, an inline colour. */
export function spanLook(sgr: SgrStyle): SpanLook {
  const cached = looks.get(sgr);
  if (cached) return cached;
  const classes: string[] = [];
  const style: { color?: string; backgroundColor?: string } = {};
  // Inverse swaps the colours; an unset one is the pane's own foreground or background.
  const fg = sgr.inverse ? (sgr.bg ?? 'inverse-fg') : sgr.fg;
  const bg = sgr.inverse ? (sgr.fg ?? 'inverse-bg') : sgr.bg;
  const paint = (color: AnsiColor | null, layer: 'fg' | 'bg') => {
    if (color === null) return;
    if (color === 'inverse-fg' || color === 'inverse-bg') classes.push(`ansi-${color}`);
    else if (typeof color === 'number' && color < 16) classes.push(`ansi-${layer}-${color}`);
    else style[layer === 'fg' ? 'color' : 'backgroundColor'] = typeof color === 'number' ? paletteHex(color) : color;
  };
  paint(fg, 'fg');
  paint(bg, 'bg');
  if (sgr.bold) classes.push('ansi-bold');
  if (sgr.dim) classes.push('ansi-dim');
  if (sgr.italic) classes.push('ansi-italic');
  if (sgr.underline) classes.push('ansi-underline');
  if (sgr.strike) classes.push('ansi-strike');
  const look: SpanLook = { className: classes.join(' '), style: Object.keys(style).length > 0 ? style : undefined };
  looks.set(sgr, look);
  return look;
}
