import { describe, expect, it } from 'vitest';
import { PLAIN, applySgr, paletteHex, parseAnsi, plainText, spanLook, splitIncomplete } from './ansi.js';

const ESC = '\x1b';

describe('parseAnsi', () => {
  it('turns colour, bold and reset sequences into styled segments', () => {
    const { segments, end } = parseAnsi(`${ESC}[31mred${ESC}[0m plain ${ESC}[1;32mbold green${ESC}[22m green`);
    expect(segments.map((s) => s.text)).toEqual(['red', ' plain ', 'bold green', ' green']);
    expect(segments[0]!.style).toMatchObject({ fg: 1, bold: false });
    expect(segments[1]!.style).toBe(PLAIN);
    expect(segments[2]!.style).toMatchObject({ fg: 2, bold: true });
    expect(segments[3]!.style).toMatchObject({ fg: 2, bold: false });
    expect(end).toMatchObject({ fg: 2 });
  });

  it('reads bright, 256-colour and truecolor sequences, and default colour codes', () => {
    expect(applySgr(PLAIN, '91')).toMatchObject({ fg: 9 });
    expect(applySgr(PLAIN, '104')).toMatchObject({ bg: 12 });
    expect(applySgr(PLAIN, '38;5;208')).toMatchObject({ fg: 208 });
    expect(applySgr(PLAIN, '48;2;10;20;255')).toMatchObject({ bg: '#0a14ff' });
    expect(applySgr(applySgr(PLAIN, '31;44'), '39;49')).toBe(PLAIN);
    expect(applySgr(PLAIN, '')).toBe(PLAIN);
    expect(paletteHex(196)).toBe('#ff0000');
    expect(paletteHex(244)).toBe('#808080');
  });

  it('carries the style from one chunk into the next', () => {
    const first = parseAnsi(`${ESC}[33mwarn: `);
    const second = parseAnsi('still yellow', first.end);
    expect(second.segments[0]!.style).toMatchObject({ fg: 3 });
  });

  it('drops every other escape sequence and control character, keeping newlines and tabs', () => {
    const text = `a${ESC}[2Jb${ESC}]0;title\x07c${ESC}[5Ad\x00e\x07f\tg\nh${ESC}`;
    expect(plainText(text)).toBe('abcdef\tg\nh');
  });

  it('makes line ends of \\r\\n and lone \\r (progress bars) into new lines', () => {
    expect(plainText('one\r\ntwo\r 50%\r100%\r')).toBe('one\ntwo\n 50%\n100%');
  });

  it('holds back an escape sequence cut by the end of a chunk', () => {
    expect(splitIncomplete(`done ${ESC}[3`)).toEqual({ complete: 'done ', held: `${ESC}[3` });
    expect(splitIncomplete('all complete')).toEqual({ complete: 'all complete', held: '' });
  });
});

describe('spanLook', () => {
  it('uses theme classes for the 16 colours and inline colours beyond, and swaps for inverse', () => {
    expect(spanLook(applySgr(PLAIN, '1;31;42'))).toEqual({ className: 'ansi-fg-1 ansi-bg-2 ansi-bold', style: undefined });
    expect(spanLook(applySgr(PLAIN, '38;5;208'))).toEqual({ className: '', style: { color: '#ff8700' } });
    expect(spanLook(applySgr(PLAIN, '7')).className).toBe('ansi-inverse-fg ansi-inverse-bg');
    expect(spanLook(applySgr(PLAIN, '7;31')).className).toBe('ansi-inverse-fg ansi-bg-1');
  });
});
