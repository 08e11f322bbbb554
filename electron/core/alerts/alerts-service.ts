/**
 * The core's side of Alertmanager: reads the environment's alerts (owner: on a timer; anyone: on
 * demand), keeps their firing episodes as evidence, announces changes (`alerts.changed`), ties
 * each alert to the runbook that answers it, and acts for operators: a silence (acknowledge) and a
 * test alert, both audited. An Alertmanager that is down, slow or malformed is a source state the
 * view shows ("Alertmanager unreachable: …"); the alerts last read stay, marked by `alertsAt`.
 * Until its first read answers, the source is `pending`: not an error, and not "no alerts" either.
 */
import { randomUUID } from 'node:crypto';
import { TEST_ALERT_NAME } from '../../../shared/domain/alerts.js';
import type { Alert, AlertEpisode, AlertsState, Silence, TestAlertResult } from '../../../shared/domain/alerts.js';
import type { WarroomConfig } from '../../../shared/domain/config.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { EventBus } from '../bus.js';
import type { Clock, Timer, Timers } from '../clock.js';
import { NotFoundError, UnavailableError } from '../errors.js';
import type { CoreProblems } from '../problems/problems.js';
import type { AlertEpisodesRepo } from '../store/repos/alert-episodes-repo.js';
import { AlertmanagerError, createAlertmanagerClient } from './alertmanager-client.js';
import type { AlertmanagerClient, GettableAlert, GettableSilence } from './alertmanager-client.js';
import { runbookForAlert } from './runbook-match.js';

export interface AlertsService {
  /** Owner only: reads now and then every pollInterval. */
  start(): void;
  stop(): void;
  state(): AlertsState;
  /** Reads Alertmanager now and answers the new state (a failed read is in `source`, never a throw). */
  refresh(): Promise<AlertsState>;
  /** Starts the first read when none was made (a core without the poll loop); the answer comes as alerts.changed. */
  readIfPending(): void;
  history(query: { service?: string | undefined; from?: number | undefined; to?: number | undefined; limit: number }): AlertEpisode[];
  silences(): Promise<Silence[]>;
  /** Acknowledges an alert: a silence on its labels for `durationMs`, audited. */
  silence(input: { fingerprint: string; by: string; reason: string; durationMs: number }): Promise<Silence>;
  /** Posts a synthetic alert and waits until Alertmanager lists it (or waitMs passes), audited. */
  testAlert(input: { by: string; waitMs: number }): Promise<TestAlertResult>;
}

export interface AlertsDeps {
  config: WarroomConfig;
  environment: string;
  env: NodeJS.ProcessEnv;
  bus: EventBus;
  clock: Clock;
  timers: Timers;
  problems: CoreProblems;
  episodes: AlertEpisodesRepo;
  audit: AuditLog;
  /** Only the data dir's owner writes the history; a guest reads Alertmanager and nothing else. */
  record: boolean;
  fetch?: typeof fetch;
}

const DAY_MS = 86_400_000;
const ARRIVAL_POLL_MS = 250;

