/**
 * The go/no-go meeting: the live board's headline, the poll, the decision form and the frozen record
 * with its exports. A vote sends the asOf of the board shown, so the core stores what the voter saw;
 * the decision freezes the board as of the moment it is recorded. This view never scores.
 */
import { useEffect, useState } from 'react';
import { useClient } from '../api/client-context.js';
import { Icon } from '../components/common/Icon.js';
import { DecisionForm } from '../components/meeting/DecisionForm.js';
import { DecisionRecordView } from '../components/meeting/DecisionRecordView.js';
import { PollPanel } from '../components/meeting/PollPanel.js';
import { RefusalNote } from '../components/meeting/RefusalNote.js';
import { describeRefusal } from '../components/meeting/refusal.js';
import type { Refusal } from '../components/meeting/refusal.js';
import { VoteMark } from '../components/meeting/VoteMark.js';
import { formatClock } from '../lib/time.js';
import { readOperatorName } from '../lib/operator-name.js';
import { hrefFor } from '../stores/routing.js';
import { meetingAnswered, meetingLoaded } from '../stores/store-updates.js';
import { useAppStore } from '../stores/store.js';
import { Waiting } from './Waiting.js';

export function MeetingView() {
  const client = useClient();
  const operator = useAppStore((s) => s.connection.role === 'operator');
  const meeting = useAppStore((s) => s.meeting);
  // The live board (snapshot, then board.changed): what everyone in the room sees right now.
  const board = useAppStore((s) => s.board);
  const [refusal, setRefusal] = useState<Refusal | null>(null);

  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const [answer, decision] = await Promise.all([client.call('meeting.get', {}), client.call('decision.get', {})]);
        if (live) meetingLoaded(answer, decision);
      } catch (caught) {
        if (live) setRefusal(describeRefusal(caught, 'Reading the meeting'));
      }
    })();
    return () => {
      live = false;
    };
  }, [client]);

  if (!meeting.loaded) return <Waiting view="meeting" />;

  const poll = meeting.poll;
  const decided = poll !== null && poll.decisionId !== null;
  const record = meeting.decision;

  const openPoll = async () => {
    setRefusal(null);
    try {
      meetingAnswered({ poll: await client.call('meeting.openPoll', { by: readOperatorName() || 'operator' }) });
    } catch (caught) {
      setRefusal(describeRefusal(caught, 'The poll was not opened'));
    }
  };

  return (
    <section className="view view--meeting" data-testid="view-meeting">
      <div className="meeting-head no-print">
        <h2 className="view__title">Go/no-go meeting</h2>
        <a className="button button--small" href={hrefFor('board')} data-testid="meeting-board-link">
          Back to the board
        </a>
      </div>
      {board && (
        <p className="panel meeting-board no-print" data-testid="meeting-board">
          <VoteMark choice={board.verdict} large />
          <span className="meeting-board__score" data-testid="meeting-board-score">{board.score} %</span>
          <span className="muted">
            GO needs {board.threshold} %{board.blockers.length > 0 && ` · ${board.blockers.length} hard blocker(s)`}
            {board.waivers.length > 0 && ` · ${board.waivers.length} waiver(s)`} · board as of {formatClock(board.asOf)}
          </span>
        </p>
      )}
      {!operator && (
        <p className="readonly-note no-print" data-testid="meeting-readonly">
          <Icon name="lock" />
          Read-only display: votes and decisions are made from an operator screen.
        </p>
      )}
      {operator && (!poll || poll.state === 'closed') && (
        <div className="no-print">
          <button className="button button--primary" type="button" onClick={() => void openPoll()} data-testid="poll-open">
            Open a poll
          </button>
        </div>
      )}
      <RefusalNote refusal={refusal} testId="meeting-error" />
      {poll && (
        <div className="no-print">
          <PollPanel key={poll.id} poll={poll} board={board} operator={operator} />
        </div>
      )}
      {operator && poll && !decided && board && (
        <div className="no-print">
          <DecisionForm key={`${poll.id}-${board.verdict}`} poll={poll} board={board} />
        </div>
      )}
      {record && <DecisionRecordView record={record} />}
    </section>
  );
}
