/**
 * Load tests as the core reports them: the profiles of the environment, recent runs by id, the
 * run in progress, and per-second series for the charts (the running one from the snapshot and
 * load.tick, ended ones from load.getRun answers). The series of a running test survives a reload:
 * the snapshot carries it whole.
 */
import type { StateCreator } from 'zustand';
import type { LoadTick } from '../../../shared/domain/load.js';
import { seriesPointOf } from '../../../shared/domain/load-runs.js';
import type { LoadOverview, LoadProfileView, LoadRunRecord, LoadSeriesPoint } from '../../../shared/domain/load-runs.js';
import type { AppState } from '../store.js';

/** Run records kept on screen (the core lists the newest 20; events add more). */
export const MAX_LOAD_RUNS = 100;
/** Series kept besides the running and the open run's. */
export const MAX_LOAD_SERIES = 4;

export interface LoadInfo {
  /** The environment load tests run against; null until the first snapshot. */
  environment: string | null;
  profiles: LoadProfileView[];
  runs: Record<number, LoadRunRecord>;
  /** The run in progress (one at a time), or null. */
  activeRunId: number | null;
}

export interface LoadRunSeries {
  runId: number;
  /** One point per second, in order. */
  points: LoadSeriesPoint[];
  /** The latest full tick: per-endpoint figures and live threshold verdicts. */
  latest: LoadTick | null;
  /**
   * 'live': from the snapshot and load.tick (complete while the stream stays up); 'stored': a
   * load.getRun answer for a run that had ended, which never changes.
   */
  source: 'live' | 'stored';
}

export interface LoadSlice {
  load: LoadInfo;
  /** By run id. */
  loadSeries: Record<number, LoadRunSeries>;
  /** The run whose panel is open; null shows the running one, else the newest. */
  openLoadRunId: number | null;
}

export const initialLoad: LoadInfo = { environment: null, profiles: [], runs: {}, activeRunId: null };

export const createLoadSlice: StateCreator<AppState, [], [], LoadSlice> = () => ({
  load: initialLoad,
  loadSeries: {},
  openLoadRunId: null,
});

export const isLoadRunFinal = (run: LoadRunRecord): boolean => run.state !== 'running';

/** The chart point of a tick: the same projection the core uses. */
export const seriesPoint = seriesPointOf;

function trimRuns(runs: Record<number, LoadRunRecord>): Record<number, LoadRunRecord> {
  const ids = Object.keys(runs).map(Number);
  if (ids.length <= MAX_LOAD_RUNS) return runs;
  const next = { ...runs };
  for (const id of ids.sort((a, b) => a - b).slice(0, ids.length - MAX_LOAD_RUNS)) delete next[id];
  return next;
}

/** Drops the oldest series beyond the limit, never the running run's nor the open one's. */
export function evictSeries(series: Record<number, LoadRunSeries>, keep: ReadonlySet<number>): Record<number, LoadRunSeries> {
  const spare = Object.keys(series)
    .map(Number)
    .filter((id) => !keep.has(id))
    .sort((a, b) => a - b);
  if (spare.length <= MAX_LOAD_SERIES) return series;
  const next = { ...series };
  for (const id of spare.slice(0, spare.length - MAX_LOAD_SERIES)) delete next[id];
  return next;
}

const keepOf = (activeRunId: number | null, openId: number | null) =>
  new Set([activeRunId, openId].filter((id): id is number => id !== null));

/**
 * The snapshot's overview replaces what it covers. Stored series stay (they never change); live
 * ones of runs no longer running are dropped, since ticks may have been missed while the stream
 * was down: they are loaded again when shown. The running run's series is the snapshot's.
 */
export function loadFromSnapshot(state: LoadSlice, overview: LoadOverview): Partial<LoadSlice> {
  const runs = { ...state.load.runs };
  for (const run of overview.runs) runs[run.id] = run;
  const active = overview.active;
  if (active) runs[active.run.id] = active.run;
  const series: Record<number, LoadRunSeries> = {};
  for (const [id, entry] of Object.entries(state.loadSeries)) if (entry.source === 'stored') series[Number(id)] = entry;
  if (active) series[active.run.id] = { runId: active.run.id, points: active.series, latest: active.latest, source: 'live' };
  const activeRunId = active?.run.id ?? null;
  return {
    load: { environment: overview.environment, profiles: overview.profiles, runs: trimRuns(runs), activeRunId },
    loadSeries: evictSeries(series, keepOf(activeRunId, state.openLoadRunId)),
  };
}

