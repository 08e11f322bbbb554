/**
 * The core's pulse: an event every interval so clients can show staleness, and a touch of the
 * session row so stored history knows until when this core was observing.
 */
import type { Heartbeat } from '../../shared/domain/app.js';
import type { EventBus } from './bus.js';
import type { Clock, Timer, Timers } from './clock.js';
import type { CoreProblems } from './problems/problems.js';
import type { CoreSessionsRepo } from './store/repos/core-sessions-repo.js';

export interface HeartbeatService {
  start(): void;
  stop(): void;
  latest(): Heartbeat | null;
}

export function createHeartbeatService(deps: {
  bus: EventBus;
  sessions: CoreSessionsRepo;
  clock: Clock;
  timers: Timers;
  problems: CoreProblems;
  sessionId: string;
  startedAt: number;
  intervalMs: number;
}): HeartbeatService {
  let timer: Timer | undefined;
  let latest: Heartbeat | null = null;

  const beat = () => {
    const at = deps.clock.now();
    latest = { sessionId: deps.sessionId, at, uptimeMs: Math.max(0, at - deps.startedAt), intervalMs: deps.intervalMs };
    // A held lock (SQLITE_BUSY past the busy timeout) or a full disk skips this touch; the next
    // beat tries again. The core is alive either way, so the heartbeat itself still goes out.
    deps.problems.attempt('heartbeat', 'storing the heartbeat', () => deps.sessions.touch(deps.sessionId, at));
    const pulse = latest;
    deps.problems.attempt('heartbeat.event', 'sending the heartbeat', () => deps.bus.emit('core.heartbeat', pulse));
  };

  return {
    start() {
      if (timer) return;
      beat();
      timer = deps.timers.every(deps.intervalMs, beat);
    },
    stop() {
      timer?.cancel();
      timer = undefined;
    },
    latest: () => latest,
  };
}
