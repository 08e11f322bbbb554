import { describe, expect, it } from 'vitest';
import type { Replay } from '../../shared/domain/replay.js';
import type { ReplayInfo } from '../stores/slices/replay.js';
import { replayMoment } from './replay-moment.js';
import { formatClock, formatDateTime } from './time.js';

const T1 = Date.UTC(2026, 11, 6, 14, 2, 0);
const T2 = Date.UTC(2026, 11, 6, 14, 7, 0);
const answer = (asOf: number) => ({ asOf }) as Replay;
const info = (over: Partial<ReplayInfo>): ReplayInfo => ({ asOf: null, data: null, loading: false, error: null, ...over });

describe('replayMoment', () => {
  it('is nothing when live', () => {
    expect(replayMoment(info({}))).toEqual({ shownAt: null, note: null });
  });

  it('names the answered moment when it is the one asked for', () => {
    expect(replayMoment(info({ asOf: T1, data: answer(T1) }))).toEqual({ shownAt: T1, note: null });
  });

  it('keeps naming the moment on screen while another loads, and says which', () => {
    expect(replayMoment(info({ asOf: T2, data: answer(T1), loading: true }))).toEqual({ shownAt: T1, note: `loading ${formatClock(T2)}…` });
  });

  it('says when the moment asked for could not be loaded, whether or not an older one is on screen', () => {
    expect(replayMoment(info({ asOf: T2, data: answer(T1), error: 'asOf is in the future' }))).toEqual({ shownAt: T1, note: `${formatClock(T2)} could not be loaded` });
    expect(replayMoment(info({ asOf: T2, error: 'asOf is in the future' }))).toEqual({ shownAt: null, note: `${formatDateTime(T2)} could not be loaded` });
    expect(replayMoment(info({ asOf: T2, loading: true }))).toEqual({ shownAt: null, note: `loading ${formatDateTime(T2)}…` });
  });
});
