/**
 * The wall's main screen, the go/no-go board as the core evaluated it: the readiness score as a
 * big number with its category bars and GO / NO-GO, hard blockers first, then the criteria by
 * group with their evidence, then a tile per service. Live: the store follows board.changed; the
 * renderer never computes a verdict.
 */
import { BlockerList } from '../components/board/BlockerList.js';
import { CriteriaGroups } from '../components/board/CriteriaGroups.js';
import { MeetingSlot } from '../components/board/MeetingSlot.js';
import { ScorePanel } from '../components/board/ScorePanel.js';
import { HighRisksNotice } from '../components/plan/HighRisksNotice.js';
import { HealthCounts } from '../components/health/HealthCounts.js';
import { PausedBanner } from '../components/health/PausedBanner.js';
import { RehearsalSummary } from '../components/rehearsal/RehearsalSummary.js';
import { TileGrid } from '../components/tiles/TileGrid.js';
import { useAppStore } from '../stores/store.js';
import { Waiting } from './Waiting.js';

export function BoardView() {
  const ready = useAppStore((s) => s.config !== null);
  const board = useAppStore((s) => s.board);
  if (!ready) return <Waiting view="board" />;
  return (
    <section className="view view--board" data-testid="view-board">
      {board && (
        <>
          <ScorePanel board={board} />
          <MeetingSlot />
          <BlockerList blockers={board.blockers} />
          <HighRisksNotice board={board} />
          <CriteriaGroups board={board} />
        </>
      )}
      <h2 className="board-services__title">Services</h2>
      <div className="board-head">
        <HealthCounts compact />
        <RehearsalSummary />
      </div>
      <PausedBanner />
      <TileGrid />
    </section>
  );
}
