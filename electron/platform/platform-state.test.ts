import { describe, expect, it } from 'vitest';
import { fakeClock } from '../../shared/testing/fake-clock.js';
import { createPlatformState, PlatformRefusal } from './platform-state.js';
import { bundledPlatformFiles, smallTopology } from './platform-test-support.js';
import { sampleLogNormalMs, seededRandom } from './random.js';

function bundledState(clock = fakeClock()) {
  return createPlatformState({ topology: bundledPlatformFiles().topology, clock, random: seededRandom(1) });
}

describe('platform state', () => {
  it('is ready everywhere at the start, on the baseline', () => {
    const state = bundledState();
    for (const id of state.ids()) expect(state.readiness(id)).toMatchObject({ ready: true, reasons: [] });
    expect(state.get('gateway').version).toBe('2.4.1');
  });

  it('makes a dependency outage travel up the dependsOn graph with reasons', () => {
    const state = bundledState();
    state.applyFault('data-layer', { kind: 'dependency-down', dependency: 'database' });
    expect(state.readiness('data-layer').reasons).toEqual(['database is down']);
    expect(state.readiness('planner').reasons).toEqual(['depends on data-layer (not ready)']);
    expect(state.readiness('gateway').reasons).toEqual(['depends on planner (not ready)', 'depends on task-runner (not ready)', 'depends on agent-registry (not ready)']);
    expect(state.readiness('console').reasons).toEqual(['depends on gateway (not ready)']);
    expect(state.readiness('notifier').ready).toBe(true);
    expect(state.readiness('cache').ready).toBe(true);
  });

  it('flaps: not ready in the first half of each period, ready in the second', () => {
    const clock = fakeClock();
    const state = bundledState(clock);
    state.applyFault('cache', { kind: 'flapping', periodMs: 20_000 });
    const seen: boolean[] = [];
    for (let i = 0; i < 4; i += 1) {
      seen.push(state.readiness('cache').ready);
      clock.advance(10_000);
    }
    expect(seen).toEqual([false, true, false, true]);
    clock.set(clock.now() - 40_000);
    expect(state.readiness('agent-registry').reasons).toEqual(['depends on cache (not ready)']);
  });

  it('combines the errors fault and a bad release as 1 - (1 - a)(1 - b)', () => {
    const state = createPlatformState({ topology: smallTopology(), clock: fakeClock(), random: seededRandom(42) });
    state.applyFault('planner', { kind: 'errors', rate: 0.2 });
    state.switchVersion('planner', '1.1.0-bad');
    let failed = 0;
    const draws = 20_000;
    for (let i = 0; i < draws; i += 1) if (state.drawError('planner')) failed += 1;
    expect(failed / draws).toBeCloseTo(1 - 0.8 * 0.5, 1);
  });

  it('keeps the history newest first and reverts to it', () => {
    const state = createPlatformState({ topology: smallTopology(), clock: fakeClock(), random: seededRandom(1) });
    state.switchVersion('planner', '1.1.0');
    state.switchVersion('planner', '1.1.0-bad');
    expect(state.get('planner').history).toEqual(['1.1.0', '1.0.0']);
    expect(state.revertVersion('planner')).toBe('1.1.0');
    expect(state.revertVersion('planner')).toBe('1.0.0');
    expect(() => state.revertVersion('planner')).toThrow(PlatformRefusal);
    expect(() => state.switchVersion('planner', '3.0.0')).toThrow(/not in the release catalog/);
    expect(() => state.get('nobody')).toThrow(expect.objectContaining({ status: 404 }));
  });

  it('samples log-normal latency with the asked median and p99', () => {
    const random = seededRandom(3);
    const samples = Array.from({ length: 20_000 }, () => sampleLogNormalMs(100, 400, random)).sort((a, b) => a - b);
    expect(samples[10_000]!).toBeGreaterThan(95);
    expect(samples[10_000]!).toBeLessThan(105);
    expect(samples[19_800]!).toBeGreaterThan(360);
    expect(samples[19_800]!).toBeLessThan(440);
    expect(sampleLogNormalMs(0, 100, random)).toBe(0);
  });
});
