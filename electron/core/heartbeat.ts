/**
 * The core's pulse: an event every interval so clients can show staleness, and a touch of the
 * session row so stored history knows until when this core was observing.
 */
import type { Heartbeat } from '../../shared/domain/app.js';
import type { EventBus } from './bus.js';
import type { Clock, Timer, Timers } from './clock.js';
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
  sessionId: string;
  startedAt: number;
  intervalMs: number;
}): HeartbeatService {
  let timer: Timer | undefined;
  let latest: Heartbeat | null = null;

  const beat = () => {
    const at = deps.clock.now();
    latest = { sessionId: deps.sessionId, at, uptimeMs: Math.max(0, at - deps.startedAt), intervalMs: deps.intervalMs };
    deps.sessions.touch(deps.sessionId, at);
    deps.bus.emit('core.heartbeat', latest);
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
