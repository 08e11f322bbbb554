/** How a run's state and times read: one word, one icon, one colour per state. */
import type { ActionRun, RunState } from '../../../shared/domain/actions.js';
import type { IconName } from '../common/Icon.js';

export const RUN_STATE_WORDS: Record<RunState, string> = {
  awaiting_approval: 'Waiting for approval',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  timed_out: 'Timed out',
  cancelled: 'Cancelled',
  refused: 'Refused',
};

export const RUN_STATE_ICONS: Record<RunState, IconName> = {
  awaiting_approval: 'hourglass',
  running: 'reload',
  succeeded: 'check',
  failed: 'cross',
  timed_out: 'pause',
  cancelled: 'stop',
  refused: 'lock',
};

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
