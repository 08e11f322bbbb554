/**
 * The configured load profiles, a card each: model, peak users or rate, duration, thresholds and
 * the target. Operators start one from its card (one test at a time); viewers see the cards only.
 */
import { useRef, useState } from 'react';
import type { LoadProfileView } from '../../../shared/domain/load-runs.js';
import { useClient } from '../../api/client-context.js';
import { useOperatorName } from '../../lib/operator-name.js';
import { applyLoadRunAnswer, openLoadRun } from '../../stores/load-actions.js';
import { useAppStore } from '../../stores/store.js';
import { describeCallError } from '../common/call-problem.js';
import type { CallProblem } from '../common/call-problem.js';
import { CallError } from '../common/CallError.js';
import { Icon } from '../common/Icon.js';
import { formatPeak } from './load-format.js';
import { formatDuration } from '../../../shared/format/durations.js';

interface Starter {
  busy: string | null;
  problem: CallProblem | null;
  start(profile: string): void;
}

function useStarter(onStarted: () => void): Starter {
  const client = useClient();
  const name = useOperatorName();
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<CallProblem | null>(null);
  const inFlight = useRef(false);
  const start = async (profile: string) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(profile);
    setProblem(null);
    try {
      applyLoadRunAnswer(await client.call('load.start', { profile, actor: name }));
      openLoadRun(null);
      onStarted();
    } catch (error) {
      setProblem({ control: `start-${profile}`, ...describeCallError(`Starting ${profile}`, error) });
    } finally {
      inFlight.current = false;
      setBusy(null);
    }
  };
  return { busy, problem, start: (profile) => void start(profile) };
}

function ProfileCard({ profile, operator, starter, blockedBy }: { profile: LoadProfileView; operator: boolean; starter: Starter; blockedBy: string | null }) {
  const name = useOperatorName();
  const runningThis = useAppStore((s) => {
    const id = s.load.activeRunId;
    return id !== null && s.load.runs[id]?.profile === profile.id;
  });
  const disabledWhy = blockedBy ?? (name === '' ? 'Enter your name at the top of the view first' : null);
  return (
    <article
      className={`load-profile${runningThis ? ' load-profile--running' : ''}`}
      data-testid={`load-profile-${profile.id}`}
      data-model={profile.model}
      data-engine={profile.engine}
      data-running={runningThis}
      aria-labelledby={`load-profile-title-${profile.id}`}
    >
      <header className="load-profile__head">
        <h4 className="load-profile__name" id={`load-profile-title-${profile.id}`}>
          {profile.id}
        </h4>
        {runningThis && (
          <span className="load-state load-state--running load-state--sm">
            <Icon name="probe" />
            running
          </span>
        )}
      </header>
      {profile.description && <p className="load-profile__description muted">{profile.description}</p>}
      <dl className="load-profile__shape">
        <div>
          <dt>{profile.model === 'closed' ? 'Users' : 'Rate'}</dt>
          <dd data-testid={`load-profile-peak-${profile.id}`}>{formatPeak(profile)}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{formatDuration(profile.durationMs)}</dd>
        </div>
      </dl>
      <p className="load-profile__model muted">
        {profile.engine === 'locust' ? (
          <>
            Locust{profile.workers !== null ? ` · a master and ${profile.workers} workers` : ''} · locustfile <code>{profile.scenario}</code>
          </>
        ) : (
          <>
            {profile.model === 'closed' ? 'Closed model: virtual users' : 'Open model: arrival rate'} · scenario <code>{profile.scenario}</code>
          </>
        )}
      </p>
      <p className="load-profile__target">
        <span className="muted">Target </span>
        {profile.baseUrl ? <code>{profile.baseUrl}</code> : <span className="num--bad">no service URL in this environment</span>}
      </p>
      {profile.thresholds.length > 0 && (
        <ul className="load-profile__thresholds" aria-label="Thresholds">
          {profile.thresholds.map((threshold) => (
            <li key={threshold} className="chip">
              <code>{threshold}</code>
            </li>
          ))}
        </ul>
      )}
      {operator && (
        <div className="load-profile__actions">
          <button
            type="button"
            className="button button--primary"
            disabled={disabledWhy !== null || starter.busy !== null}
            title={disabledWhy ?? `Start ${profile.id} against ${profile.baseUrl ?? 'the target'}`}
            onClick={() => starter.start(profile.id)}
            data-testid={`load-start-${profile.id}`}
          >
            <Icon name="play" />
            {starter.busy === profile.id ? 'Starting…' : 'Start'}
          </button>
          <CallError problem={starter.problem} controls={[`start-${profile.id}`]} testId={`load-start-error-${profile.id}`} />
        </div>
      )}
    </article>
  );
}

export function ProfileCards({ operator, onStarted }: { operator: boolean; onStarted: () => void }) {
  const profiles = useAppStore((s) => s.load.profiles);
  const active = useAppStore((s) => (s.load.activeRunId === null ? null : s.load.runs[s.load.activeRunId] ?? null));
  const starter = useStarter(onStarted);
  const blockedBy = active ? `${active.profile} (run ${active.id}) is running: one test at a time` : null;
  return (
    <section className="load-profiles" data-testid="load-profiles" aria-labelledby="load-profiles-title">
      <h3 className="load-section-title" id="load-profiles-title">
        Profiles
      </h3>
      {profiles.length === 0 ? (
        <p className="muted">This environment has no load profiles: add them under <code>load.profiles</code> in warroom.yaml.</p>
      ) : (
        <div className="load-profiles__grid">
          {profiles.map((profile) => (
            <ProfileCard key={profile.id} profile={profile} operator={operator} starter={starter} blockedBy={blockedBy} />
          ))}
        </div>
      )}
    </section>
  );
}
