/** How a run's state and times read: one word, one icon, one colour per state. */
import type { ActionRun, RunState } from '../../../shared/domain/actions.js';
import type { IconName } from '../common/Icon.js';

export const RUN_STATE_WORDS: Record<RunState, string> = {
  awaiting_approval: 'Waiting for approval',
  running: 'Running',
  verifying: 'Verifying health',
  succeeded: 'Succeeded',
  failed: 'Failed',
  timed_out: 'Timed out',
  cancelled: 'Cancelled',
  refused: 'Refused',
  exit_unknown: 'Ended, exit unknown',
};

export const RUN_STATE_ICONS: Record<RunState, IconName> = {
  awaiting_approval: 'hourglass',
  running: 'reload',
  verifying: 'probe',
  succeeded: 'check',
  failed: 'cross',
  timed_out: 'pause',
  cancelled: 'stop',
  refused: 'lock',
  exit_unknown: 'question',
};

/** For a run a restarted Warroom found still running: "still running (pid 4242), started before the restart"; else null. */
export function recoveredNote(run: ActionRun): string | null {
  if (run.state !== 'running' || run.recoveredAt === null) return null;
  return `still running${run.pid === null ? '' : ` (pid ${run.pid})`}, started before the restart`;
}

/** How long it ran (or has been running, at `now` in core time); null before it started. */
export function runDurationMs(run: ActionRun, now: number): number | null {
  if (run.startedAt === null) return null;
  return (run.endedAt ?? now) - run.startedAt;
}

/** "exit code 3", "killed by SIGKILL", or null. */
export function exitSummary(run: ActionRun): string | null {
  if (run.exitCode !== null) return `exit code ${run.exitCode}`;
  if (run.signal) return `ended by ${run.signal}`;
  return null;
}
