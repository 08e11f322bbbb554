/**
 * The wall display (`?wall`): one screen read from across the room, no scrolling at any size.
 * GO / NO-GO with the score, the T-0 countdown and the link state on top; blockers; a tile per
 * service beside the running load test, firing alerts, running actions and the last changes; the replay bar at
 * the bottom. When the core is lost the whole wall greys out under DISCONNECTED (never a frozen
 * green); in a replay it shows the moment asked for, marked REPLAY, from the core's replay.get.
 */
import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ConfigSummary } from '../../../shared/domain/app.js';
import type { ServiceHealth } from '../../../shared/domain/probes.js';
import type { ServiceAt } from '../../../shared/domain/replay.js';
import { Countdown } from '../../components/wall/Countdown.js';
import { WallAlerts } from '../../components/wall/WallAlerts.js';
import { ReplayBar } from '../../components/wall/ReplayBar.js';
import { useWallLink } from '../../components/wall/use-link-lost.js';
import { WallBlockers } from '../../components/wall/WallBlockers.js';
import { WallLoad } from '../../components/wall/WallLoad.js';
import { WallRunning } from '../../components/wall/WallRunning.js';
import { WallStatusBand } from '../../components/wall/WallStatusBand.js';
import { WallTicker } from '../../components/wall/WallTicker.js';
import { WallTiles } from '../../components/wall/WallTiles.js';
import type { WallTileData } from '../../components/wall/WallTiles.js';
import { WallVerdict } from '../../components/wall/WallVerdict.js';
import { replayMoment } from '../../lib/replay-moment.js';
import { formatClock } from '../../lib/time.js';
import { useAppStore } from '../../stores/store.js';
import type { AppState } from '../../stores/store.js';

type Service = ConfigSummary['services'][number];

function whyOf(health: Pick<ServiceHealth, 'status' | 'reason' | 'causedBy'>, nameOf: (id: string) => string): string | null {
  if (health.status === 'up') return null;
  if (health.causedBy) return `${health.status} because ${nameOf(health.causedBy)}`;
  return health.reason || null;
}

function tileOf(service: Service, health: ServiceHealth | ServiceAt | undefined, nameOf: (id: string) => string, missing: string | null): WallTileData {
  return {
    id: service.id,
    name: service.name,
    status: health?.status ?? 'unknown',
    since: health?.since ?? null,
    latencyMs: health?.latencyMs ?? null,
    stale: health?.stale ?? true,
    lastCheckedAt: health?.lastCheckedAt ?? null,
    why: health ? whyOf(health, nameOf) : missing,
  };
}

const liveHealth = (s: AppState) => s.health.services;

/** Changes with every event: memoised so only it, not the wall, is drawn again for the time. */
const LastUpdateClock = memo(function LastUpdateClock() {
  const at = useAppStore((s) => s.connection.lastEventAt);
  return (
    <div className="wall-clock" data-testid="wall-last-update">
      <span className="wall-clock__label">Last update</span>
      <time className="wall-clock__time">{at === null ? '--:--:--' : formatClock(at)}</time>
    </div>
  );
});

export function WallView() {
  const link = useWallLink();
  const services = useAppStore(useShallow((s) => s.config?.services ?? []));
  const name = useAppStore((s) => s.config?.name ?? 'Warroom');
  const live = useAppStore(liveHealth);
  const liveBoard = useAppStore((s) => s.board);
  const replay = useAppStore((s) => s.replay);
  const replaying = replay.asOf !== null;
  const replayed = replaying ? replay.data : null;
  const board = replaying ? (replayed?.board ?? null) : liveBoard;
  const nameOf = (id: string) => services.find((service) => service.id === id)?.name ?? id;
  // In a replay the tiles come from its answer only: before one arrives they are unknown, never live.
  const byId = replaying ? new Map((replayed?.services ?? []).map((service) => [service.service, service])) : null;
  const missing = !replaying ? null : replayed ? 'not in the replayed moment' : 'moment not loaded';
  const tiles = services.map((service) => tileOf(service, byId ? byId.get(service.id) : live[service.id], nameOf, missing));
  const cut = link === 'lost' || link === 'stale' || link === 'unauthorized' || link === 'reload';
  return (
    <div
      className={`wall${cut ? ' wall--cut' : ''}${replaying ? ' wall--replay' : ''}`}
      data-testid="wall"
      data-link={link}
      data-replay-at={replayed?.asOf ?? ''}
    >
      <WallStatusBand link={link} />
      <header className="wall__head">
        <WallVerdict board={board} />
        <Countdown />
        <div className="wall__meta">
          <span className="wall__name">{name}</span>
          <LastUpdateClock />
        </div>
      </header>
      {board && <WallBlockers blockers={board.blockers} />}
      <div className="wall__body">
        <WallTiles tiles={tiles} />
        <aside className="wall__side">
          {!replaying && <WallLoad />}
          {!replaying && <WallAlerts />}
          <WallRunning replayed={replaying ? (replayed?.running ?? []) : null} />
          {/* The changes up to the moment on screen (none before a replayed one arrives), not the one asked for. */}
          <WallTicker until={replaying ? (replayMoment(replay).shownAt ?? -Infinity) : null} />
        </aside>
      </div>
      <ReplayBar variant="wall" />
    </div>
  );
}
