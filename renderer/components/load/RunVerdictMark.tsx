/**
 * A finished load run's outcome as the board counts it: a run that failed a threshold but whose
 * every failed threshold has a standing exception shows as passed "with N exceptions", not as
 * failed. Other runs show their state. The exceptions come with the suites overview; the clock
 * ticks only for a run that has some, so an exception that expires turns the mark back to failed.
 */
import { useShallow } from 'zustand/react/shallow';
import type { LoadRunRecord } from '../../../shared/domain/load-runs.js';
import { judgeRun } from '../../../shared/domain/load-suites.js';
import { useServerNow } from '../../lib/use-now.js';
import { useAppStore } from '../../stores/store.js';
import { LoadStateMark } from './LoadStateMark.js';

interface Props {
  run: LoadRunRecord;
  size?: 'sm' | 'md' | 'lg';
  testId?: string;
}

export function RunVerdictMark({ run, size, testId }: Props) {
  const exceptions = useAppStore(useShallow((s) => (run.state === 'failed' ? (s.loadSuites?.exceptions ?? []).filter((e) => e.runId === run.id) : [])));
  const now = useServerNow(15_000, exceptions.length > 0);
  if (exceptions.length === 0) return <LoadStateMark state={run.state} size={size} testId={testId} />;
  // Never earlier than what the core stamped (an exception just made or withdrawn).
  const at = Math.max(now, ...exceptions.flatMap((e) => [e.createdAt, e.withdrawnAt ?? 0]));
  const verdict = judgeRun(run, exceptions, at);
  return <LoadStateMark state={run.state} size={size} testId={testId} excused={verdict.verdict === 'passed' ? verdict.exceptions : 0} />;
}
