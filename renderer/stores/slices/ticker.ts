/**
 * The wall's ticker: the last changes, newest first, as short lines ("Payments: Up → Down",
 * "Verdict NO-GO → GO", "Load test smoke passed"). Each kind of change is one function of an event
 * and the state before it (`TICKER_SOURCES`); a new kind (alerts, say) adds an entry there.
 * Seeded from the snapshot (the statuses' `since`, recent runs) so a reloaded wall is not empty.
 */
import type { StateCreator } from 'zustand';
import type { EventName, WireEvent } from '../../../shared/contract/index.js';
import { activeAlerts } from '../../../shared/domain/alerts.js';
import type { Alert } from '../../../shared/domain/alerts.js';
import type { HealthStatus } from '../../../shared/domain/probes.js';
import { serviceName } from '../selectors.js';
import type { AppState } from '../store.js';
import type { Snapshot } from '../store-updates.js';

/** Entries kept: enough for any screen, bounded for a wall left open for days. */
export const MAX_TICKER = 30;

export type TickerTone = 'ok' | 'bad' | 'warn' | 'info';
/** Open: a feature that adds changes adds its kind (and an icon in WallTicker). */
export type TickerKind = 'health' | 'verdict' | 'load' | 'action' | 'scan' | 'drill' | 'decision' | 'alert';

export interface TickerEntry {
  /** Unique and stable: the event's seq, or a seed key. */
  key: string;
  /** Core time of the change (epoch ms). */
  at: number;
  kind: TickerKind;
  tone: TickerTone;
  text: string;
}

export interface TickerSlice {
  ticker: TickerEntry[];
}

export const createTickerSlice: StateCreator<AppState, [], [], TickerSlice> = () => ({
  ticker: [],
});

const HEALTH_WORD: Record<HealthStatus, string> = { up: 'Up', degraded: 'Degraded', down: 'Down', unknown: 'Unknown' };
const HEALTH_TONE: Record<HealthStatus, TickerTone> = { up: 'ok', degraded: 'warn', down: 'bad', unknown: 'info' };
const ENDED_TONE: Record<string, TickerTone> = {
  passed: 'ok', succeeded: 'ok', ok: 'ok',
  failed: 'bad', timed_out: 'bad', exit_unknown: 'bad', interrupted: 'warn',
  aborted: 'warn', cancelled: 'warn', recovery_offered: 'warn',
};
const endedTone = (state: string): TickerTone => ENDED_TONE[state] ?? 'info';
const words = (state: string) => state.replace(/_/g, ' ');

const alertLabel = (alert: Alert) => (alert.service ? `${alert.name} (${alert.service})` : alert.name);

type Source<E extends EventName> = (event: Extract<WireEvent, { name: E }>, before: AppState) => Omit<TickerEntry, 'key'>[];

