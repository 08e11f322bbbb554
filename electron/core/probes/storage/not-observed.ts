/**
 * Spans when no core watched the environment: history shows them as "not observed", never as up
 * or down. Callers pass only that environment's sessions; a core watching staging observed
 * nothing of production.
 */
import type { CoreSession } from '../../store/repos/core-sessions-repo.js';

/** Two heartbeats (5 s each): a session that crashed is taken as observing this long after its last beat. */
export const HEARTBEAT_TOLERANCE_MS = 10_000;

export interface Span {
  fromAt: number;
  toAt: number;
}

/**
 * The parts of `[fromAt, min(toAt, now))` that no session covers. A session covers from its
 * start to its clean stop, or, when it never stopped cleanly (crash, or still running), to its
 * last heartbeat plus `toleranceMs`. The future is not "not observed": it has not happened.
 */
export function notObservedSpans(
  sessions: readonly Pick<CoreSession, 'startedAt' | 'lastSeenAt' | 'stoppedAt'>[],
  range: { fromAt: number; toAt: number; now: number },
  toleranceMs = HEARTBEAT_TOLERANCE_MS,
): Span[] {
  const end = Math.min(range.toAt, range.now);
  if (end <= range.fromAt) return [];
  const covered = sessions
    .map((s) => ({ fromAt: s.startedAt, toAt: s.stoppedAt ?? s.lastSeenAt + toleranceMs }))
    .sort((a, b) => a.fromAt - b.fromAt);
  const gaps: Span[] = [];
  let cursor = range.fromAt;
  for (const span of covered) {
    if (cursor >= end) break;
    if (span.fromAt > cursor) gaps.push({ fromAt: cursor, toAt: Math.min(span.fromAt, end) });
    cursor = Math.max(cursor, span.toAt);
  }
  if (cursor < end) gaps.push({ fromAt: cursor, toAt: end });
  return gaps;
}
