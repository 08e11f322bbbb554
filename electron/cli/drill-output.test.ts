/** Which events `warroom drill run` shows: its own steps and the output of the actions they ran. */
import { describe, expect, it } from 'vitest';
import type { DrillRun, DrillStepRecord } from '../../shared/domain/drills.js';
import { followDrillOutput } from './drill-output.js';

function step(index: number, actionRunId: number | null, state: DrillStepRecord['state'] = 'running'): DrillStepRecord {
  return { index, name: `step ${index}`, kind: 'action', recovery: false, state, startedAt: 1, endedAt: null, detail: null, prompt: null, actionRunId, loadRunId: null, confirmedBy: null, testReport: null };
}

function run(id: number, steps: DrillStepRecord[]): DrillRun {
  return { id, drillId: 'release', label: 'Release', environment: 'staging', actor: 'ana', state: 'running', startedAt: 1, endedAt: null, verdict: null, stoppedAt: null, steps };
}

const chunk = (runId: number, text: string) => ({ runId, stream: 'stdout' as const, text, at: 1 });

describe('followDrillOutput', () => {
  it('shows the output of the drill\'s own action runs, also output that came before the step named its run, and nothing of other runs', () => {
    const shown: string[] = [];
    const steps: string[] = [];
    const follow = followDrillOutput({ output: (c) => shown.push(c.text), step: (r, i) => steps.push(`${r.id}:${i}:${r.steps[i]!.state}`) });

    // Before the start call answered: held.
    follow.output(chunk(40, 'other app run\n'));
    follow.step({ run: run(7, [step(0, null)]), index: 0 });
    follow.started(run(7, [step(0, null, 'pending')]));
    expect(steps).toEqual(['7:0:running']);

    // The action spawned (its output comes) before the step records its run id.
    follow.output(chunk(41, 'checked\n'));
    follow.output(chunk(42, 'someone else\n'));
    expect(shown).toEqual([]);
    follow.step({ run: run(7, [step(0, 41)]), index: 0 });
    expect(shown).toEqual(['checked\n']);
    follow.output(chunk(41, 'done\n'));
    follow.step({ run: run(8, [step(0, 42)]), index: 0 });
    follow.output(chunk(42, 'still someone else\n'));
    expect(shown).toEqual(['checked\n', 'done\n']);
    expect(steps).toEqual(['7:0:running', '7:0:running']);
  });
});