/** Which events make ticker lines, and how. */
const TICKER_SOURCES: { [E in EventName]?: Source<E> } = {
  'health.changed': (event, before) =>
    event.payload.services.flatMap((service) => {
      const was = before.health.services[service.service]?.status;
      if (was === service.status || (was === undefined && service.status === 'unknown')) return [];
      const from = was === undefined ? '' : `${HEALTH_WORD[was]} → `;
      return [{ at: service.since ?? event.at, kind: 'health' as const, tone: HEALTH_TONE[service.status], text: `${serviceName(before, service.service)}: ${from}${HEALTH_WORD[service.status]}` }];
    }),
  'board.changed': (event, before) => {
    const was = before.board?.verdict;
    if (!was || was === event.payload.verdict) return [];
    return [{ at: event.at, kind: 'verdict', tone: event.payload.verdict === 'GO' ? 'ok' : 'bad', text: `Verdict ${was} → ${event.payload.verdict} (${event.payload.score} %)` }];
  },
  'load.changed': (event, before) => {
    const run = event.payload;
    const known = before.load.runs[run.id];
    if (run.state === 'running') return known ? [] : [{ at: run.startedAt, kind: 'load', tone: 'info', text: `Load test ${run.profile} started by ${run.actor}` }];
    if (known && known.state !== 'running') return [];
    return [{ at: run.endedAt ?? event.at, kind: 'load', tone: endedTone(run.state), text: `Load test ${run.profile} ${words(run.state)}` }];
  },
  'action.changed': (event, before) => {
    const run = event.payload;
    if (run.state !== 'running' || before.actions.runs[run.id]?.state === 'running') return [];
    return [{ at: run.startedAt ?? event.at, kind: 'action', tone: 'info', text: `${run.actionId} started by ${run.actor}${run.dryRun ? ' (dry run)' : ''}` }];
  },
  'action.ended': (event) => [
    { at: event.payload.endedAt ?? event.at, kind: 'action', tone: endedTone(event.payload.state), text: `${event.payload.actionId} ${words(event.payload.state)}` },
  ],
  'security.scanEnded': (event) => [
    { at: event.payload.endedAt ?? event.at, kind: 'scan', tone: endedTone(event.payload.status), text: `Scan ${event.payload.scannerId} ${event.payload.status === 'ok' ? 'done' : words(event.payload.status)}` },
  ],
  'drills.ended': (event) => [{ at: event.payload.endedAt ?? event.at, kind: 'drill', tone: endedTone(event.payload.state), text: `Drill ${event.payload.label} ${words(event.payload.state)}` }],
  // Alerts that started or stopped firing (silenced/inhibited ones count as not firing). A source
  // that fails keeps its last alerts, so a lost Alertmanager does not read as "resolved".
  'alerts.changed': (event, before) => {
    if (event.payload.source.state !== 'ok') return [];
    const was = new Map((before.alerts ? activeAlerts(before.alerts) : []).map((alert) => [alert.fingerprint, alert]));
    const now = activeAlerts(event.payload);
    const started = now.filter((alert) => !was.delete(alert.fingerprint));
    return [
      ...started.map((alert) => ({ at: alert.startsAt, kind: 'alert' as const, tone: 'bad' as const, text: `Alert ${alertLabel(alert)} firing` })),
      ...[...was.values()].map((alert) => {
        const held = event.payload.alerts.find((other) => other.fingerprint === alert.fingerprint);
        const how = held === undefined ? 'resolved' : held.silencedBy.length > 0 ? 'silenced' : held.inhibitedBy.length > 0 ? 'inhibited' : 'no longer firing';
        return { at: event.at, kind: 'alert' as const, tone: held === undefined ? ('ok' as const) : ('info' as const), text: `Alert ${alertLabel(alert)} ${how}` };
      }),
    ];
  },
  'decision.recorded': (event) => [
    { at: event.payload.decidedAt, kind: 'decision', tone: event.payload.decision === 'GO' ? 'ok' : 'bad', text: `Decision recorded: ${event.payload.decision} by ${event.payload.decidedBy}` },
  ],
};

/** The ticker after `event`, given the state before it was applied. */
export function tickerAfterEvent(ticker: TickerEntry[], event: WireEvent, before: AppState): TickerEntry[] {
  const source = TICKER_SOURCES[event.name] as Source<typeof event.name> | undefined;
  if (!source) return ticker;
  const added = source(event as never, before).map((entry, index) => ({ ...entry, key: `${event.seq}.${index}` }));
  return added.length === 0 ? ticker : newestFirst([...added, ...ticker]);
}

/** The ticker after a snapshot: kept when it has entries (a reconnect), else seeded from the snapshot. */
export function tickerAfterSnapshot(ticker: TickerEntry[], snapshot: Snapshot, state: AppState): TickerEntry[] {
  if (ticker.length > 0) return ticker;
  const named = { ...state, config: snapshot.config };
  const health = snapshot.health.services.flatMap((service) =>
    service.since === null || service.status === 'unknown'
      ? []
      : [{ key: `seed.health.${service.service}`, at: service.since, kind: 'health' as const, tone: HEALTH_TONE[service.status], text: `${serviceName(named, service.service)}: ${HEALTH_WORD[service.status]}` }],
  );
  const runs = snapshot.load.runs.flatMap((run) =>
    run.endedAt === null ? [] : [{ key: `seed.load.${run.id}`, at: run.endedAt, kind: 'load' as const, tone: endedTone(run.state), text: `Load test ${run.profile} ${words(run.state)}` }],
  );
  return newestFirst([...health, ...runs]);
}

function newestFirst(entries: TickerEntry[]): TickerEntry[] {
  return entries.sort((a, b) => b.at - a.at).slice(0, MAX_TICKER);
}
