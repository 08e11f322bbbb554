/**
 * Load tests: the environment they run against, the profiles with Start, the running test live
 * (progress, big numbers, charts every second, threshold verdicts, endpoints, Stop), the verdict of
 * the last run with its reports, and the history with comparisons. Operators start and stop;
 * viewers watch the same screen without those controls.
 */
import { ImportResults } from '../components/load/ImportResults.js';
import { Fragment } from 'react';
import { OperatorNameField } from '../components/actions/OperatorNameField.js';
import { EmptyState } from '../components/common/EmptyState.js';
import { Icon } from '../components/common/Icon.js';
import { LoadRunPanel } from '../components/load/LoadRunPanel.js';
import { LoadRunsSection } from '../components/load/LoadRunsSection.js';
import { ProfileCards } from '../components/load/ProfileCards.js';
import { RunExceptions } from '../components/load/RunExceptions.js';
import { BaselineBox, SuitesSection } from '../components/load/SuitesSection.js';
import { openLoadRun } from '../stores/load-actions.js';
import { selectShownLoadRunId } from '../stores/slices/load.js';
import { useAppStore } from '../stores/store.js';
import { Waiting } from './Waiting.js';

/** Brings the run panel into view (after Start or a click in the history). */
function revealPanel() {
  requestAnimationFrame(() => document.getElementById('load-run-panel')?.scrollIntoView?.({ block: 'start', behavior: 'smooth' }));
}

function EnvironmentLine() {
  const environment = useAppStore((s) => s.load.environment) ?? '';
  const env = useAppStore((s) => s.config?.environments.find((e) => e.id === s.load.environment));
  const production = env?.production ?? false;
  return (
    <p className={`load-env${production ? ' load-env--production' : ''}`} data-testid="load-environment" data-production={production}>
      <span className="muted">Load tests run against</span>
      {production && (
        <span className="load-env__marker">
          <Icon name="warning" />
          PRODUCTION
        </span>
      )}
      <strong>{env?.label ?? environment}</strong> <code className="muted">{environment}</code>
    </p>
  );
}

/** While an older run is open and a test runs, a way back to the live one. */
function FollowLive({ shownId }: { shownId: number | null }) {
  const active = useAppStore((s) => (s.load.activeRunId === null ? null : s.load.runs[s.load.activeRunId] ?? null));
  if (!active || active.id === shownId) return null;
  return (
    <p className="load-follow" data-testid="load-follow-live">
      <span className="load-state load-state--running">
        <Icon name="probe" />
        {active.profile} #{active.id} is running
      </span>
      <button type="button" className="button button--small" onClick={() => openLoadRun(null)}>
        Show the live test
      </button>
    </p>
  );
}

function LoadScreen() {
  const operator = useAppStore((s) => s.connection.role === 'operator');
  const shownId = useAppStore(selectShownLoadRunId);
  const opened = useAppStore((s) => s.openLoadRunId !== null && s.openLoadRunId === shownId);
  const running = useAppStore((s) => s.load.activeRunId !== null);

  // The running test, or on a wall the last verdict, comes first; an idle operator screen starts
  // with the profiles. Keyed, so a run starting or ending moves the panel without remounting it.
  const panel = (
    <Fragment key="panel">
      <FollowLive shownId={shownId} />
      {shownId !== null && <LoadRunPanel key={shownId} runId={shownId} operator={operator} opened={opened} />}
    </Fragment>
  );
  const profiles = <ProfileCards key="profiles" operator={operator} onStarted={revealPanel} />;

  return (
    <section className="view view--load" data-testid="view-load">
      <header className="panel load-head">
        <div className="load-head__main">
          <h2 className="view__title">Load tests</h2>
          <EnvironmentLine />
        </div>
        {operator && <OperatorNameField compact />}
      </header>
      {!operator && (
        <p className="readonly-note" data-testid="load-readonly">
          <Icon name="lock" />
          Read-only display: load tests are started and stopped from an operator screen.
        </p>
      )}
      <SuitesSection operator={operator} />
      {running || !operator ? [panel, profiles] : [profiles, panel]}
      {shownId !== null && <RunExceptions key={`exceptions-${shownId}`} runId={shownId} operator={operator} />}
      {shownId !== null && <BaselineBox key={`baseline-${shownId}`} runId={shownId} operator={operator} />}
      {operator && <ImportResults onImported={revealPanel} />}
      <LoadRunsSection shownId={shownId} onOpened={revealPanel} />
    </section>
  );
}

export function LoadView() {
  const ready = useAppStore((s) => s.load.environment !== null);
  const empty = useAppStore((s) => s.load.profiles.length === 0 && Object.keys(s.load.runs).length === 0);
  if (!ready) return <Waiting view="load" />;
  if (empty) {
    return (
      <section className="view" data-testid="view-load">
        <EmptyState title="No load profiles configured" sections={['load']}>
          <p>
            The profiles of the <code>load</code> section of warroom.yaml (smoke, light, normal, peak, endurance…) are listed
            here to start. A running test shows its request rate, latency percentiles, active users and errors second by second,
            its thresholds live, and ends with a verdict and downloadable reports.
          </p>
        </EmptyState>
      </section>
    );
  }
  return <LoadScreen />;
}
