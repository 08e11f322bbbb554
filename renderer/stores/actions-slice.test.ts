import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ActionRun, ActionsOverview } from '../../shared/domain/actions.js';
import { actionRun, actionsOverview } from '../testing/actions-fixture.js';
import { startTestCore } from '../testing/test-core.js';
import type { TestCore } from '../testing/test-core.js';
import { applyEvent, applyRunAnswer, applyRunOutput, applySnapshot } from './store-updates.js';
import { resetAppStore, useAppStore } from './store.js';

let seq = 0;
const changed = (run: ActionRun) => applyEvent({ name: 'action.changed', payload: run, seq: ++seq, at: 0 });
const output = (runId: number, text: string) => applyEvent({ name: 'action.output', payload: { runId, stream: 'stdout', text, at: 0 }, seq: ++seq, at: 0 });
const state = () => useAppStore.getState();
/** A real core's snapshot carrying these actions (the slice is what is tested, not the core). */
let core: TestCore;
const snapshotWith = async (actions: ActionsOverview) => ({ ...(await core.call('app.snapshot', {})), actions });

describe('actions slice', () => {
  beforeAll(() => {
    core = startTestCore();
  });
  afterAll(() => core.close());
  beforeEach(() => resetAppStore());

  it('follows a run seen from its start with a complete log, one joined late with a partial one', () => {
    changed(actionRun(1, 'rollback', 0));
    output(1, 'hello\n');
    expect(state().runLogs[1]).toMatchObject({ partial: false, source: 'events', length: 6 });
    output(9, 'joined late\n');
    expect(state().runLogs[9]).toMatchObject({ partial: true });
  });

  it('never lets a call’s answer take a run back behind what events told', () => {
    const running = actionRun(1, 'rollback', 0);
    const done = { ...running, state: 'succeeded' as const, endedAt: 10, exitCode: 0 };
    changed(done);
    applyRunAnswer(running);
    expect(state().actions.runs[1]!.state).toBe('succeeded');
    applyRunAnswer({ ...done, healthAfter: { api: 'up' }, healthRestored: true });
    expect(state().actions.runs[1]!.healthRestored).toBe(true);
  });

  it('replaces a loaded live buffer by the stored output once the run ends', () => {
    changed(actionRun(1, 'deploy', 0));
    useAppStore.setState({ runLogs: {} });
    applyRunOutput(1, 'buffer so far\n');
    expect(state().runLogs[1]).toMatchObject({ source: 'live', partial: false });
    changed(actionRun(1, 'deploy', 0, { state: 'failed', endedAt: 5, exitCode: 1 }));
    expect(state().runLogs[1]).toMatchObject({ partial: true });
    applyRunOutput(1, 'the whole stored output\n');
    expect(state().runLogs[1]).toMatchObject({ source: 'stored', partial: false });
  });

  it('marks followed logs partial after a resync (output may have been missed) and keeps runs the snapshot does not list', async () => {
    changed(actionRun(1, 'deploy', 0));
    output(1, 'a');
    applyRunOutput(2, 'stored');
    const overview = actionsOverview(['api'], { runs: [actionRun(3, 'rollback', 0)] });
    applySnapshot(await snapshotWith(overview));
    expect(state().runLogs[1]!.partial).toBe(true);
    expect(state().runLogs[2]!.partial).toBe(false);
    expect(Object.keys(state().actions.runs).map(Number)).toEqual([1, 3]);
    expect(state().actions.runbooks.map((r) => r.id)).toEqual(['service-down', 'high-error-rate']);
  });

  it('replaces a runbook from runbook.changed', async () => {
    applySnapshot(await snapshotWith(actionsOverview(['api'])));
    const runbook = state().actions.runbooks[0]!;
    applyEvent({ name: 'runbook.changed', payload: { ...runbook, steps: runbook.steps.map((s, i) => (i === 0 ? { ...s, done: true, by: 'Ana', at: 1 } : s)) }, seq: ++seq, at: 0 });
    expect(state().actions.runbooks[0]!.steps[0]).toMatchObject({ done: true, by: 'Ana' });
  });
});
