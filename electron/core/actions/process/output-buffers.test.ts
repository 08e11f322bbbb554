import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fakeClock } from '../../testing/fake-clock.js';
import { OutputThrottle, type OutputChunk } from './output-throttle.js';
import { StoredOutput, truncationMarker } from './stored-output.js';
import { TextTail } from './text-tail.js';

describe('TextTail', () => {
  it('keeps the newest bytes, counts what it dropped, and empties on take()', () => {
    const tail = new TextTail(10);
    tail.append('0123456789');
    tail.append('abcd');
    expect(tail.text()).toBe('456789abcd');
    expect(tail.bytes).toBe(10);
    expect(tail.droppedBytes).toBe(4);
    expect(tail.take()).toEqual({ text: '456789abcd', droppedBytes: 4 });
    expect(tail.text()).toBe('');
  });

  it('cuts on a character boundary, never inside a multi-byte character', () => {
    const tail = new TextTail(5);
    tail.append('ab€€'); // € is 3 bytes: 8 bytes in all
    expect(tail.text()).toBe('€');
    expect(tail.bytes).toBe(3);
  });

  it('keeps many tiny appends as a few pieces', () => {
    const tail = new TextTail(1024 * 1024);
    for (let i = 0; i < 100_000; i += 1) tail.append('x');
    expect(tail.text()).toBe('x'.repeat(100_000));
  });
});

describe('StoredOutput', () => {
  it('stores everything under the cap, with its digest', () => {
    const stored = new StoredOutput(100);
    stored.append('hello ');
    stored.append('world\n');
    const record = stored.finish();
    expect(record).toMatchObject({ truncated: false });
    expect(record.buffer.toString()).toBe('hello world\n');
    expect(record.digest).toBe(createHash('sha256').update('hello world\n').digest('hex'));
  });

  it('keeps the head, counts the rest and ends with the marker on a line of its own', () => {
    const stored = new StoredOutput(8);
    stored.append('abcdef');
    stored.append('ghijkl');
    stored.append('mnop');
    const record = stored.finish();
    expect(record.truncated).toBe(true);
    expect(record.buffer.toString()).toBe(`abcdefgh\n${truncationMarker(8, 8)}`);
    expect(truncationMarker(8, 8)).toBe('[… output truncated after 8 bytes; 8 more bytes not stored …]\n');
  });

  it('does not split a multi-byte character at the cap', () => {
    const stored = new StoredOutput(4);
    stored.append('ab€'); // 5 bytes: € would straddle the cap
    expect(stored.finish().buffer.toString()).toBe(`ab\n${truncationMarker(2, 3)}`);
  });
});

describe('OutputThrottle', () => {
  it('sends the first output at once, then at most one call per interval per stream', () => {
    const clock = fakeClock();
    const start = clock.now();
    const chunks: OutputChunk[] = [];
    const throttle = new OutputThrottle((chunk) => chunks.push(chunk), 100, 1024, clock);
    throttle.push('stdout', 'a');
    clock.advance(0);
    expect(chunks.map((chunk) => chunk.text)).toEqual(['a']);
    for (let i = 0; i < 50; i += 1) {
      throttle.push('stdout', 'b');
      throttle.push('stderr', 'e');
      clock.advance(10);
    }
    throttle.flushAll();
    const stdout = chunks.filter((chunk) => chunk.stream === 'stdout');
    // 500 ms: 'a' at once, then one call at 100, 200, 300, 400 and 500 ms, each stamped with its first byte.
    expect(stdout.map((chunk) => chunk.at - start)).toEqual([0, 0, 100, 200, 300, 400]);
    expect(stdout.map((chunk) => chunk.text).join('')).toBe(`a${'b'.repeat(50)}`);
    expect(chunks.filter((chunk) => chunk.stream === 'stderr').map((chunk) => chunk.text).join('')).toBe('e'.repeat(50));
  });

  it('skips the oldest text of a burst bigger than one call, with a notice', () => {
    const clock = fakeClock();
    const chunks: OutputChunk[] = [];
    const throttle = new OutputThrottle((chunk) => chunks.push(chunk), 100, 10, clock);
    throttle.push('stdout', '0123456789abcdef');
    clock.advance(0);
    expect(chunks).toEqual([{ stream: 'stdout', text: '[… 6 bytes skipped in the live view …]\n6789abcdef', at: clock.now() }]);
  });
});
