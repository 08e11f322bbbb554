import { describe, expect, it } from 'vitest';
import { createSseParser } from './sse-parser.js';
import type { SseMessage } from './sse-parser.js';

const STREAM =
  'event: open\ndata: {}\n\n' +
  ': keep-alive\n\n' +
  'data: {"name":"core.heartbeat","seq":1}\n\n' +
  'id: 7\r\ndata: line one\r\ndata: line two\r\n\r\n' +
  'data:no-space\r\r';

function parseInPieces(pieces: string[]): SseMessage[] {
  const messages: SseMessage[] = [];
  const parser = createSseParser((m) => messages.push(m));
  pieces.forEach((piece) => parser.push(piece));
  return messages;
}

describe('createSseParser', () => {
  it('parses named events, data lines, ids and skips keep-alive comments', () => {
    expect(parseInPieces([STREAM])).toEqual([
      { event: 'open', data: '{}', id: undefined },
      { event: 'message', data: '{"name":"core.heartbeat","seq":1}', id: undefined },
      { event: 'message', data: 'line one\nline two', id: '7' },
      { event: 'message', data: 'no-space', id: '7' },
    ]);
  });

  it('gives the same messages however the text is split, including between \\r and \\n', () => {
    const whole = parseInPieces([STREAM]);
    for (let cut = 1; cut < STREAM.length; cut += 1) {
      expect(parseInPieces([STREAM.slice(0, cut), STREAM.slice(cut)])).toEqual(whole);
    }
    expect(parseInPieces([...STREAM])).toEqual(whole);
  });

  it('delivers a named event that carries no data', () => {
    expect(parseInPieces(['event: open\n\n'])).toEqual([{ event: 'open', data: '', id: undefined }]);
  });

  it('holds back a message until its blank line arrives', () => {
    expect(parseInPieces(['data: {"half":'])).toEqual([]);
  });
});
