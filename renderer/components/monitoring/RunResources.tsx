/**
 * The resources sampled from Prometheus during a load run (CPU, memory, pool, cache…), drawn
 * under its latency charts on the same time axis (time into the run). Read from the core when
 * the panel opens, every few seconds while the run goes, and once more when it ends.
 */
import { useEffect, useState } from 'react';
import type { LoadRunRecord } from '../../../shared/domain/load-runs.js';
import type { RunResource } from '../../../shared/domain/monitoring.js';
import { formatOffset } from '../../../shared/format/durations.js';
import { useClient } from '../../api/client-context.js';
import { MetricLineChart } from '../charts/MetricLineChart.js';

const LIVE_REFRESH_MS = 5000;

export function RunResources({ run }: { run: Pick<LoadRunRecord, 'id' | 'state' | 'startedAt'> }) {
  const client = useClient();
  const [resources, setResources] = useState<RunResource[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const running = run.state === 'running';

  useEffect(() => {
    let gone = false;
    const read = () =>
      client
        .call('monitoring.getRunResources', { runId: run.id })
        .then((answer) => {
          if (gone) return;
          setResources(answer.resources);
          setProblem(null);
        })
        .catch((error: unknown) => {
          if (!gone) setProblem(error instanceof Error ? error.message : String(error));
        });
    void read();
    const timer = running ? setInterval(() => void read(), LIVE_REFRESH_MS) : undefined;
    return () => {
      gone = true;
      if (timer) clearInterval(timer);
    };
  }, [client, run.id, running]);

  if (problem) {
    return (
      <p className="form-error form-error--compact" role="alert" data-testid="run-resources-error">
        Resources: {problem}
      </p>
    );
  }
  if (!resources || resources.length === 0) return null;
  const failures = resources.flatMap((r) => r.failures.map((f) => ({ title: r.title, ...f })));
  return (
    <section className="run-resources" data-testid="run-resources" aria-label="Resources during the run">
      <h4 className="load-box__title">Resources during the run</h4>
      <div className="run-resources__charts">
        {resources.map((resource) => (
          <figure className="run-resources__chart" key={resource.resource} data-testid={`run-resource-${resource.resource}`}>
            <h4>{resource.title}</h4>
            {resource.series.length > 0 ? (
              <MetricLineChart series={resource.series} unit={resource.unit} label={`${resource.title} during the run`} origin={run.startedAt} testId={`run-resource-chart-${resource.resource}`} />
            ) : (
              <p className="muted">No sample yet.</p>
            )}
          </figure>
        ))}
      </div>
      {failures.length > 0 && (
        <p className="run-resources__gaps" data-testid="run-resources-gaps">
          {failures.length} sample{failures.length === 1 ? '' : 's'} missing: {failures.slice(0, 3).map((f) => `${f.title} at ${formatOffset(f.at - run.startedAt)}: ${f.detail}`).join('; ')}
          {failures.length > 3 ? ' …' : ''}
        </p>
      )}
    </section>
  );
}