export function createAlertsService(deps: AlertsDeps): AlertsService {
  const source = deps.config.monitoring?.alertmanager?.[deps.environment];
  const runbooks = deps.config.runbooks ?? {};
  const client: AlertmanagerClient | undefined = source
    ? createAlertmanagerClient({
        url: source.url,
        token: source.tokenEnv ? deps.env[source.tokenEnv] : undefined,
        timeoutMs: source.timeout,
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
      })
    : undefined;
  let current: AlertsState = {
    environment: deps.environment,
    source: client
      ? { state: 'pending', url: client.url, message: 'not read yet' }
      : { state: 'unconfigured', url: null, message: `no Alertmanager for "${deps.environment}" (monitoring.alertmanager.${deps.environment})` },
    checkedAt: null,
    alertsAt: null,
    alerts: [],
  };
  let lastJson = JSON.stringify(current);
  let timer: Timer | undefined;
  let inFlight: Promise<AlertsState> | undefined;

  const publish = (next: AlertsState) => {
    current = next;
    const json = JSON.stringify(next);
    if (json === lastJson) return;
    lastJson = json;
    deps.bus.emit('alerts.changed', next);
  };

  const requireClient = (): AlertmanagerClient => {
    if (!client) throw new UnavailableError(current.source.message ?? 'no Alertmanager is configured');
    return client;
  };

  /** A failure of Alertmanager is a domain "unavailable" with its message; anything else is a bug. */
  async function orUnavailable<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (error) {
      throw error instanceof AlertmanagerError ? new UnavailableError(error.message) : error;
    }
  }

  async function read(): Promise<AlertsState> {
    if (!client) return current;
    let raw: GettableAlert[];
    try {
      raw = await client.alerts();
    } catch (error) {
      if (!(error instanceof AlertmanagerError)) throw error;
      const checkedAt = deps.clock.now();
      // Keep what was last read (alertsAt says how old): never a quiet "no alerts" while blind.
      publish({ ...current, source: { state: error.kind, url: client.url, message: error.message }, checkedAt });
      return current;
    }
    // When the answer came (a slow Alertmanager answers up to its timeout after the read began).
    const checkedAt = deps.clock.now();
    const alerts = raw.map(toAlert).sort(byStatusThenStart);
    if (deps.record) {
      deps.problems.attempt('alerts.store', 'recording alert history', () =>
        deps.episodes.observe(
          deps.environment,
          alerts.map((alert) => ({
            fingerprint: alert.fingerprint,
            name: alert.name,
            service: alert.service,
            severity: alert.severity,
            summary: alert.annotations.summary ?? null,
            labels: alert.labels,
            startedAt: alert.startsAt,
          })),
          checkedAt,
        ),
      );
    }
    publish({ environment: deps.environment, source: { state: 'ok', url: client.url, message: null }, checkedAt, alertsAt: checkedAt, alerts });
    return current;
  }

  function refresh(): Promise<AlertsState> {
    inFlight ??= read().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  function toAlert(alert: GettableAlert): Alert {
    return {
      fingerprint: alert.fingerprint,
      name: alert.labels.alertname ?? '(no alertname)',
      labels: alert.labels,
      annotations: alert.annotations,
      service: alert.labels.service ?? null,
      severity: alert.labels.severity ?? null,
      status: alert.status.state,
      silencedBy: alert.status.silencedBy ?? [],
      inhibitedBy: alert.status.inhibitedBy ?? [],
      startsAt: epochMs(alert.startsAt),
      updatedAt: epochMs(alert.updatedAt),
      runbookId: runbookForAlert(runbooks, alert.labels),
      generatorUrl: alert.generatorURL ? alert.generatorURL : null,
    };
  }

  /** A read nobody waits for: a failure is in `source`; anything thrown is a bug, reported. */
  const poll = () => void refresh().catch((error: unknown) => deps.problems.report('alerts', 'reading Alertmanager', error));

  return {
    start() {
      if (!client || timer) return;
      poll();
      timer = deps.timers.every(source!.pollInterval, poll);
    },
    stop() {
      timer?.cancel();
      timer = undefined;
    },
    state: () => current,
    refresh,
    readIfPending() {
      // refresh() joins a read already on its way (the poll loop's first), so this adds none.
      if (current.source.state === 'pending') poll();
    },
    history({ service, from, to, limit }) {
      const end = to ?? deps.clock.now();
      return deps.episodes.history({ environment: deps.environment, service, from: from ?? end - DAY_MS, to: end, limit });
    },
    async silences() {
      const answer = await orUnavailable(requireClient().silences());
      return answer.map(toSilence);
    },
    async silence({ fingerprint, by, reason, durationMs }) {
      const am = requireClient();
      // Silence what Alertmanager holds now, not what this core read a poll ago.
      await refresh();
      const alert = current.alerts.find((a) => a.fingerprint === fingerprint);
      if (!alert) {
        if (current.source.state !== 'ok') throw new UnavailableError(current.source.message ?? 'Alertmanager cannot be read');
        throw new NotFoundError(`no alert with fingerprint ${fingerprint} in Alertmanager (it may have resolved)`);
      }
      const now = deps.clock.now();
      const matchers = Object.entries(alert.labels).map(([name, value]) => ({ name, value, isRegex: false, isEqual: true }));
      const silence = { matchers, startsAt: new Date(now).toISOString(), endsAt: new Date(now + durationMs).toISOString(), createdBy: by, comment: reason };
      const silenceId = await orUnavailable(am.createSilence(silence));
      deps.audit.append({
        actor: by,
        event: 'alert_silenced',
        detail: { silenceId, alert: alert.name, service: alert.service, fingerprint, reason, durationMs, environment: deps.environment },
      });
      await refresh();
      return { silenceId, matchers, createdBy: by, comment: reason, startsAt: now, endsAt: now + durationMs, state: 'active' };
    },
    async testAlert({ by, waitMs }) {
      const am = requireClient();
      const testId = randomUUID();
      const postedAt = deps.clock.now();
      const labels = { alertname: TEST_ALERT_NAME, severity: 'info', source: 'warroom', environment: deps.environment, test_id: testId };
      await orUnavailable(
        am.postAlerts([
          {
            labels,
            annotations: { summary: `Test alert from Warroom, sent by ${by}`, description: 'A synthetic alert to check that alerts reach Alertmanager; it resolves by itself in 5 minutes.' },
            startsAt: new Date(postedAt).toISOString(),
            endsAt: new Date(postedAt + 5 * 60_000).toISOString(),
          },
        ]),
      );
      const arrived = await waitForArrival(testId, postedAt + waitMs);
      deps.audit.append({
        actor: by,
        event: 'alert_test',
        detail: { testId, environment: deps.environment, arrived: arrived !== null, afterMs: arrived ? arrived.at - postedAt : null },
      });
      return { testId, postedAt, arrivedAt: arrived?.at ?? null, fingerprint: arrived?.fingerprint ?? null };
    },
  };

  async function waitForArrival(testId: string, deadline: number): Promise<{ at: number; fingerprint: string } | null> {
    for (;;) {
      const state = await refresh();
      const found = state.source.state === 'ok' ? state.alerts.find((alert) => alert.labels.test_id === testId) : undefined;
      if (found) return { at: state.checkedAt ?? deps.clock.now(), fingerprint: found.fingerprint };
      if (deps.clock.now() >= deadline) return null;
      await new Promise<void>((resolve) => deps.timers.after(ARRIVAL_POLL_MS, resolve));
    }
  }
}

function toSilence(silence: GettableSilence): Silence {
  return {
    silenceId: silence.id,
    matchers: silence.matchers.map((m) => ({ name: m.name, value: m.value, isEqual: m.isEqual, isRegex: m.isRegex })),
    createdBy: silence.createdBy,
    comment: silence.comment,
    startsAt: epochMs(silence.startsAt),
    endsAt: epochMs(silence.endsAt),
    state: silence.status.state,
  };
}

/** Times are checked by the client's schema, so they parse. */
function epochMs(iso: string): number {
  return Date.parse(iso);
}

/** Active alerts first (newest first), then the suppressed ones. */
function byStatusThenStart(a: Alert, b: Alert): number {
  const rank = (alert: Alert) => (alert.status === 'active' ? 0 : alert.status === 'unprocessed' ? 1 : 2);
  return rank(a) - rank(b) || b.startsAt - a.startsAt;
}
