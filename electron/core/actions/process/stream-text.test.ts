import { describe, expect, it } from 'vitest';
import { SECRET_MASK, SecretMasker } from './secret-masker.js';
import { StreamText } from './stream-text.js';
import { cleanTerminalText, TerminalTextCleaner } from './terminal-text.js';

/** Feeds `parts` through a fresh StreamText; returns each push's result and the end. */
function feed(parts: (string | Buffer)[], secrets: string[] = []): string[] {
  const text = new StreamText(secrets);
  return [...parts.map((part) => text.push(Buffer.isBuffer(part) ? part : Buffer.from(part))), text.end()];
}

describe('secret masking', () => {
  it('masks a secret split at every possible point, never emitting a piece of it', () => {
    const line = 'before hunter2-xyz after\n';
    const start = line.indexOf('hunter2');
    for (let cut = 0; cut <= line.length; cut += 1) {
      const out = feed([line.slice(0, cut), line.slice(cut)], ['hunter2-xyz']);
      expect(out.join('')).toBe(`before ${SECRET_MASK} after\n`);
      // Whatever might be the start of the secret is held back until the next chunk decides.
      const expected = cut >= start + 'hunter2-xyz'.length ? line.slice(0, cut).replace('hunter2-xyz', SECRET_MASK) : line.slice(0, Math.min(cut, start));
      expect(out[0]).toBe(expected);
    }
  });

  it('masks a secret spread over many one-byte writes', () => {
    expect(feed([...'x=topsecret;'], ['topsecret']).join('')).toBe(`x=${SECRET_MASK};`);
  });

  it('masks the longest of overlapping secrets whole, and every occurrence', () => {
    const masker = new SecretMasker(['abc', 'abcdef', '']);
    expect(masker.push('abcdef abc abcabc') + masker.end()).toBe(`${SECRET_MASK} ${SECRET_MASK} ${SECRET_MASK}${SECRET_MASK}`);
  });

  it('treats regular-expression characters in secrets literally', () => {
    const masker = new SecretMasker(['p.a$s(w)*']);
    expect(masker.push('p.a$s(w)* pxa$s(w)') + masker.end()).toBe(`${SECRET_MASK} pxa$s(w)`);
  });

  it('releases a held-back tail at the end when it was not a secret after all', () => {
    expect(feed(['password: hunt'], ['hunter2'])).toEqual(['password: ', 'hunt']);
  });

  it('finds a secret with control bytes wedged into it', () => {
    expect(feed(['hun\0ter2\n'], ['hunter2']).join('')).toBe(`${SECRET_MASK}\n`);
  });

  it('masks a secret with colour codes inside it, split at every point, keeping the colours after the mask', () => {
    const line = 'a s\x1b[1me\x1b[0;32mcret b\n';
    for (let cut = 0; cut <= line.length; cut += 1) {
      const out = feed([line.slice(0, cut), line.slice(cut)], ['secret']);
      expect(out.join('')).toBe(`a ${SECRET_MASK}\x1b[1m\x1b[0;32m b\n`);
      // Whatever went out before the second chunk holds no letter of the secret, coloured or not.
      expect(out[0]!.replaceAll('\x1b[1m', '').replaceAll('\x1b[0;32m', '')).not.toMatch(/[secrt]/);
    }
  });
});

describe('terminal text', () => {
  it('keeps SGR colours, tabs, CR and LF; drops other escapes and controls', () => {
    const input = '\x1b[1;31mred\x1b[0m\x1b[2J\x1b[10;1H\x1b]0;title\x07\x1b]8;;http://x\x1b\\link\x1b(B\x1b7\x00\x07\x08\x7f\u009b ok\t\r\n';
    expect(cleanTerminalText(input)).toBe('\x1b[1;31mred\x1b[0mlink ok\t\r\n');
  });

  it('holds an escape sequence split across chunks until it is complete', () => {
    const cleaner = new TerminalTextCleaner();
    expect(cleaner.push('a\x1b[3')).toBe('a');
    expect(cleaner.push('1mred\x1b]0;ti')).toBe('\x1b[31mred');
    expect(cleaner.push('tle\x07b')).toBe('b');
    expect(cleaner.push('\x1b')).toBe('');
    expect(cleaner.end()).toBe('');
  });

  it('does not hold an unterminated sequence forever', () => {
    const cleaner = new TerminalTextCleaner();
    expect(cleaner.push(`\x1b]${'x'.repeat(5000)}`)).toBe('x'.repeat(5000));
  });

  it('decodes a multi-byte character split between reads, and invalid bytes as U+FFFD', () => {
    const bytes = Buffer.from('héllo €');
    for (let cut = 0; cut <= bytes.length; cut += 1) {
      expect(feed([bytes.subarray(0, cut), bytes.subarray(cut)]).join('')).toBe('héllo €');
    }
    expect(feed([Buffer.from([0x61, 0xff, 0xfe, 0x62])]).join('')).toBe('a\uFFFD\uFFFDb');
  });
});
