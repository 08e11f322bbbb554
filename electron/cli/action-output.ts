/**
 * Which runs' output `warroom action run` shows: its own run and the preconditions that run for it,
 * nothing else. Through a running app the event stream carries every run of the app, so a run is
 * taken as a precondition of ours when the same actor requested it after ours and before ours spawned
 * its own process (preconditions run first). Events that arrive before the start call has answered
 * are held back until we know which run is ours.
 */
import type { EventPayload } from '../../shared/contract/index.js';
import type { ActionRun } from '../../shared/domain/actions.js';

type ActionOutput = EventPayload<'action.output'>;

export interface RunOutputFilter {
  /** Our run's id is known: what was held back is handled now, in order. */
  started: (runId: number) => void;
  changed: (run: ActionRun) => void;
  output: (chunk: ActionOutput) => void;
}

export function followRunOutput(
  actor: string,
  show: {
    output(chunk: ActionOutput): void;
    /** A run of ours other than the main one (a precondition) changed. */
    precondition(run: ActionRun): void;
  },
): RunOutputFilter {
  let ours: number | null = null;
  let spawned = false;
  const preconditions = new Set<number>();
  let held: (() => void)[] = [];

  const changed = (run: ActionRun) => {
    if (ours === null) return void held.push(() => changed(run));
    if (run.id === ours) {
      if (run.pid !== null || run.endedAt !== null) spawned = true;
      return;
    }
    if (!preconditions.has(run.id) && !spawned && run.id > ours && run.actor === actor) preconditions.add(run.id);
    if (preconditions.has(run.id)) show.precondition(run);
  };
  const output = (chunk: ActionOutput) => {
    if (ours === null) return void held.push(() => output(chunk));
    if (chunk.runId === ours || preconditions.has(chunk.runId)) show.output(chunk);
  };
  return {
    started(runId) {
      ours = runId;
      const backlog = held;
      held = [];
      for (const handle of backlog) handle();
    },
    changed,
    output,
  };
}
