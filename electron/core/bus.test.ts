import { describe, expect, it } from 'vitest';
import { createEventBus } from './bus.js';
import { silentLogger } from './logger.js';
import { fakeClock } from './testing/fake-clock.js';

const entry = (id: number) => ({ id, at: 1, author: 'a', text: 't' });

describe('event bus', () => {
  it('numbers events in order and stamps them with the clock', () => {
    const clock = fakeClock(5000);
    const bus = createEventBus({ clock, logger: silentLogger });
    const seen: number[] = [];
    bus.subscribe((e) => seen.push(e.seq));
    bus.emit('journal.added', entry(1));
    clock.advance(10);
    const second = bus.emit('journal.added', entry(2));
    expect(seen).toEqual([1, 2]);
    expect(second?.at).toBe(5010);
    expect(bus.lastSeq()).toBe(2);
  });

  it('refuses a payload that breaks the contract', () => {
    const bus = createEventBus({ clock: fakeClock(), logger: silentLogger });
    expect(() => bus.emit('journal.added', { id: 'x' } as never)).toThrow();
    expect(bus.lastSeq()).toBe(0);
  });

  it('in production, logs and reports a payload that breaks the contract instead of throwing, and does not send it', () => {
    const reported: string[] = [];
    const errors: string[] = [];
    const problems = { report: (source: string) => reported.push(source), clear: (source: string) => reported.push(`cleared ${source}`) };
    const logger = { ...silentLogger, error: (message: string) => errors.push(message) };
    const bus = createEventBus({ clock: fakeClock(), logger, strict: false, problems });
    const seen: string[] = [];
    bus.subscribe((e) => seen.push(e.name));
    expect(bus.emit('journal.added', { id: 'x' } as never)).toBeUndefined();
    expect(bus.lastSeq()).toBe(0);
    expect(seen).toEqual([]);
    expect(reported).toEqual(['events.journal.added']);
    expect(errors).toEqual(['invalid journal.added payload: {"id":"x"}']);
    bus.emit('journal.added', entry(1));
    expect(seen).toEqual(['journal.added']);
    expect(reported).toEqual(['events.journal.added', 'cleared events.journal.added']);
  });

  it('reports a throwing listener as a problem of that event, cleared when it is next delivered cleanly', () => {
    const reported: string[] = [];
    const problems = { report: (source: string) => reported.push(source), clear: (source: string) => reported.push(`cleared ${source}`) };
    const bus = createEventBus({ clock: fakeClock(), logger: silentLogger, problems });
    let broken = true;
    bus.subscribe(() => {
      if (broken) throw new Error('broken listener');
    });
    bus.emit('journal.added', entry(1));
    broken = false;
    bus.emit('journal.added', entry(2));
    bus.emit('journal.added', entry(3));
    expect(reported).toEqual(['events.journal.added.delivery', 'cleared events.journal.added.delivery']);
  });

  it('keeps delivering when one listener throws', () => {
    const bus = createEventBus({ clock: fakeClock(), logger: silentLogger });
    const got: string[] = [];
    bus.subscribe(() => {
      throw new Error('broken listener');
    });
    bus.on('journal.added', (payload) => got.push(payload.text));
    bus.emit('journal.added', entry(1));
    expect(got).toEqual(['t']);
  });
});
