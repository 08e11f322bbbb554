/**
 * Replay on a real core (the bundled rehearsal config): evidence written through the real repos,
 * time moved by a fake clock, read back through the contract as a viewer (a wall display).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CoreParts } from '../core.js';
import { createCoreClient } from '../rpc/core-client.js';
import { fakeClock } from '../testing/fake-clock.js';
import { makeCoreParts } from '../testing/make-core.js';
import { REPLAY_QUERIES } from '../store/repos/replay-reader.js';
import { freshDb, queryPlan } from '../store/testing/query-plan.js';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

const cores: CoreParts[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.close()));
});

function setup() {
  const clock = fakeClock();
  const core = makeCoreParts({ clock, timers: clock });
  cores.push(core);
  const viewer = createCoreClient(core, { role: 'viewer', transport: 'memory' });
  return { core, clock, viewer };
}

function observe(core: CoreParts, service: string, at: number, from: 'unknown' | 'up' | 'down', to: 'up' | 'down', reason = 'probed'): void {
  core.store.healthTransitions.record('rehearsal', { service, probeId: null, at, from, to, reason, causedBy: null });
}

function check(core: CoreParts, service: string, at: number, latencyMs: number): void {
  core.store.probeResults.insertMany('rehearsal', [{ probeId: `${service}/ready`, service, at, outcome: 'up', latencyMs, detail: 'HTTP 200' }]);
}

describe('replay.get', () => {
  it('shows each service as it was at the moment asked, not as it is now', async () => {
    const { core, clock, viewer } = setup();
    const services = Object.keys(core.config.services);
    const [first] = services;
    const start = clock.now();
    for (const service of services) {
      observe(core, service, start, 'unknown', 'up');
      check(core, service, start, 12);
    }
    clock.advance(10 * MIN);
    observe(core, first!, clock.now(), 'up', 'down', 'HTTP 503');
    check(core, first!, clock.now(), 900);
    clock.advance(MIN);

    const before = await viewer.call('replay.get', { asOf: start + 5 * MIN });
    const after = await viewer.call('replay.get', { asOf: clock.now() });
    expect(before.services.find((s) => s.service === first)).toMatchObject({ status: 'up', since: start, latencyMs: 12, lastCheckedAt: start });
    expect(after.services.find((s) => s.service === first)).toMatchObject({ status: 'down', reason: 'HTTP 503', latencyMs: 900 });
    expect(before.services).toHaveLength(services.length);
    expect(before.asOf).toBe(start + 5 * MIN);
    expect(before.board.asOf).toBe(start + 5 * MIN);
  });

  it('marks a tile stale at t when its newest check was already older than two probe intervals', async () => {
    const { core, clock, viewer } = setup();
    const [service] = Object.keys(core.config.services);
    observe(core, service!, clock.now(), 'unknown', 'up');
    check(core, service!, clock.now(), 10);
    const fresh = await viewer.call('replay.get', { asOf: clock.now() });
    clock.advance(30 * MIN);
    const old = await viewer.call('replay.get', { asOf: clock.now() });
    expect(fresh.services.find((s) => s.service === service)?.stale).toBe(false);
    expect(old.services.find((s) => s.service === service)?.stale).toBe(true);
    // One never checked at t is unknown and stale, never up.
    const other = old.services.find((s) => s.service !== service);
    expect(other).toMatchObject({ status: 'unknown', stale: true, lastCheckedAt: null });
  });

  it('lists the load run that was running at t, and not once it had ended', async () => {
    const { core, clock, viewer } = setup();
    const startedAt = clock.now();
    const run = core.store.loadRuns.create({ profile: 'smoke', scenario: 'api', environment: 'rehearsal', baseUrl: 'http://127.0.0.1:8009', actor: 'ana', model: 'closed', plannedMs: 60_000, startedAt });
    clock.advance(2 * MIN);
    const during = await viewer.call('replay.get', { asOf: startedAt + 30_000 });
    expect(during.running).toEqual([{ kind: 'load-run', id: run.id, name: 'smoke', actor: 'ana', startedAt }]);
    const beforeIt = await viewer.call('replay.get', { asOf: startedAt - 1 });
    expect(beforeIt.running).toEqual([]);
  });

  it('evaluates the board as of t: a later probe does not change an earlier replay', async () => {
    const { core, clock, viewer } = setup();
    const t = clock.now();
    const early = await viewer.call('replay.get', { asOf: t });
    clock.advance(MIN);
    for (const service of Object.keys(core.config.services)) {
      observe(core, service, clock.now(), 'unknown', 'up');
      check(core, service, clock.now(), 5);
    }
    clock.advance(MIN);
    const again = await viewer.call('replay.get', { asOf: t });
    expect(again).toEqual(early);
    const later = await viewer.call('replay.get', { asOf: clock.now() });
    expect(later.board.score).toBeGreaterThan(early.board.score);
  });

  it('refuses a moment in the future or beyond the 7 days raw checks are kept, saying why', async () => {
    const { clock, viewer } = setup();
    await expect(viewer.call('replay.get', { asOf: clock.now() + MIN })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('future') });
    await expect(viewer.call('replay.get', { asOf: clock.now() - 8 * DAY })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('7 days') });
    await expect(viewer.call('replay.get', { asOf: clock.now(), environment: 'mars' })).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('replay queries', () => {

  it('read through an index, never the whole table', () => {
    const db = freshDb();
    for (const sql of Object.values(REPLAY_QUERIES)) {
      const detail = queryPlan(db, sql);
      expect(detail, sql).toMatch(/USING (COVERING )?INDEX/);
      expect(detail, sql).not.toMatch(/^SCAN \w+$/m);
    }
  });
});
