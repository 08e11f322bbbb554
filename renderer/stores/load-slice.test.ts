import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LoadOverview, LoadRunRecord } from '../../shared/domain/load-runs.js';
import { startTestCore } from '../testing/test-core.js';
import type { TestCore } from '../testing/test-core.js';
import { endedRun, loadProfiles, loadRun, loadTick, seriesOf } from '../testing/load-fixture.js';
import { applyEvent, applySnapshot } from './store-updates.js';
import { applyLoadDetail, applyLoadRunAnswer, openLoadRun } from './load-actions.js';
import { MAX_LOAD_SERIES, selectShownLoadRunId } from './slices/load.js';
import { resetAppStore, useAppStore } from './store.js';

let seq = 0;
const changed = (run: LoadRunRecord) => applyEvent({ name: 'load.changed', payload: run, seq: ++seq, at: 0 });
const ticked = (runId: number, second: number, rps = 100) => applyEvent({ name: 'load.tick', payload: { runId, tick: loadTick(second, { rps }) }, seq: ++seq, at: 0 });
const state = () => useAppStore.getState();
/** A real core's snapshot carrying this load overview (the slice is what is tested, not the core). */
let core: TestCore;
const snapshotWith = async (overview: Partial<LoadOverview>) => {
  const snapshot = await core.call('app.snapshot', {});
  return { ...snapshot, load: { ...snapshot.load, profiles: loadProfiles(), ...overview } };
};

describe('load slice', () => {
  beforeAll(() => {
    core = startTestCore();
  });
  afterAll(() => core.close());
  beforeEach(() => resetAppStore());

  it('restores the running test and its series from the snapshot', async () => {
    const ticks = [1, 2, 3].map((second) => loadTick(second));
    applySnapshot(await snapshotWith({ active: { run: loadRun(4), series: seriesOf(ticks), latest: ticks[2]! }, runs: [endedRun(3, 'passed')] }));
    expect(state().load.activeRunId).toBe(4);
    expect(state().load.profiles.map((p) => p.id)).toContain('smoke');
    expect(state().loadSeries[4]).toMatchObject({ source: 'live', latest: { second: 3 } });
    expect(state().loadSeries[4]!.points.map((p) => p.second)).toEqual([1, 2, 3]);
    expect(selectShownLoadRunId(state())).toBe(4);
    ticked(4, 4, 321);
    expect(state().loadSeries[4]!.points.at(-1)).toMatchObject({ second: 4, rps: 321 });
  });

  it('appends ticks in order and ignores a second it already holds', () => {
    changed(loadRun(1));
    ticked(1, 1);
    ticked(1, 2);
    const before = state().loadSeries[1];
    ticked(1, 2, 999);
    expect(state().loadSeries[1]).toBe(before);
    expect(before!.points).toHaveLength(2);
  });

  it('ends the active run on load.changed and keeps its live series', () => {
    changed(loadRun(1));
    ticked(1, 1);
    changed(endedRun(1, 'failed'));
    expect(state().load.activeRunId).toBeNull();
    expect(state().load.runs[1]!.state).toBe('failed');
    expect(state().loadSeries[1]!.points).toHaveLength(1);
  });

  it('never lets a start or stop answer take a run back to running', () => {
    changed(loadRun(1));
    changed(endedRun(1, 'aborted'));
    applyLoadRunAnswer(loadRun(1));
    expect(state().load.runs[1]!.state).toBe('aborted');
    expect(state().load.activeRunId).toBeNull();
  });

  it('drops live series of ended runs on a new snapshot (ticks may be missing) but keeps stored ones', async () => {
    changed(loadRun(1));
    ticked(1, 1);
    applyLoadDetail({ run: endedRun(2, 'passed'), series: seriesOf([loadTick(1)]), latest: null });
    applySnapshot(await snapshotWith({ runs: [endedRun(1, 'passed'), endedRun(2, 'passed')] }));
    expect(state().loadSeries[1]).toBeUndefined();
    expect(state().loadSeries[2]!.source).toBe('stored');
  });

  it('shows the open run, else the running one, else the newest', () => {
    changed(endedRun(1, 'passed', { startedAt: 1000 }));
    changed(endedRun(2, 'failed', { startedAt: 2000 }));
    expect(selectShownLoadRunId(state())).toBe(2);
    openLoadRun(1);
    expect(selectShownLoadRunId(state())).toBe(1);
    // A test that starts takes the panel.
    changed(loadRun(3, { startedAt: 3000 }));
    expect(selectShownLoadRunId(state())).toBe(3);
  });

  it('keeps a bounded number of series, never the running one', () => {
    changed(loadRun(100));
    for (let id = 1; id <= MAX_LOAD_SERIES + 3; id += 1) applyLoadDetail({ run: endedRun(id, 'passed'), series: [], latest: null });
    const ids = Object.keys(state().loadSeries).map(Number);
    expect(ids).toContain(100);
    expect(ids).toContain(MAX_LOAD_SERIES + 3);
    expect(ids.length).toBeLessThanOrEqual(MAX_LOAD_SERIES + 2);
  });
});
