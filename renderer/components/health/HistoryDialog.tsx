/**
 * The history of one service over a chosen range: latency p50 / p95 / max over status bands, the
 * uptime over the range, every transition, the spans nobody observed; operators can mute its
 * notifications here. Closes with Esc, the close button or a click beside it.
 */
import { useEffect, useRef, useState } from 'react';
import { ServiceAlertHistory } from '../alerts/ServiceAlertHistory.js';
import type { HealthHistory } from '../../../shared/domain/probes.js';
import { useClient } from '../../api/client-context.js';
import { formatUptime } from '../../lib/format.js';
import { applyServiceHealthAnswer } from '../../stores/store-updates.js';
import { serviceName } from '../../stores/selectors.js';
import { useAppStore } from '../../stores/store.js';
import { HistoryChart } from '../charts/HistoryChart.js';
import { CallError } from '../common/CallError.js';
import { describeCallError } from '../common/call-problem.js';
import { Icon } from '../common/Icon.js';
import { HealthMark } from './HealthMark.js';
import { NotObservedList, TransitionList } from './TransitionList.js';
import { Since } from './Since.js';
import { useHealthCall } from './use-health-call.js';
import { formatCompactDuration } from '../../../shared/format/durations.js';
import { formatInt } from '../../../shared/format/numbers.js';

export const RANGES = [
  { id: '15m', ms: 15 * 60_000, label: '15 min' },
  { id: '1h', ms: 3_600_000, label: '1 h' },
  { id: '24h', ms: 24 * 3_600_000, label: '24 h' },
  { id: '7d', ms: 7 * 86_400_000, label: '7 d' },
  { id: '30d', ms: 30 * 86_400_000, label: '30 d' },
] as const;
export type RangeId = (typeof RANGES)[number]['id'];

/** Enough points for a chart as wide as a screen. */
const MAX_POINTS = 500;

interface Answer {
  /** Which request it answers (a newer request makes it old). */
  n: number;
  history: HealthHistory | null;
  error: string | null;
}

function useHistory(service: string, range: RangeId, n: number): Answer | null {
  const client = useClient();
  const [answer, setAnswer] = useState<Answer | null>(null);
  useEffect(() => {
    let live = true;
    const ms = RANGES.find((r) => r.id === range)!.ms;
    // The core's clock: a skewed wall display must not ask for its own idea of "the last hour".
    const toAt = Date.now() + useAppStore.getState().serverOffsetMs;
    client
      .call('health.history', { service, fromAt: toAt - ms, toAt, maxPoints: MAX_POINTS })
      .then((history) => {
        if (live) setAnswer({ n, history, error: null });
      })
      .catch((error: unknown) => {
        if (!live) return;
        const problem = describeCallError('Loading the history', error);
        setAnswer({ n, history: null, error: [problem.title, ...problem.details].join(': ') });
      });
    return () => {
      live = false;
    };
  }, [client, service, range, n]);
  return answer;
}

function MuteButton({ service, muted }: { service: string; muted: boolean }) {
  const call = useHealthCall();
  return (
    <div className="history__mute">
      <button
        type="button"
        className="button button--small"
        aria-pressed={muted}
        disabled={call.busy !== null}
        data-testid={`mute-${service}`}
        onClick={() =>
          void call.run(
            'mute',
            muted ? 'Unmute' : 'Mute',
            (c) => c.call('health.mute', { service, muted: !muted }),
            (answer, rev) => applyServiceHealthAnswer(answer, rev),
          )
        }
      >
        <Icon name={muted ? 'bell' : 'mute'} />
        {call.busy ? (muted ? 'Unmuting…' : 'Muting…') : muted ? 'Unmute notifications' : 'Mute notifications'}
      </button>
      <CallError problem={call.problem} controls={['mute']} testId={`mute-error-${service}`} />
    </div>
  );
}

function Summary({ history, label }: { history: HealthHistory; label: string }) {
  const checks = history.points.reduce((sum, p) => sum + p.count, 0);
  const failures = history.points.reduce((sum, p) => sum + p.failures, 0);
  const degraded = history.points.reduce((sum, p) => sum + p.degraded, 0);
  const unobservedMs = history.notObserved.reduce((sum, s) => sum + (s.toAt - s.fromAt), 0);
  return (
    <dl className="history__facts">
      <div className="history__fact">
        <dt>Uptime over {label}</dt>
        <dd className="history__uptime" data-testid="history-uptime">
          {formatUptime(history.uptime)}
        </dd>
      </div>
      <div className="history__fact">
        <dt>Checks</dt>
        <dd>
          {formatInt(checks)} <span className="muted">(</span>
          <span className={failures > 0 ? 'num--bad' : 'muted'}>{formatInt(failures)} failed</span>
          <span className="muted">, </span>
          <span className={degraded > 0 ? 'num--warn' : 'muted'} data-testid="history-degraded">
            {formatInt(degraded)} degraded
          </span>
          <span className="muted">)</span>
        </dd>
      </div>
      <div className="history__fact">
        <dt>Not observed</dt>
        <dd className={unobservedMs > 0 ? undefined : 'muted'}>{unobservedMs > 0 ? formatCompactDuration(unobservedMs) : 'never'}</dd>
      </div>
    </dl>
  );
}

