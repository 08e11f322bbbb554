import { describe, expect, it } from 'vitest';
import { appendOutput, chunkText, evictLogs, emptyLog, LOG_CAP_CHARS, logFromText } from './run-logs.js';
import type { RunLog } from './run-logs.js';

const text = (log: RunLog) => log.chunks.map(chunkText).join('');

describe('run logs', () => {
  it('append output per stream, merging small pieces of the same stream', () => {
    let log = appendOutput(undefined, 'stdout', 'one\n');
    expect(log.partial).toBe(true);
    log = appendOutput(log, 'stdout', 'two\n');
    log = appendOutput(log, 'stderr', 'oops\n');
    expect(log.chunks.map((c) => c.stream)).toEqual(['stdout', 'stderr']);
    expect(text(log)).toBe('one\ntwo\noops\n');
    expect(log.length).toBe(13);
  });

  it('keep each stream’s colour across its chunks, and join an escape sequence split between two', () => {
    let log = appendOutput(emptyLog(), 'stdout', 'a\x1b[3');
    log = appendOutput(log, 'stderr', 'err ');
    log = appendOutput(log, 'stdout', '1mred');
    expect(text(log)).toBe('aerr red');
    const red = log.chunks.at(-1)!.segments.at(-1)!;
    expect(red).toMatchObject({ text: 'red', style: { fg: 1 } });
  });

  it('hold at most the cap, dropping the oldest output and counting it, whatever is printed', () => {
    const line = `${'x'.repeat(99)}\n`;
    const megabyte = line.repeat(10_486);
    let log: RunLog | undefined;
    for (let i = 0; i < 100; i += 1) log = appendOutput(log, i % 2 ? 'stderr' : 'stdout', megabyte);
    expect(log!.length).toBeLessThanOrEqual(LOG_CAP_CHARS);
    expect(log!.length).toBeGreaterThan(LOG_CAP_CHARS - 5000);
    expect(log!.length + log!.droppedChars).toBe(100 * megabyte.length);
    expect(log!.chunks.reduce((sum, c) => sum + c.length, 0)).toBe(log!.length);
    // The cut lands on a line start.
    expect(text(log!).startsWith('x'.repeat(99))).toBe(true);
  });

  it('cut one huge piece down to the cap before parsing it', () => {
    const log = appendOutput(undefined, 'stdout', 'y'.repeat(5 * LOG_CAP_CHARS));
    expect(log.length).toBe(LOG_CAP_CHARS);
    expect(log.droppedChars).toBe(4 * LOG_CAP_CHARS);
  });

  it('build a capped log from a whole stored text', () => {
    const log = logFromText(`\x1b[32mok\x1b[0m\n${'z'.repeat(3 * LOG_CAP_CHARS)}`, 'stored');
    expect(log.source).toBe('stored');
    expect(log.partial).toBe(false);
    expect(log.length).toBeLessThanOrEqual(LOG_CAP_CHARS);
    expect(log.chunks.every((c) => c.stream === 'stored' && c.length <= 16 * 1024)).toBe(true);
    expect(text(logFromText('\x1b[32mok\x1b[0m done', 'stored'))).toBe('ok done');
  });

  it('evict the least recently touched logs beyond the limit, never the kept ones', () => {
    const logs: Record<number, RunLog> = {};
    for (let id = 1; id <= 5; id += 1) logs[id] = appendOutput(undefined, 'stdout', `run ${id}`);
    logs[1] = appendOutput(logs[1], 'stdout', ' again');
    const kept = evictLogs(logs, new Set([2]), 3);
    expect(Object.keys(kept).map(Number).sort()).toEqual([1, 2, 5]);
  });
});
