import { exportDecision } from '../../board/decision-export.js';
import type { MeetingService } from '../../board/meeting-service.js';
import { NotFoundError } from '../../errors.js';
import type { Handlers } from '../router.js';

type MeetingCommands =
  | 'meeting.get'
  | 'meeting.openPoll'
  | 'meeting.vote'
  | 'meeting.closePoll'
  | 'decision.record'
  | 'decision.get'
  | 'decision.list'
  | 'decision.export';

export function meetingHandlers(meeting: MeetingService): Pick<Handlers, MeetingCommands> {
  return {
    'meeting.get': function handleMeetingGet() {
      return meeting.get();
    },
    'meeting.openPoll': function handleOpenPoll(input) {
      return meeting.openPoll(input);
    },
    'meeting.vote': function handleVote(input) {
      return meeting.vote(input);
    },
    'meeting.closePoll': function handleClosePoll(input) {
      return meeting.closePoll(input.pollId, input.by);
    },
    'decision.record': function handleRecordDecision(input) {
      return meeting.record(input);
    },
    'decision.get': function handleDecisionGet(input) {
      return meeting.decision(input.decisionId);
    },
    'decision.list': function handleDecisionList(input) {
      return meeting.list(input.limit);
    },
    'decision.export': function handleDecisionExport(input) {
      const record = meeting.decision(input.decisionId);
      if (!record) throw new NotFoundError('no decision has been recorded yet');
      return exportDecision(record, input.format);
    },
  };
}
