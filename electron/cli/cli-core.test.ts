import { describe, expect, it } from 'vitest';
import { waitForEnd } from './cli-core.js';

/** A one-listener event source a test fires by hand. */
function source<T>() {
  const listeners = new Set<(value: T) => void>();
  return {
    listen(fn: (value: T) => void) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    fire(value: T) {
      for (const fn of [...listeners]) fn(value);
    },
    get listening() {
      return listeners.size;
    },
  };
}

describe('waitForEnd', () => {
  it('sees an end that came before it listened, by looking', async () => {
    const ends = source<string>();
    await expect(waitForEnd((done) => ends.listen(done), () => Promise.resolve('ended before'))).resolves.toBe('ended before');
    expect(ends.listening).toBe(0);
  });

  it('sees an end that comes while it looks, by listening first', async () => {
    const ends = source<string>();
    const waiting = waitForEnd<string>(
      (done) => ends.listen(done),
      () => {
        // The end arrives after the listener is in place but before the look answers "not yet".
        ends.fire('ended while looking');
        return Promise.resolve(null);
      },
    );
    await expect(waiting).resolves.toBe('ended while looking');
    expect(ends.listening).toBe(0);
  });

  it('rejects when the look fails, and stops listening', async () => {
    const ends = source<string>();
    await expect(waitForEnd<string>((done) => ends.listen(done), () => Promise.reject(new Error('no run 7')))).rejects.toThrow('no run 7');
    expect(ends.listening).toBe(0);
  });

  it('looks again when told events may have been missed (a reconnect), and stops listening for that too', async () => {
    const ends = source<string>();
    const resyncs = source<void>();
    let looks = 0;
    const waiting = waitForEnd<string>(
      (done) => ends.listen(done),
      () => Promise.resolve(++looks === 2 ? 'ended during the gap' : null),
      (fn) => resyncs.listen(fn),
    );
    await Promise.resolve();
    expect(looks).toBe(1);
    resyncs.fire();
    await expect(waiting).resolves.toBe('ended during the gap');
    expect(resyncs.listening).toBe(0);
    expect(ends.listening).toBe(0);
  });
});
