/**
 * Alertmanager's alerts in the war room: where they come from and whether it answers, the active
 * alerts (each with the runbook that answers it, its actions one click away, and Acknowledge =
 * a silence), the silenced and inhibited ones, a test alert, and the last day's history.
 */
import { useCallback, useEffect, useState } from 'react';
import type { Alert, AlertEpisode, TestAlertResult } from '../../shared/domain/alerts.js';
import type { ActionRun } from '../../shared/domain/actions.js';
import { formatDuration } from '../../shared/format/durations.js';
import { alertmanagerUnreachableHint } from '../../shared/format/prometheus.js';
import { useClient } from '../api/client-context.js';
import { OperatorNameField } from '../components/actions/OperatorNameField.js';
import { RunbookCard } from '../components/actions/RunbookCard.js';
import { useLaunch } from '../components/actions/use-launch.js';
import { describeCallError } from '../components/common/call-problem.js';
import type { CallProblem } from '../components/common/call-problem.js';
import { CallError } from '../components/common/CallError.js';
import { Icon } from '../components/common/Icon.js';
import { StatusMark } from '../components/common/StatusMark.js';
import { WhatToDo } from '../components/common/WhatToDo.js';
import { useOperatorName } from '../lib/operator-name.js';
import { formatClock, formatDateTime } from '../lib/time.js';
import { hrefFor } from '../stores/routing.js';
import { useAppStore } from '../stores/store.js';
import { Waiting } from './Waiting.js';

const SILENCE_CHOICES = [
  { label: '30 minutes', ms: 30 * 60_000 },
  { label: '1 hour', ms: 60 * 60_000 },
  { label: '4 hours', ms: 4 * 60 * 60_000 },
  { label: '24 hours', ms: 24 * 60 * 60_000 },
];

export function AlertsView() {
  const ready = useAppStore((s) => s.config !== null);
  const alerts = useAppStore((s) => s.alerts);
  const operator = useAppStore((s) => s.connection.role === 'operator');
  const [problem, setProblem] = useState<CallProblem | null>(null);
  if (!ready) return <Waiting view="alerts" />;
  const active = alerts?.alerts.filter((alert) => alert.status !== 'suppressed') ?? [];
  const suppressed = alerts?.alerts.filter((alert) => alert.status === 'suppressed') ?? [];
  return (
    <section className="view view--alerts" data-testid="view-alerts">
      <h2 className="view__title">Alerts</h2>
      <SourceLine onProblem={setProblem} />
      <CallError problem={problem} controls={['refresh']} testId="alerts-refresh-error" />
      {operator && alerts && alerts.source.state !== 'unconfigured' && <TestAlertPanel />}
      {alerts && alerts.source.state !== 'unconfigured' && (
        <>
          {/* No count before a first answer: "Firing (0)" would read as all clear. */}
          <h3 className="section-title">{alerts.alertsAt === null ? 'Firing' : `Firing (${active.length})`}</h3>
          {active.length === 0 ? (
            <p className="muted" data-testid="alerts-none">
              {alerts.source.state === 'ok'
                ? 'No alert is firing.'
                : alerts.source.state === 'pending'
                  ? 'Not known yet: Alertmanager is being read.'
                  : 'Unknown: Alertmanager could not be read.'}
            </p>
          ) : (
            <ul className="alert-list" data-testid="alerts-active">
              {active.map((alert) => (
                <AlertRow key={alert.fingerprint} alert={alert} operator={operator} />
              ))}
            </ul>
          )}
          {suppressed.length > 0 && (
            <>
              <h3 className="section-title">Silenced or inhibited ({suppressed.length})</h3>
              <ul className="alert-list alert-list--suppressed" data-testid="alerts-suppressed">
                {suppressed.map((alert) => (
                  <AlertRow key={alert.fingerprint} alert={alert} operator={operator} />
                ))}
              </ul>
            </>
          )}
          <AlertHistory />
        </>
      )}
    </section>
  );
}

