/** Top of the Rehearsal view: is the platform up, where, since when, on which baseline; start, stop, reset. */
import type { RehearsalState } from '../../../shared/domain/rehearsal.js';
import { formatClock, formatDateTime } from '../../lib/time.js';
import { useServerNow } from '../../lib/use-now.js';
import { Icon } from '../common/Icon.js';
import type { IconName } from '../common/Icon.js';
import type { Status } from '../common/StatusMark.js';
import { CallError } from '../common/CallError.js';
import { useRehearsalCall } from './use-rehearsal-call.js';
import { formatDuration } from '../../../shared/format/durations.js';

const LOOK: Record<RehearsalState['state'], { status: Status; icon: IconName; word: string }> = {
  running: { status: 'ok', icon: 'check', word: 'Running' },
  starting: { status: 'unknown', icon: 'reload', word: 'Starting…' },
  stopped: { status: 'unknown', icon: 'stop', word: 'Stopped' },
  unreachable: { status: 'down', icon: 'cross', word: 'Unreachable' },
};

/** The platform's state as colour plus shape plus word. */
export function PlatformStateMark({ state, size = 'lg' }: { state: RehearsalState['state']; size?: 'md' | 'lg' }) {
  const look = LOOK[state];
  return (
    <span className={`status status--${look.status} status--${size}`} data-status={look.status} data-testid="rehearsal-state" data-state={state}>
      <Icon name={look.icon} />
      <span className="status__word">{look.word}</span>
    </span>
  );
}

function Facts({ state }: { state: RehearsalState }) {
  const now = useServerNow(1000, state.state === 'running' || state.state === 'unreachable');
  switch (state.state) {
    case 'running': {
      const { status } = state;
      return (
        <dl className="facts">
          <div className="facts__item">
            <dt>Control URL</dt>
            <dd>
              <code data-testid="rehearsal-control-url">{status.controlUrl}</code>
            </dd>
          </div>
          <div className="facts__item">
            <dt>Uptime</dt>
            <dd data-testid="rehearsal-uptime" title={`started ${formatDateTime(status.startedAt)}, pid ${status.pid}`}>
              {formatDuration(now - status.startedAt)}
            </dd>
          </div>
          <div className="facts__item">
            <dt>Release baseline</dt>
            <dd>
              <code data-testid="rehearsal-baseline">{status.baseline}</code>
            </dd>
          </div>
          <div className="facts__item">
            <dt>Database schema</dt>
            <dd data-testid="rehearsal-db-schema">v{status.databaseSchema}</dd>
          </div>
          <div className="facts__item">
            <dt>Configuration</dt>
            <dd data-testid="rehearsal-config-revision" title={status.configuration.revisions[0]?.note}>
              revision {status.configuration.revision}
            </dd>
          </div>
          <div className="facts__item">
            <dt>Known-good state</dt>
            <dd data-testid="rehearsal-known-good" title={`${status.knownGood.note}, ${formatDateTime(status.knownGood.recordedAt)}`}>
              {[...new Set(Object.values(status.knownGood.versions))].join(', ')}
              {status.knownGood.source === 'recorded' ? `, recorded ${formatClock(status.knownGood.recordedAt)}` : ' (as started)'}
            </dd>
          </div>
          <div className="facts__item">
            <dt>Process</dt>
            <dd>{state.managed ? `pid ${status.pid}, started by Warroom` : `pid ${status.pid}, started outside Warroom`}</dd>
          </div>
        </dl>
      );
    }
    case 'stopped':
      return (
        <p className="rehearsal-head__reason" data-testid="rehearsal-reason">
          {state.reason}
        </p>
      );
    case 'unreachable':
      return (
        <p className="rehearsal-head__reason" data-testid="rehearsal-reason">
          {state.reason}
          <span className="rehearsal-head__since" title={formatDateTime(state.since)}>
            since {formatClock(state.since)} ({formatDuration(now - state.since)} ago)
          </span>
        </p>
      );
    case 'starting':
      return <p className="rehearsal-head__reason muted">Waiting for the platform to report its services ready.</p>;
  }
}

function PlatformButtons({ state }: { state: RehearsalState }) {
  const { busy, problem, run } = useRehearsalCall();
  const running = state.state === 'running';
  return (
    <div className="rehearsal-head__controls">
      <div className="button-row">
        {!running && (
          <button
            type="button"
            className="button button--primary"
            disabled={busy !== null || state.state === 'starting'}
            onClick={() => void run('start', 'Start platform', (c) => c.call('rehearsal.start', {}))}
            data-testid="rehearsal-start"
          >
            <Icon name="play" />
            {busy === 'start' || state.state === 'starting' ? 'Starting…' : 'Start platform'}
          </button>
        )}
        {running && (
          <button
            type="button"
            className="button"
            disabled={busy !== null}
            onClick={() => void run('reset', 'Reset all faults', (c) => c.call('rehearsal.reset', {}))}
            data-testid="rehearsal-reset"
          >
            <Icon name="reload" />
            {busy === 'reset' ? 'Resetting…' : 'Reset all faults'}
          </button>
        )}
        {running && (
          <button
            type="button"
            className="button button--danger"
            disabled={busy !== null}
            onClick={() => void run('stop', 'Stop platform', (c) => c.call('rehearsal.stop', {}))}
            data-testid="rehearsal-stop"
          >
            <Icon name="stop" />
            {busy === 'stop' ? 'Stopping…' : 'Stop platform'}
          </button>
        )}
      </div>
      <CallError problem={problem} controls={['start', 'stop', 'reset']} testId="rehearsal-error" />
    </div>
  );
}

export function PlatformHeader({ state, operator }: { state: RehearsalState; operator: boolean }) {
  return (
    <header className="panel rehearsal-head" data-testid="rehearsal-head" data-state={state.state}>
      <div className="rehearsal-head__main">
        <div className="rehearsal-head__title">
          <h2 className="view__title">Rehearsal platform</h2>
          <PlatformStateMark state={state.state} />
        </div>
        <Facts state={state} />
      </div>
      {operator && <PlatformButtons state={state} />}
    </header>
  );
}
