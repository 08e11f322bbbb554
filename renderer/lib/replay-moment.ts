/**
 * Which moment a replay screen really shows. The scrubber asks for a moment at once, but its
 * answer arrives later (or not at all); until then the last answer stays on screen. Every REPLAY
 * mark names the moment of the answer on screen, and says when another was asked for and is
 * loading or could not be loaded: a band must never date what it shows to a moment it does not
 * show, nor let live tiles pass for a past moment.
 */
import type { ReplayInfo } from '../stores/slices/replay.js';
import { formatClock, formatDateTime } from './time.js';

export interface ReplayMoment {
  /** The moment of the answer on screen; null when none has arrived (nothing past to show). */
  shownAt: number | null;
  /** About the moment asked for when it is not the one shown: "loading 14:07:00…". */
  note: string | null;
}

export function replayMoment(replay: ReplayInfo): ReplayMoment {
  if (replay.asOf === null) return { shownAt: null, note: null };
  const shownAt = replay.data?.asOf ?? null;
  if (shownAt === replay.asOf) return { shownAt, note: null };
  // The asked moment is not on screen: with an older answer the clock is enough, without one the date is said.
  const asked = shownAt === null ? formatDateTime(replay.asOf) : formatClock(replay.asOf);
  return { shownAt, note: replay.loading ? `loading ${asked}…` : `${asked} could not be loaded` };
}
