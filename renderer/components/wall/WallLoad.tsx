/** The running load test: profile, who, progress, the latest second's figures and the live req/s chart. */
import { formatInt, formatMs, formatRate } from '../../../shared/format/numbers.js';
import { useServerNow } from '../../lib/use-now.js';
import { useAppStore } from '../../stores/store.js';
import { LoadRunChart } from '../charts/LoadRunChart.js';
import { Icon } from '../common/Icon.js';

export function WallLoad() {
  const run = useAppStore((s) => (s.load.activeRunId === null ? null : s.load.runs[s.load.activeRunId] ?? null));
  const last = useAppStore((s) => (s.load.activeRunId === null ? undefined : s.loadSeries[s.load.activeRunId]?.points.at(-1)));
  const now = useServerNow(1000, run !== null);
  if (!run) {
    return (
      <section className="wall-panel wall-load wall-load--idle" data-testid="wall-load" data-state="idle">
        <h2 className="wall-panel__title">Load test</h2>
        <p className="wall-panel__empty">none running</p>
      </section>
    );
  }
  const done = run.plannedMs > 0 ? Math.min(100, Math.round(((now - run.startedAt) / run.plannedMs) * 100)) : null;
  return (
    <section className="wall-panel wall-load" data-testid="wall-load" data-state="running" data-run-id={run.id}>
      <h2 className="wall-panel__title">
        <Icon name="bolt" />
        Load test {run.profile}
        <span className="wall-panel__meta">
          {run.actor}
          {done !== null ? ` · ${done} %` : ''}
        </span>
      </h2>
      <div className="wall-load__figures">
        <span>
          <strong>{last ? formatRate(last.rps) : '–'}</strong> req/s
        </span>
        <span>
          <strong>{last ? formatMs(last.p95Ms) : '–'}</strong> ms p95
        </span>
        <span className={last && last.errorCount > 0 ? 'wall-load__errors' : undefined}>
          <strong>{last ? formatInt(last.errorCount) : '–'}</strong> errors/s
        </span>
      </div>
      <div className="wall-load__chart">
        <LoadRunChart runId={run.id} kind="rps" label={`Requests per second of load test ${run.profile}, live`} xMaxSeconds={Math.round(run.plannedMs / 1000)} />
      </div>
    </section>
  );
}
