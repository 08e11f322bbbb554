/** How load figures, outcomes and verdicts read on screen: units always named, one word and one icon per outcome. */
import { LOAD_ERROR_KINDS } from '../../../shared/domain/load.js';
import type { LoadErrorCounts, LoadErrorKind, LoadStopReason, ThresholdVerdict } from '../../../shared/domain/load.js';
import type { LoadProfileView, LoadRunRecord, LoadRunState } from '../../../shared/domain/load-runs.js';
import type { IconName } from '../common/Icon.js';

export const LOAD_STATE_WORDS: Record<LoadRunState, string> = {
  running: 'Running',
  passed: 'Passed',
  failed: 'Failed',
  aborted: 'Aborted',
  interrupted: 'Interrupted',
};

export const LOAD_STATE_ICONS: Record<LoadRunState, IconName> = {
  running: 'probe',
  passed: 'check',
  failed: 'cross',
  aborted: 'stop',
  // No verdict could be reached: "we do not know", unlike any judged outcome.
  interrupted: 'question',
};

export const ERROR_KIND_LABELS: Record<LoadErrorKind, string> = {
  status_5xx: '5xx',
  status_4xx: '4xx',
  timeout: 'timeout',
  connection_refused: 'refused',
  connection_reset: 'reset',
  expectation_failed: 'expectation failed',
  other: 'other',
};

const STOP_REASONS: Record<LoadStopReason, string> = {
  completed: 'it ran its full course',
  threshold: 'an abort-on-fail threshold stopped it early',
  stopped: 'an operator stopped it',
  interrupted: 'Warroom stopped while it ran',
  error: 'the engine failed',
};

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export const formatInt = (value: number): string => grouped.format(value);

/** Requests per second: whole above 100, one decimal below. */
export function formatRps(value: number): string {
  return value >= 100 ? grouped.format(Math.round(value)) : value.toFixed(1);
}

/** Milliseconds without the unit: "731", "42.5", "3.21", "0.412". */
export function formatMs(value: number): string {
  if (value === 0) return '0';
  if (value < 1) return value.toFixed(3);
  if (value < 10) return value.toFixed(2);
  if (value < 100) return value.toFixed(1);
  return grouped.format(Math.round(value));
}

/** A fraction as a percentage: 0.0312 → "3.12 %"; a little above zero never reads as zero. */
export function formatPct(fraction: number): string {
  const pct = fraction * 100;
  if (pct === 0) return '0 %';
  if (pct < 0.01) return '< 0.01 %';
  return `${pct < 10 ? pct.toFixed(2) : pct.toFixed(1)} %`;
}

/** Errors over requests; null without requests. */
export function errorShare(errors: number, requests: number): number | null {
  return requests > 0 ? errors / requests : null;
}

/** "+12.5 %", "−3.0 %": a signed change. */
export function formatChange(value: number | null, unit = ' %'): string {
  if (value === null) return '—';
  const sign = value > 0 ? '+' : value < 0 ? '−' : '±';
  return `${sign}${Math.abs(value).toFixed(1)}${unit}`;
}

/** Errors by kind that happened: [["5xx", 12], ["timeout", 3]]. */
export function errorKinds(errors: LoadErrorCounts): [string, number][] {
  return LOAD_ERROR_KINDS.filter((kind) => errors[kind] > 0).map((kind) => [ERROR_KIND_LABELS[kind], errors[kind]]);
}

type MetricUnit = 'ms' | 'fraction' | 'count' | 'rate';

/** The unit of a threshold's actual value, from the metric its expression starts with. */
export function thresholdUnit(expression: string): MetricUnit {
  const metric = expression.trim().toLowerCase();
  if (metric.startsWith('rate(')) return 'fraction';
  if (metric.startsWith('count(')) return 'count';
  if (/^rps\b/.test(metric)) return 'rate';
  return 'ms';
}

/** A verdict's actual value in the unit of its metric: "731 ms", "2.40 %", "12", "118 req/s". */
export function formatActual(verdict: Pick<ThresholdVerdict, 'expression' | 'actual'>): string {
  if (verdict.actual === null) return 'no data yet';
  switch (thresholdUnit(verdict.expression)) {
    case 'fraction':
      return formatPct(verdict.actual);
    case 'count':
      return formatInt(verdict.actual);
    case 'rate':
      return `${formatRps(verdict.actual)} req/s`;
    case 'ms':
      return `${formatMs(verdict.actual)} ms`;
  }
}

/** "p(95) < 500 — actual 731 ms", with the endpoint when the threshold is about one. */
export function verdictLine(verdict: ThresholdVerdict): string {
  return `${verdict.expression}${verdict.endpoint ? ` on ${verdict.endpoint}` : ''} — actual ${formatActual(verdict)}`;
}

/** What decided an ended run, in a line; and why it ended, in another. */
export function describeOutcome(run: LoadRunRecord): { decided: string; why: string | null } {
  const summary = run.summary;
  const decidedBy = run.decidedBy ?? summary?.decidedBy ?? null;
  const why = summary ? `It ended because ${STOP_REASONS[summary.stopReason]}.` : null;
  const verdicts = summary?.thresholds ?? [];
  switch (run.state) {
    case 'passed':
      return { decided: verdicts.length > 0 ? `all ${verdicts.length} thresholds held` : 'no thresholds were set', why };
    case 'failed': {
      if (decidedBy) return { decided: verdictLine(decidedBy), why };
      const failed = verdicts.filter((v) => !v.passed);
      return { decided: failed.length === 1 ? verdictLine(failed[0]!) : `${failed.length} of ${verdicts.length} thresholds failed`, why };
    }
    case 'aborted':
      if (decidedBy) return { decided: `${verdictLine(decidedBy)} (abort on fail)`, why };
      if (summary?.stopReason === 'stopped') return { decided: 'stopped by an operator', why: null };
      return { decided: `the engine could not carry it out${run.error ? `: ${run.error}` : ''}`, why };
    case 'interrupted':
      return { decided: run.error ?? 'Warroom stopped while it ran; every second up to then is kept', why };
    case 'running':
      return { decided: 'still running', why: null };
  }
}

/** "10 users", "400 arrivals/s": the peak of a profile in its model's unit. */
export function formatPeak(profile: Pick<LoadProfileView, 'model' | 'peak'>): string {
  return profile.model === 'closed' ? `${formatInt(profile.peak)} ${profile.peak === 1 ? 'user' : 'users'}` : `${formatRps(profile.peak)} arrivals/s`;
}

/** Offsets into a run for chart axes: "0:40", "12:05", "1:00:00". */
export function formatRunClock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}
