/** The running load test: profile, who, progress, the latest second's figures and the live req/s chart. */
import { memo } from 'react';
import { formatInt, formatMs, formatRate } from '../../../shared/format/numbers.js';
import { useServerNow } from '../../lib/use-now.js';
import { useAppStore } from '../../stores/store.js';
import { LoadRunChart } from '../charts/LoadRunChart.js';
import { Icon } from '../common/Icon.js';

/** How far the run is through its planned length: the only part of the panel that ticks each second. */
function RunProgress({ startedAt, plannedMs }: { startedAt: number; plannedMs: number }) {
  const now = useServerNow(1000, plannedMs > 0);
  if (plannedMs <= 0) return null;
  return <> · {Math.min(100, Math.round(((now - startedAt) / plannedMs) * 100))} %</>;
}

/** The latest second's figures: drawn again when a new second arrives, not with the whole panel. */
function LatestSecond({ runId }: { runId: number }) {
  const last = useAppStore((s) => s.loadSeries[runId]?.points.at(-1));
  return (
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
  );
}

function WallLoadView() {
  const run = useAppStore((s) => (s.load.activeRunId === null ? null : s.load.runs[s.load.activeRunId] ?? null));
  if (!run) {
    return (
      <section className="wall-panel wall-load wall-load--idle" data-testid="wall-load" data-state="idle">
        <h2 className="wall-panel__title">Load test</h2>
        <p className="wall-panel__empty">none running</p>
      </section>
    );
  }
  return (
    <section className="wall-panel wall-load" data-testid="wall-load" data-state="running" data-run-id={run.id}>
      <h2 className="wall-panel__title">
        <Icon name="bolt" />
        Load test {run.profile}
        <span className="wall-panel__meta">
          {run.actor}
          <RunProgress startedAt={run.startedAt} plannedMs={run.plannedMs} />
        </span>
      </h2>
      <LatestSecond runId={run.id} />
      <div className="wall-load__chart">
        <LoadRunChart runId={run.id} kind="rps" label={`Requests per second of load test ${run.profile}, live`} xMaxSeconds={Math.round(run.plannedMs / 1000)} />
      </div>
    </section>
  );
}

/** Memoised: it follows the store itself, so the wall re-rendering for other news does not redraw it. */
export const WallLoad = memo(WallLoadView);
