/**
 * The wall's main screen, the go/no-go board as the core evaluated it: the readiness score as a
 * big number with its category bars and GO / NO-GO, hard blockers first, then the criteria by
 * group with their evidence, then a tile per service. Live: the store follows board.changed; the
 * renderer never computes a verdict. The replay bar shows the board at a past moment instead
 * (replay.get), marked REPLAY until Live.
 */
import { AlertsSummary } from '../components/alerts/AlertsSummary.js';
import { BlockerList } from '../components/board/BlockerList.js';
import { CriteriaGroups } from '../components/board/CriteriaGroups.js';
import { MeetingSlot } from '../components/board/MeetingSlot.js';
import { ScorePanel } from '../components/board/ScorePanel.js';
import { Icon } from '../components/common/Icon.js';
import { HighRisksNotice } from '../components/plan/HighRisksNotice.js';
import { HealthCounts } from '../components/health/HealthCounts.js';
import { PausedBanner } from '../components/health/PausedBanner.js';
import { RehearsalSummary } from '../components/rehearsal/RehearsalSummary.js';
import { TileGrid } from '../components/tiles/TileGrid.js';
import { ReplayBar } from '../components/wall/ReplayBar.js';
import { WallTiles } from '../components/wall/WallTiles.js';
import type { Replay } from '../../shared/domain/replay.js';
import { replayMoment } from '../lib/replay-moment.js';
import { formatDateTime } from '../lib/time.js';
import { useAppStore } from '../stores/store.js';
import { Waiting } from './Waiting.js';

const NO_SERVICES: never[] = [];

function ReplayedServices({ replay }: { replay: Replay }) {
  const services = useAppStore((s) => s.config?.services ?? NO_SERVICES);
  const byId = new Map(replay.services.map((service) => [service.service, service]));
  const tiles = services.map((service) => {
    const at = byId.get(service.id);
    return {
      id: service.id,
      name: service.name,
      status: at?.status ?? 'unknown',
      since: at?.since ?? null,
      latencyMs: at?.latencyMs ?? null,
      stale: at?.stale ?? true,
      lastCheckedAt: at?.lastCheckedAt ?? null,
      why: at && at.status !== 'up' ? at.reason : null,
    } as const;
  });
  return (
    <div className="board-replay-tiles">
      <WallTiles tiles={tiles} fill={false} />
    </div>
  );
}

export function BoardView() {
  const ready = useAppStore((s) => s.config !== null);
  const live = useAppStore((s) => s.board);
  const replay = useAppStore((s) => s.replay);
  if (!ready) return <Waiting view="board" />;
  const replaying = replay.asOf !== null;
  const board = replaying ? replay.data?.board ?? null : live;
  const moment = replayMoment(replay);
  return (
    <section className={`view view--board${replaying ? ' view--replay' : ''}`} data-testid="view-board" data-replay-at={replay.data?.asOf ?? ''}>
      <ReplayBar variant="board" />
      {replaying && (
        <p className="board-replay-band" data-testid="board-replay-band" role="status">
          <Icon name="rollback" />
          <strong>REPLAY</strong> {moment.shownAt === null ? moment.note : `the board as it was at ${formatDateTime(moment.shownAt)}${moment.note ? ` — ${moment.note}` : ''}`}
        </p>
      )}
      {board && (
        <>
          <ScorePanel board={board} />
          {!replaying && <MeetingSlot />}
          <BlockerList blockers={board.blockers} />
          <HighRisksNotice board={board} />
          <CriteriaGroups board={board} readOnly={replaying} />
        </>
      )}
      <h2 className="board-services__title">Services</h2>
      {replaying ? (
        replay.data && <ReplayedServices replay={replay.data} />
      ) : (
        <>
          <div className="board-head">
            <HealthCounts compact />
            <RehearsalSummary />
            <AlertsSummary />
          </div>
          <PausedBanner />
          <TileGrid />
        </>
      )}
    </section>
  );
}
