/** The scripted scenarios the platform knows: what each does, how long it runs; operators play and stop them. */
import { useState } from 'react';
import type { PlatformStatus } from '../../../shared/domain/rehearsal.js';
import { Icon } from '../common/Icon.js';
import { CallError } from '../common/CallError.js';
import { useRehearsalCall } from './use-rehearsal-call.js';
import { formatDuration } from '../../../shared/format/durations.js';

export const SPEEDS = [1, 10, 60] as const;

export function ScenarioList({ status, operator }: { status: PlatformStatus; operator: boolean }) {
  const { busy, problem, run } = useRehearsalCall();
  const [speed, setSpeed] = useState<number>(1);
  const current = status.scenario;
  const playing = current?.state === 'running' ? current : null;
  return (
    <section className="panel rehearsal-panel" data-testid="rehearsal-scenarios">
      <header className="rehearsal-panel__head">
        <h3 className="rehearsal-panel__title">Scenarios</h3>
        {operator && (
          <div className="rehearsal-panel__tools">
            <div className="segmented" role="group" aria-label="Playback speed">
              {SPEEDS.map((s) => (
                <button
                  key={s}
                  type="button"
                  className="segmented__item"
                  aria-pressed={speed === s}
                  onClick={() => setSpeed(s)}
                  data-testid={`scenario-speed-${s}`}
                >
                  {s}×
                </button>
              ))}
            </div>
            <button
              type="button"
              className="button button--small button--danger"
              disabled={busy !== null || !playing}
              onClick={() => void run('stop', 'Stop scenario', (c) => c.call('rehearsal.scenario.stop', {}))}
              data-testid="scenario-stop"
            >
              <Icon name="stop" />
              {busy === 'stop' ? 'Stopping…' : 'Stop scenario'}
            </button>
          </div>
        )}
      </header>
      {operator && <CallError problem={problem} controls={['stop']} testId="scenario-error" />}
      {status.scenarios.length === 0 ? (
        <p className="muted">The platform knows no scenarios (resources/rehearsal/scenarios.yaml is empty).</p>
      ) : (
        <ul className="scenarios">
          {status.scenarios.map((scenario) => {
            const isPlaying = playing?.name === scenario.name;
            return (
              <li key={scenario.name} className={`scenario${isPlaying ? ' scenario--playing' : ''}`} data-testid={`scenario-${scenario.name}`}>
                <div className="scenario__text">
                  <div className="scenario__title">
                    <strong>{scenario.title}</strong>
                    <span className="muted">{formatDuration(scenario.durationMs)}</span>
                    {isPlaying && (
                      <span className="status status--ok">
                        <Icon name="play" />
                        <span className="status__word">Playing at {playing.speed}×</span>
                      </span>
                    )}
                  </div>
                  <p className="scenario__description">{scenario.description}</p>
                  {operator && <CallError problem={problem} controls={[`play:${scenario.name}`]} testId="scenario-error" />}
                </div>
                {operator && (
                  <button
                    type="button"
                    className="button button--small button--primary"
                    disabled={busy !== null}
                    onClick={() =>
                      void run(`play:${scenario.name}`, `Play ${scenario.title}`, (c) => c.call('rehearsal.scenario.start', { name: scenario.name, speed }))
                    }
                    data-testid={`scenario-play-${scenario.name}`}
                  >
                    <Icon name="play" />
                    {busy === `play:${scenario.name}` ? 'Starting…' : `Play ${speed}×`}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