function Legend() {
  return (
    <ul className="legend" aria-label="Legend">
      <li>
        <span className="legend__line legend__line--p50" />
        p50
      </li>
      <li>
        <span className="legend__line legend__line--p95" />
        p95
      </li>
      <li>
        <span className="legend__line legend__line--max" />
        max
      </li>
      <li>
        <span className="legend__band legend__band--failed" />
        failed checks
      </li>
      <li>
        <span className="legend__band legend__band--degraded" />
        degraded
      </li>
      <li>
        <span className="legend__band legend__band--unobserved" />
        not observed
      </li>
    </ul>
  );
}

export function HistoryDialog({ service, onClose }: { service: string; onClose: () => void }) {
  const name = useAppStore((s) => serviceName(s, service));
  const health = useAppStore((s) => s.health.services[service]);
  const operator = useAppStore((s) => s.connection.role === 'operator');
  const [request, setRequest] = useState<{ range: RangeId; n: number }>({ range: '1h', n: 0 });
  const answer = useHistory(service, request.range, request.n);
  const loading = answer?.n !== request.n;
  const history = answer?.history ?? null;
  const closeRef = useRef<HTMLButtonElement>(null);
  const range = RANGES.find((r) => r.id === request.range)!;

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);

  useEffect(() => {
    // Focus moves into the dialog, and back to where it was once it closes; the page behind stays put.
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    closeRef.current?.focus();
    document.body.classList.add('dialog-open');
    return () => {
      document.body.classList.remove('dialog-open');
      before?.focus();
    };
  }, []);

  return (
    <div className="dialog-backdrop" onClick={(event) => event.target === event.currentTarget && onClose()}>
      <section
        className="dialog panel history"
        role="dialog"
        aria-modal="true"
        aria-labelledby="history-title"
        data-testid="health-history"
        data-service={service}
        data-loading={loading}
      >
        <header className="history__head">
          <div className="history__title">
            <h2 id="history-title">{name}</h2>
            {health && <HealthMark status={health.status} size="lg" />}
            {health && <Since at={health.since} />}
            {health?.muted && (
              <span className="marker marker--muted">
                <Icon name="mute" />
                Muted
              </span>
            )}
          </div>
          <div className="history__tools">
            <div className="segmented" role="group" aria-label="Time range">
              {RANGES.map((r) => (
                <button
                  key={r.id}
                  type="button"
                  className="segmented__item"
                  aria-pressed={r.id === request.range}
                  data-testid={`history-range-${r.id}`}
                  // The same range again loads it afresh.
                  onClick={() => setRequest((current) => ({ range: r.id, n: current.n + 1 }))}
                >
                  {r.label}
                </button>
              ))}
            </div>
            {operator && health && <MuteButton service={service} muted={health.muted} />}
            <button ref={closeRef} type="button" className="button button--small" onClick={onClose} data-testid="history-close" aria-label="Close history">
              <Icon name="close" />
              Close
            </button>
          </div>
        </header>
        {answer?.error && answer.n === request.n && (
          <p className="form-error form-error--compact" role="alert" data-testid="history-error">
            {answer.error}
          </p>
        )}
        {history && <Summary history={history} label={range.label} />}
        <div className={`history__chart${loading ? ' history__chart--loading' : ''}`}>
          <HistoryChart history={history} status={health?.status ?? 'unknown'} since={health?.since ?? null} />
          {loading && <span className="history__loading">Loading {range.label}…</span>}
        </div>
        <Legend />
        {history && (
          <div className="history__lists">
            <TransitionList transitions={history.transitions} rangeMs={history.toAt - history.fromAt} />
            <NotObservedList spans={history.notObserved} rangeMs={history.toAt - history.fromAt} />
            <ServiceAlertHistory service={service} fromAt={history.fromAt} toAt={history.toAt} />
          </div>
        )}
      </section>
    </div>
  );
}
