/**
 * Plays one scenario: each step at parseDurationMs(at) / speed after the start, one after another
 * (steps at the same offset keep their file order), each marked done or failed with its error.
 */
import { parseDurationMs } from '../../shared/domain/rehearsal.js';
import type { Scenario, ScenarioRun } from '../../shared/domain/rehearsal.js';
import type { Clock } from '../../shared/util/clock.js';
import type { Timer, Timers } from './timers.js';

type Step = Scenario['steps'][number];

/** A scenario being played; `snapshot()` is what status reports. */
export interface ScenarioRunner {
  snapshot(): ScenarioRun;
  /** Cancels the steps not yet played; those stay pending. */
  stop(): void;
  /** Settles once every step has been played, or the run was stopped. */
  readonly settled: Promise<void>;
}

export interface ScenarioRunnerDeps {
  name: string;
  scenario: Scenario;
  speed: number;
  clock: Clock;
  timers: Timers;
  /** Performs one step; a rejection marks the step failed with its message. */
  runStep(step: Step, index: number): Promise<void>;
  /** Called after each state change (a step played, the run finished or stopped). */
  onChange?(): void;
}

export function startScenarioRunner(deps: ScenarioRunnerDeps): ScenarioRunner {
  const run: ScenarioRun = {
    name: deps.name,
    title: deps.scenario.title,
    startedAt: deps.clock.now(),
    speed: deps.speed,
    state: 'running',
    steps: deps.scenario.steps.map((step) => ({ atMs: parseDurationMs(step.at), say: step.say, state: 'pending' as const })),
  };
  const handles = new Set<Timer>();
  let remaining = run.steps.length;
  let chain = Promise.resolve();
  let settle!: () => void;
  const settled = new Promise<void>((resolve) => (settle = resolve));

  const play = async (index: number) => {
    if (run.state !== 'running') return;
    const record = run.steps[index]!;
    try {
      await deps.runStep(deps.scenario.steps[index]!, index);
      record.state = 'done';
    } catch (error) {
      record.state = 'failed';
      record.error = error instanceof Error ? error.message : String(error);
    }
    remaining -= 1;
    if (remaining === 0 && run.state === 'running') {
      run.state = 'finished';
      settle();
    }
    deps.onChange?.();
  };

  run.steps.forEach((step, index) => {
    const handle = deps.timers.after(step.atMs / deps.speed, () => {
      handles.delete(handle);
      // Serial: a step starts only after the previous one finished (a deploy step is quick: it only starts the deploy).
      chain = chain.then(() => play(index));
    });
    handles.add(handle);
  });

  return {
    snapshot: () => ({ ...run, steps: run.steps.map((s) => ({ ...s })) }),
    stop() {
      if (run.state !== 'running') return;
      for (const handle of handles) handle.cancel();
      handles.clear();
      run.state = 'stopped';
      settle();
      deps.onChange?.();
    },
    settled,
  };
}
