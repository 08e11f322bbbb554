/**
 * Top of the health view: which environment is probed, the counts, and for operators "Check all
 * now" (with its progress, then how long it took) and Pause / Resume probing.
 */
import { useState } from 'react';
import type { HealthOverview } from '../../../shared/domain/probes.js';
import { applyHealthAnswer } from '../../stores/store-updates.js';
import { selectHealthEnvironmentId } from '../../stores/selectors.js';
import { useAppStore } from '../../stores/store.js';
import type { AppState } from '../../stores/store.js';
import { CallError } from '../common/CallError.js';
import { Icon } from '../common/Icon.js';
import { HealthCounts } from './HealthCounts.js';
import { useHealthCall } from './use-health-call.js';

const probeCount = (services: Iterable<{ probes: readonly unknown[] }>) => [...services].reduce((sum, s) => sum + s.probes.length, 0);

/** Probes whose last check is at or after `sinceAt` (core time): the progress of a check-all. */
function checkedSince(state: AppState, sinceAt: number): number {
  let n = 0;
  for (const service of Object.values(state.health.services)) {
    for (const probe of service.probes) if (probe.lastResult && probe.lastResult.at >= sinceAt) n += 1;
  }
  return n;
}

function EnvironmentName() {
  const id = useAppStore(selectHealthEnvironmentId);
  const env = useAppStore((s) => s.config?.environments.find((e) => e.id === id));
  if (!id) return null;
  return (
    <p className="health-head__env" data-testid="health-environment" data-production={env?.production ?? false}>
      <span className="muted">Probing</span> <strong>{env?.label ?? id}</strong> <code className="muted">{id}</code>
    </p>
  );
}

function Controls() {
  const call = useHealthCall();
  const paused = useAppStore((s) => s.health.paused);
  const total = useAppStore((s) => probeCount(Object.values(s.health.services)));
  const [checkStartedAt, setCheckStartedAt] = useState<number | null>(null);
  const checked = useAppStore((s) => (checkStartedAt === null ? 0 : checkedSince(s, checkStartedAt)));
  const [result, setResult] = useState<{ probes: number; seconds: number } | null>(null);

  const checkAll = async () => {
    const started = performance.now();
    setCheckStartedAt(Date.now() + useAppStore.getState().serverOffsetMs);
    setResult(null);
    const answer = await call.run<HealthOverview>('check-all', 'Check all', (c) => c.call('health.checkAll', {}), applyHealthAnswer);
    setCheckStartedAt(null);
    if (answer) setResult({ probes: probeCount(answer.services), seconds: (performance.now() - started) / 1000 });
  };
  const checking = call.busy === 'check-all';

  return (
    <div className="health-head__controls">
      <div className="button-row">
        <button
          type="button"
          className="button button--primary"
          disabled={call.busy !== null}
          aria-busy={checking}
          onClick={() => void checkAll()}
          data-testid="check-all"
          data-busy={checking}
        >
          <Icon name={checking ? 'reload' : 'probe'} className={checking ? 'icon--spin' : undefined} />
          {checking ? `Checking… ${Math.min(checked, total)} of ${total} probes` : 'Check all now'}
        </button>
        {paused ? (
          <button
            type="button"
            className="button"
            disabled={call.busy !== null}
            onClick={() => void call.run('resume', 'Resume probing', (c) => c.call('health.resume', {}), applyHealthAnswer)}
            data-testid="probes-resume"
          >
            <Icon name="play" />
            {call.busy === 'resume' ? 'Resuming…' : 'Resume probing'}
          </button>
        ) : (
          <button
            type="button"
            className="button"
            disabled={call.busy !== null}
            onClick={() => void call.run('pause', 'Pause probing', (c) => c.call('health.pause', {}), applyHealthAnswer)}
            data-testid="probes-pause"
          >
            <Icon name="paused" />
            {call.busy === 'pause' ? 'Pausing…' : 'Pause probing'}
          </button>
        )}
      </div>
      {result && !checking && (
        <p className="health-head__result" role="status" data-testid="check-all-result">
          <Icon name="check" />
          Checked {result.probes} {result.probes === 1 ? 'probe' : 'probes'} in {result.seconds.toFixed(1)} s
        </p>
      )}
      <CallError problem={call.problem} controls={['check-all', 'pause', 'resume']} testId="health-call-error" />
    </div>
  );
}

export function HealthHeader() {
  const operator = useAppStore((s) => s.connection.role === 'operator');
  return (
    <header className="panel health-head" data-testid="health-head">
      <div className="health-head__main">
        <h2 className="view__title">Service health</h2>
        <EnvironmentName />
        <HealthCounts />
      </div>
      {operator && <Controls />}
    </header>
  );
}