/**
 * load.changed: a run started or ended (events come in order, so it is always news). A run that
 * starts is followed at once: the panel leaves whatever older run was open for it.
 */
export function loadRunChanged(state: LoadSlice, run: LoadRunRecord): Partial<LoadSlice> {
  const running = run.state === 'running';
  const activeRunId = running ? run.id : state.load.activeRunId === run.id ? null : state.load.activeRunId;
  const started = running && state.load.runs[run.id]?.state !== 'running';
  const loadSeries =
    running && !state.loadSeries[run.id]
      ? { ...state.loadSeries, [run.id]: { runId: run.id, points: [], latest: null, source: 'live' as const } }
      : state.loadSeries;
  const openLoadRunId = started ? null : state.openLoadRunId;
  return {
    load: { ...state.load, runs: trimRuns({ ...state.load.runs, [run.id]: run }), activeRunId },
    loadSeries: evictSeries(loadSeries, keepOf(activeRunId, openLoadRunId)),
    openLoadRunId,
  };
}

/**
 * A run a call answered with (load.start, load.stop). It never takes back what events already
 * told: a stop answers with the record still running, and the run may have ended since.
 */
export function loadRunAnswered(state: LoadSlice, run: LoadRunRecord): Partial<LoadSlice> {
  const known = state.load.runs[run.id];
  if (known && (isLoadRunFinal(known) || !isLoadRunFinal(run))) return {};
  return loadRunChanged(state, run);
}

/** load.tick: one more point for the charts and the latest full tick; a second already held is ignored. */
export function loadTicked(state: LoadSlice, runId: number, tick: LoadTick): Partial<LoadSlice> {
  const current = state.loadSeries[runId] ?? { runId, points: [], latest: null, source: 'live' as const };
  const last = current.points[current.points.length - 1];
  if (current.source === 'stored' || (last && tick.second <= last.second)) return {};
  const next: LoadRunSeries = { ...current, points: [...current.points, seriesPoint(tick)], latest: tick };
  const known = state.load.runs[runId];
  // A tick of a run we have not heard start (its load.changed was before the snapshot we missed) is still the running one.
  const activeRunId = state.load.activeRunId ?? (known && isLoadRunFinal(known) ? null : runId);
  return {
    loadSeries: evictSeries({ ...state.loadSeries, [runId]: next }, keepOf(activeRunId, state.openLoadRunId)),
    ...(activeRunId !== state.load.activeRunId ? { load: { ...state.load, activeRunId } } : {}),
  };
}

/** A load.getRun answer: the record, and for an ended run its stored series (the running one follows ticks). */
export function loadDetailAnswered(
  state: LoadSlice,
  detail: { run: LoadRunRecord; series: LoadSeriesPoint[]; latest: LoadTick | null },
): Partial<LoadSlice> {
  const { run } = detail;
  const known = state.load.runs[run.id];
  if (!isLoadRunFinal(run) || (known && !isLoadRunFinal(known))) {
    // Still running as far as the answer or the events know: ticks carry it; an empty entry may take the answer's points.
    const entry = state.loadSeries[run.id];
    if (entry && entry.points.length > 0) return {};
    return { loadSeries: { ...state.loadSeries, [run.id]: { runId: run.id, points: detail.series, latest: detail.latest, source: 'live' } } };
  }
  const series = { ...state.loadSeries, [run.id]: { runId: run.id, points: detail.series, latest: detail.latest, source: 'stored' as const } };
  return {
    load: { ...state.load, runs: trimRuns({ ...state.load.runs, [run.id]: run }) },
    loadSeries: evictSeries(series, keepOf(state.load.activeRunId, state.openLoadRunId ?? run.id)),
  };
}

/** Runs newest first (by start, then id). */
export function loadRunsNewestFirst(runs: Record<number, LoadRunRecord>): LoadRunRecord[] {
  return Object.values(runs).sort((a, b) => b.startedAt - a.startedAt || b.id - a.id);
}

/** The run the panel shows: the open one, else the running one, else the newest; null with none. */
export function selectShownLoadRunId(state: LoadSlice): number | null {
  const { openLoadRunId, load } = state;
  if (openLoadRunId !== null && load.runs[openLoadRunId]) return openLoadRunId;
  if (load.activeRunId !== null && load.runs[load.activeRunId]) return load.activeRunId;
  let newest: LoadRunRecord | null = null;
  for (const run of Object.values(load.runs)) {
    if (!newest || run.startedAt > newest.startedAt || (run.startedAt === newest.startedAt && run.id > newest.id)) newest = run;
  }
  return newest?.id ?? null;
}
