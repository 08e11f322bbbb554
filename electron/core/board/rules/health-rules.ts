/** services-ready-now and health-score: read from probe results and the services' status changes. */
import type { Evidence } from '../../../../shared/domain/board.js';
import type { HealthStatus } from '../../../../shared/domain/probes.js';
import { formatShare } from '../../../../shared/format/numbers.js';
import { formatDuration } from '../../../../shared/format/durations.js';
import { notObservedSpans } from '../../probes/storage/not-observed.js';
import type { Span } from '../../probes/storage/not-observed.js';
import { noEvidence, oldest } from './rule-outcome.js';
import type { RuleContext, RuleOutcome } from './rule-outcome.js';

/** Ready as the probe CLI means it: up, or degraded (slow is still ready). */
const isReady = (status: HealthStatus) => status === 'up' || status === 'degraded';

/**
 * Every service (or the listed ones) ready at t. Its age is that of the oldest service's newest
 * probe result: when probing stopped, "ready" is not known any more.
 */
export function servicesReadyNow(ctx: RuleContext, services: readonly string[] | undefined): RuleOutcome {
  const ids = services ?? Object.keys(ctx.config.services);
  const down: string[] = [];
  const unknown: string[] = [];
  const evidence: Evidence[] = [];
  const lastResults: (number | null)[] = [];
  for (const service of ids) {
    const status = ctx.evidence.statusAt(service, ctx.environment, ctx.asOf);
    const lastResult = ctx.evidence.lastResultAt(service, ctx.environment, ctx.asOf);
    lastResults.push(lastResult);
    if (!status || status.status === 'unknown' || lastResult === null) {
      unknown.push(service);
      continue;
    }
    if (!isReady(status.status)) {
      down.push(status.causedBy ? `${service} (because ${status.causedBy})` : service);
      evidence.push({ what: `${service} ${status.status} since then: ${status.reason}`, at: status.since, by: null, link: { kind: 'service', id: service } });
    }
  }
  const evidenceAt = oldest(lastResults);
  if (down.length > 0) return { state: 'not-met', why: `not ready: ${down.join(', ')}`, evidence, evidenceAt };
  if (unknown.length > 0) return { ...noEvidence(`not observed yet: ${unknown.join(', ')}`), evidence };
  return {
    state: 'met',
    why: null,
    evidence: [{ what: `${ids.length} of ${ids.length} services ready (last probe results)`, at: evidenceAt, by: null, link: null }],
    evidenceAt,
  };
}

/**
 * The share of observed time the services were up over the window, averaged over the services
 * observed in it. Time when no Warroom watched this environment ("not observed", even while one
 * watched another) and time of unknown status count neither way. Its age is that of the newest
 * probe result.
 */
export function healthScore(ctx: RuleContext, minPercent: number, windowMs: number): RuleOutcome {
  const fromAt = ctx.asOf - windowMs;
  const gaps = notObservedSpans(ctx.evidence.sessions(ctx.environment, fromAt, ctx.asOf), { fromAt, toAt: ctx.asOf, now: ctx.asOf });
  const shares: { service: string; up: number; observed: number }[] = [];
  let newest: number | null = null;
  for (const service of Object.keys(ctx.config.services)) {
    const lastResult = ctx.evidence.lastResultAt(service, ctx.environment, ctx.asOf);
    if (lastResult !== null) newest = Math.max(newest ?? lastResult, lastResult);
    const share = upShare(ctx, service, fromAt, gaps);
    if (share.observed > 0) shares.push({ service, ...share });
  }
  if (shares.length === 0 || newest === null) return noEvidence(`no service observed in the last ${formatDuration(windowMs)}`);
  const mean = shares.reduce((sum, s) => sum + s.up / s.observed, 0) / shares.length;
  const percent = Math.floor(mean * 1000) / 10;
  const observedMs = Math.max(...shares.map((s) => s.observed));
  const summary: Evidence = {
    what: `health ${percent} / 100: ${shares.length} services up ${formatShare(mean)} of ${formatDuration(observedMs)} observed in the last ${formatDuration(windowMs)}`,
    at: newest,
    by: null,
    link: null,
  };
  const weakest = shares
    .filter((s) => (s.up / s.observed) * 100 < minPercent)
    .map((s): Evidence => ({ what: `${s.service} up ${formatShare(s.up / s.observed)} of the time`, at: newest, by: null, link: { kind: 'service', id: s.service } }));
  const met = percent >= minPercent;
  return { state: met ? 'met' : 'not-met', why: met ? null : `health ${percent} is below ${minPercent}`, evidence: [summary, ...weakest], evidenceAt: newest };
}

function upShare(ctx: RuleContext, service: string, fromAt: number, gaps: readonly Span[]): { up: number; observed: number } {
  let status: HealthStatus = ctx.evidence.statusAt(service, ctx.environment, fromAt)?.status ?? 'unknown';
  let cursor = fromAt;
  let up = 0;
  let observed = 0;
  const add = (until: number) => {
    if (status === 'unknown' || until <= cursor) return;
    const span = until - cursor - overlap(gaps, cursor, until);
    observed += span;
    if (status === 'up') up += span;
  };
  for (const change of ctx.evidence.statusChanges(service, ctx.environment, fromAt, ctx.asOf)) {
    add(change.at);
    cursor = change.at;
    status = change.to;
  }
  add(ctx.asOf);
  return { up, observed };
}

function overlap(gaps: readonly Span[], fromAt: number, toAt: number): number {
  let total = 0;
  for (const gap of gaps) total += Math.max(0, Math.min(gap.toAt, toAt) - Math.max(gap.fromAt, fromAt));
  return total;
}
