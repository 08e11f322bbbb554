/**
 * The core's pulse: an event every interval so clients can show staleness, and a touch of the
 * session row so stored history knows until when this core was observing.
 */
import type { Heartbeat } from '../../shared/domain/app.js';
import type { EventBus } from './bus.js';
import type { Clock } from './clock.js';
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
  sessionId: string;
  startedAt: number;
  intervalMs: number;
}): HeartbeatService {
  let timer: NodeJS.Timeout | undefined;
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
      timer = setInterval(beat, deps.intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
    latest: () => latest,
  };
}