function SourceLine({ onProblem }: { onProblem: (problem: CallProblem | null) => void }) {
  const client = useClient();
  const alerts = useAppStore((s) => s.alerts);
  const [busy, setBusy] = useState(false);
  if (!alerts) return <p className="muted">Loading alerts…</p>;
  if (alerts.source.state === 'unconfigured') {
    return (
      <p className="notice" data-testid="alerts-source" data-state="unconfigured">
        {alerts.source.message}. Add <code>monitoring.alertmanager.{alerts.environment}.url</code> to warroom.yaml.
      </p>
    );
  }
  const refresh = async () => {
    setBusy(true);
    onProblem(null);
    try {
      // The answer also comes as alerts.changed (every read changes checkedAt), which the store follows.
      await client.call('alerts.list', { refresh: true });
    } catch (error) {
      onProblem({ control: 'refresh', ...describeCallError('Reading Alertmanager', error) });
    } finally {
      setBusy(false);
    }
  };
  if (alerts.source.state === 'pending') {
    // The first read is on its way: no read time to show, nothing failed, nothing known yet.
    return (
      <div className="alerts-source" data-testid="alerts-source" data-state="pending">
        <StatusMark status="unknown" icon="pending" label={`Reading Alertmanager ${alerts.source.url ?? ''}…`} size="sm" />
      </div>
    );
  }
  const ok = alerts.source.state === 'ok';
  const hint = alerts.source.state === 'unreachable' && alerts.source.url !== null ? alertmanagerUnreachableHint(alerts.source.url) : '';
  return (
    <>
      <div className="alerts-source" data-testid="alerts-source" data-state={alerts.source.state} role={ok ? undefined : 'alert'}>
        <StatusMark status={ok ? 'ok' : 'unknown'} label={ok ? `Alertmanager ${alerts.source.url}` : alerts.source.message ?? 'Alertmanager cannot be read'} size="sm" />
        <span className="muted">
          {alerts.checkedAt !== null && ` read ${formatClock(alerts.checkedAt)}`}
          {!ok && alerts.alertsAt !== null && ` · alerts below are from ${formatClock(alerts.alertsAt)} (stale)`}
        </span>
        <button type="button" className="button button--small" onClick={() => void refresh()} disabled={busy} data-testid="alerts-refresh">
          <Icon name="reload" /> Read now
        </button>
      </div>
      {hint !== '' && <WhatToDo hint={hint} testId="alerts-hint" />}
    </>
  );
}

function AlertRow({ alert, operator }: { alert: Alert; operator: boolean }) {
  const runbook = useAppStore((s) => (alert.runbookId ? s.actions.runbooks.find((r) => r.id === alert.runbookId) : undefined));
  const [open, setOpen] = useState(false);
  const [started, setStarted] = useState<ActionRun | null>(null);
  const launcher = useLaunch(useCallback((run: ActionRun) => setStarted(run), []));
  const why = alert.silencedBy.length > 0 ? 'silenced' : alert.inhibitedBy.length > 0 ? 'inhibited' : null;
  return (
    <li className={`alert-row alert-row--${alert.status}`} data-testid={`alert-${alert.name}-${alert.service ?? 'all'}`} data-fingerprint={alert.fingerprint} data-status={alert.status}>
      <div className="alert-row__head">
        <StatusMark status={alert.status === 'active' ? (alert.severity === 'critical' ? 'down' : 'degraded') : 'unknown'} label={alert.name} size="sm" />
        {alert.service && <span className="alert-row__service">{alert.service}</span>}
        {alert.severity && <span className="alert-row__severity">{alert.severity}</span>}
        {why && <span className="alert-row__why">{why}</span>}
        <span className="muted alert-row__since" title={formatDateTime(alert.startsAt)}>
          since {formatClock(alert.startsAt)}
        </span>
      </div>
      {alert.annotations.summary && <p className="alert-row__summary">{alert.annotations.summary}</p>}
      <div className="alert-row__controls">
        {runbook ? (
          <button type="button" className="button button--small" aria-expanded={open} onClick={() => setOpen(!open)} data-testid={`alert-runbook-${alert.fingerprint}`}>
            <Icon name="pen" /> Runbook: {runbook.title}
          </button>
        ) : (
          <span className="muted">No runbook names this alert.</span>
        )}
        {operator && alert.status === 'active' && <AcknowledgeForm alert={alert} />}
      </div>
      {open && runbook && (
        <div className="alert-row__runbook" data-testid="alert-runbook-open" data-runbook={runbook.id}>
          {operator && <OperatorNameField compact />}
          {started && (
            <p className="notice" role="status" data-testid="alert-run-started">
              Run #{started.id} started.{' '}
              <a href={hrefFor('actions')} className="link">
                Follow it on the Actions view
              </a>
            </p>
          )}
          <RunbookCard runbook={runbook} operator={operator} launcher={operator ? launcher : null} />
          {launcher.dialog}
        </div>
      )}
    </li>
  );
}

