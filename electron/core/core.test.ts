import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_HEARTBEAT_MS } from './core.js';
import { makeCore, makeCoreParts } from './testing/make-core.js';
import { fakeClock } from './testing/fake-clock.js';
import { makeTempDir } from './testing/temp-dir.js';

const temps: { remove(): void }[] = [];
afterEach(() => temps.splice(0).forEach((t) => t.remove()));

describe('core', () => {
  it('records its session and closes it on close, idempotently', async () => {
    const clock = fakeClock(1_000_000);
    const core = makeCoreParts({ clock });
    clock.advance(5000);
    const sessions = core.store.coreSessions.overlapping('rehearsal', 0, Number.MAX_SAFE_INTEGER);
    expect(sessions).toEqual([expect.objectContaining({ id: core.info.sessionId, startedAt: 1_000_000, stoppedAt: null, environment: 'rehearsal', shell: 'test' })]);
    const store = core.store;
    await Promise.all([core.close(), core.close()]);
    expect(() => store.coreSessions.overlapping('rehearsal', 0, 1)).toThrow(/not open/);
  });

  it('beats: emits core.heartbeat at start and every interval, touching its session', async () => {
    const clock = fakeClock();
    const core = makeCoreParts({ heartbeatIntervalMs: 20, clock, timers: clock });
    const beats: { at: number; intervalMs: number }[] = [];
    core.bus.on('core.heartbeat', (beat) => beats.push({ at: beat.at, intervalMs: beat.intervalMs }));
    const startedAt = clock.now();
    clock.advance(75);
    const session = core.store.coreSessions.overlapping('rehearsal', 0, Number.MAX_SAFE_INTEGER)[0];
    await core.close();
    // The first beat went out before the listener was added; then one every 20 ms.
    expect(beats.map((beat) => beat.at - startedAt)).toEqual([20, 40, 60]);
    expect(beats.every((beat) => beat.intervalMs === 20)).toBe(true);
    expect(session?.lastSeenAt).toBe(startedAt + 60);
    expect(DEFAULT_HEARTBEAT_MS).toBeGreaterThan(0);
  });

  it('keeps the log across a restart on the same data directory', async () => {
    const dir = makeTempDir();
    temps.push(dir);
    const first = makeCore({ dataDir: dir.path });
    await first.dispatch('journal.add', { author: 'ana', text: 'rollback rehearsed' }, { role: 'operator', transport: 'memory' });
    await first.close();
    const second = makeCoreParts({ dataDir: dir.path });
    const result = await second.dispatch('app.snapshot', {}, { role: 'viewer', transport: 'memory' });
    expect(result).toMatchObject({ ok: true, value: { journal: [{ author: 'ana', text: 'rollback rehearsed' }] } });
    expect(second.store.coreSessions.overlapping('rehearsal', 0, Number.MAX_SAFE_INTEGER)).toHaveLength(2);
    await second.close();
  });
});
