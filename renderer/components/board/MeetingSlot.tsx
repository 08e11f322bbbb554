/**
 * Where the go/no-go meeting joins the board: a link to the poll and the decision record
 * (the Go/no-go view), with the newest decision when one was recorded.
 */
import { useAppStore } from '../../stores/store.js';
import { hrefFor } from '../../stores/routing.js';

export function MeetingSlot() {
  const decision = useAppStore((state) => state.meeting.decision);
  return (
    <a className="board-meeting-link" href={hrefFor('meeting')} data-testid="board-meeting-link">
      {decision ? `Decision recorded: ${decision.decision}` : 'Go/no-go meeting'} →
    </a>
  );
}