function AcknowledgeForm({ alert }: { alert: Alert }) {
  const client = useClient();
  const by = useOperatorName();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [durationMs, setDurationMs] = useState(SILENCE_CHOICES[1]!.ms);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<CallProblem | null>(null);
  if (!open) {
    return (
      <button type="button" className="button button--small" onClick={() => setOpen(true)} data-testid={`alert-ack-${alert.fingerprint}`}>
        <Icon name="mute" /> Acknowledge
      </button>
    );
  }
  const submit = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await client.call('alerts.silence', { fingerprint: alert.fingerprint, by, reason, durationMs });
      setOpen(false);
    } catch (error) {
      setProblem({ control: 'ack', ...describeCallError('Acknowledging', error) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="alert-ack"
      data-testid="alert-ack-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {by === '' && <OperatorNameField compact />}
      <label>
        Why
        <input className="input" value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={500} data-testid="alert-ack-reason" />
      </label>
      <label>
        For
        <select className="input" value={durationMs} onChange={(e) => setDurationMs(Number(e.target.value))} data-testid="alert-ack-duration">
          {SILENCE_CHOICES.map((choice) => (
            <option key={choice.ms} value={choice.ms}>
              {choice.label}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="button button--small button--primary" disabled={busy || by === '' || reason.trim() === ''} data-testid="alert-ack-confirm">
        Silence in Alertmanager
      </button>
      <button type="button" className="button button--small" onClick={() => setOpen(false)}>
        Cancel
      </button>
      <CallError problem={problem} controls={['ack']} testId="alert-ack-error" />
    </form>
  );
}

function TestAlertPanel() {
  const client = useClient();
  const by = useOperatorName();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TestAlertResult | null>(null);
  const [problem, setProblem] = useState<CallProblem | null>(null);
  const send = async () => {
    setBusy(true);
    setProblem(null);
    setResult(null);
    try {
      setResult(await client.call('alerts.sendTest', { by }));
    } catch (error) {
      setProblem({ control: 'test', ...describeCallError('Sending a test alert', error) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="alerts-test" data-testid="alerts-test">
      {by === '' && <OperatorNameField compact />}
      <button type="button" className="button button--small" onClick={() => void send()} disabled={busy || by === ''} data-testid="alerts-test-send">
        <Icon name="bell" /> {busy ? 'Waiting for it to arrive…' : 'Send test alert'}
      </button>
      {result && (
        <span className="alerts-test__result" role="status" data-testid="alerts-test-result" data-arrived={result.arrivedAt !== null}>
          {result.arrivedAt !== null
            ? `Arrived in Alertmanager after ${formatDuration(result.arrivedAt - result.postedAt)}.`
            : 'Posted, but Alertmanager did not list it in time.'}
        </span>
      )}
      <CallError problem={problem} controls={['test']} testId="alerts-test-error" />
    </div>
  );
}

function AlertHistory() {
  const client = useClient();
  const alerts = useAppStore((s) => s.alerts);
  const [episodes, setEpisodes] = useState<AlertEpisode[] | null>(null);
  useEffect(() => {
    let live = true;
    client
      .call('alerts.history', { limit: 50 })
      .then((answer) => live && setEpisodes(answer))
      .catch(() => live && setEpisodes(null));
    return () => {
      live = false;
    };
    // Reload when what Alertmanager holds changed.
  }, [client, alerts?.alertsAt, alerts?.alerts.length]);
  if (!episodes || episodes.length === 0) return null;
  return (
    <>
      <h3 className="section-title">Last 24 hours</h3>
      <table className="table alert-history" data-testid="alerts-history">
        <thead>
          <tr>
            <th>Alert</th>
            <th>Service</th>
            <th>Fired</th>
            <th>Resolved</th>
          </tr>
        </thead>
        <tbody>
          {episodes.map((episode) => (
            <tr key={episode.id} data-testid="alerts-history-row">
              <td>{episode.name}</td>
              <td>{episode.service ?? '—'}</td>
              <td>{formatClock(episode.startedAt)}</td>
              <td>{episode.resolvedAt === null ? 'firing' : `${formatClock(episode.resolvedAt)} (${formatDuration(episode.resolvedAt - episode.startedAt)})`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
