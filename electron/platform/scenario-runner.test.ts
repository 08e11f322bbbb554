import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../shared/domain/rehearsal.js';
import { fakeClock } from '../../shared/testing/fake-clock.js';
import { startScenarioRunner } from './scenario-runner.js';

const scenario: Scenario = {
  title: 'Drill',
  description: 'three steps',
  steps: [
    { at: '0s', say: 'first' },
    { at: '1m', say: 'second' },
    { at: '1m', say: 'third, same time' },
    { at: '2m', say: 'fourth' },
  ],
};

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('scenario runner', () => {
  it('plays each step at its offset divided by the speed, in file order, then finishes', async () => {
    const clock = fakeClock();
    const timers = clock;
    const played: string[] = [];
    const runner = startScenarioRunner({ name: 'drill', scenario, speed: 60, clock, timers, runStep: async (step) => void played.push(step.say) });
    timers.advance(0);
    await flush();
    expect(played).toEqual(['first']);
    timers.advance(999);
    await flush();
    expect(played).toEqual(['first']);
    timers.advance(1);
    await flush();
    expect(played).toEqual(['first', 'second', 'third, same time']);
    expect(runner.snapshot().state).toBe('running');
    timers.advance(1_000);
    await runner.settled;
    expect(played).toHaveLength(4);
    expect(runner.snapshot()).toMatchObject({ state: 'finished', speed: 60, steps: [{ atMs: 0, state: 'done' }, { atMs: 60_000 }, { atMs: 60_000 }, { atMs: 120_000, state: 'done' }] });
  });

  it('marks a step failed with its error and goes on', async () => {
    const clock = fakeClock();
    const timers = clock;
    const runner = startScenarioRunner({
      name: 'drill', scenario, speed: 600, clock, timers,
      runStep: async (step) => {
        if (step.say === 'second') throw new Error('version 9 is not in the release catalog');
      },
    });
    timers.advance(200);
    await runner.settled;
    expect(runner.snapshot().steps.map((s) => s.state)).toEqual(['done', 'failed', 'done', 'done']);
    expect(runner.snapshot().steps[1]!.error).toBe('version 9 is not in the release catalog');
  });

  it('stop cancels the pending steps and leaves them pending', async () => {
    const clock = fakeClock();
    const timers = clock;
    const played: string[] = [];
    const runner = startScenarioRunner({ name: 'drill', scenario, speed: 1, clock, timers, runStep: async (step) => void played.push(step.say) });
    timers.advance(30_000);
    await flush();
    runner.stop();
    await runner.settled;
    expect(timers.pending()).toBe(0);
    timers.advance(600_000);
    await flush();
    expect(played).toEqual(['first']);
    expect(runner.snapshot()).toMatchObject({ state: 'stopped', steps: [{ state: 'done' }, { state: 'pending' }, { state: 'pending' }, { state: 'pending' }] });
  });
});
