/** The go/no-go meeting as the core reports it: voting roles, the current poll, the newest decision record. */
import type { StateCreator } from 'zustand';
import type { DecisionRecord, Poll } from '../../../shared/domain/meeting.js';
import type { AppState } from '../store.js';

export interface MeetingState {
  /** False until meeting.get has answered once on this screen. */
  loaded: boolean;
  roles: string[];
  poll: Poll | null;
  decision: DecisionRecord | null;
}

export interface MeetingSlice {
  meeting: MeetingState;
}

export const createMeetingSlice: StateCreator<AppState, [], [], MeetingSlice> = () => ({
  meeting: { loaded: false, roles: [], poll: null, decision: null },
});

/** A poll from an event or an answer: a newer poll replaces the shown one, the same poll updates it. */
export function pollChanged(current: MeetingState, poll: Poll): MeetingState {
  if (current.poll && poll.id < current.poll.id) return current;
  return { ...current, poll };
}

/** A decision record: the newest one is shown. */
export function decisionRecorded(current: MeetingState, decision: DecisionRecord): MeetingState {
  if (current.decision && decision.id < current.decision.id) return current;
  return { ...current, decision };
}
