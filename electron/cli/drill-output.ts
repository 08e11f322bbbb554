/**
 * What `warroom drill run` shows of the event stream: the steps of its own run and the output of
 * the action runs those steps started, nothing else. Through a running app the stream carries every
 * run of the app. An action's output can arrive before the step that names its run (the action
 * spawns, then the step records it), so output of runs not yet known is held back, bounded, until a
 * step of ours names the run; events that arrive before the start call has answered wait for it.
 */
import type { EventPayload } from '../../shared/contract/index.js';
import type { DrillRun } from '../../shared/domain/drills.js';

type ActionOutput = EventPayload<'action.output'>;

/** The most output held back for runs not (yet) known to be ours. */
const MAX_HELD_BYTES = 1024 * 1024;

export interface DrillOutputFilter {
  /** Our run's id is known: what was held back is handled now, in order. */
  started: (run: DrillRun) => void;
  step: (event: EventPayload<'drills.step'>) => void;
  output: (chunk: ActionOutput) => void;
}

export function followDrillOutput(show: { step(run: DrillRun, index: number): void; output(chunk: ActionOutput): void }): DrillOutputFilter {
  let ours: number | null = null;
  let early: (() => void)[] = [];
  const actionRuns = new Set<number>();
  /** Output of action runs no step of ours has named yet, by run id. */
  const unclaimed = new Map<number, ActionOutput[]>();
  let heldBytes = 0;

  const claim = (run: DrillRun) => {
    for (const step of run.steps) {
      if (step.actionRunId === null || actionRuns.has(step.actionRunId)) continue;
      actionRuns.add(step.actionRunId);
      for (const chunk of unclaimed.get(step.actionRunId) ?? []) show.output(chunk);
      // Steps run in order: runs older than the one named now will never be ours.
      for (const [id, chunks] of unclaimed) {
        if (id > step.actionRunId) continue;
        unclaimed.delete(id);
        heldBytes -= chunks.reduce((sum, c) => sum + c.text.length, 0);
      }
    }
  };

  const hold = (chunk: ActionOutput) => {
    const chunks = unclaimed.get(chunk.runId) ?? [];
    chunks.push(chunk);
    unclaimed.set(chunk.runId, chunks);
    heldBytes += chunk.text.length;
    // Bounded: the oldest runs' output goes first (another operator's long run, say).
    for (const [id, dropped] of unclaimed) {
      if (heldBytes <= MAX_HELD_BYTES) break;
      unclaimed.delete(id);
      heldBytes -= dropped.reduce((sum, c) => sum + c.text.length, 0);
    }
  };

  const step = (event: EventPayload<'drills.step'>) => {
    if (ours === null) return void early.push(() => step(event));
    if (event.run.id !== ours) return;
    claim(event.run);
    show.step(event.run, event.index);
  };
  const output = (chunk: ActionOutput) => {
    if (ours === null) return void early.push(() => output(chunk));
    if (actionRuns.has(chunk.runId)) show.output(chunk);
    else hold(chunk);
  };
  return {
    started(run) {
      ours = run.id;
      claim(run);
      const backlog = early;
      early = [];
      for (const handle of backlog) handle();
    },
    step,
    output,
  };
}
