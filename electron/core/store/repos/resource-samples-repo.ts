/** Resources sampled during load runs: what was sampled, the values per series, and failed samples. */
import type { MetricUnit, RunResource } from '../../../../shared/domain/monitoring.js';
import { MetricUnitSchema } from '../../../../shared/domain/monitoring.js';
import type { WritableDb } from '../db.js';

export interface SampledResource {
  resource: string;
  title: string;
  unit: MetricUnit;
  query: string;
}

export interface ResourceSamplesRepo {
  /** Records which resources a run samples; call once before its first sample. */
  declare(runId: number, resources: readonly SampledResource[]): void;
  /** One sample of one resource: a value per series, in one transaction. */
  addSample(runId: number, resource: string, at: number, values: readonly { series: string; value: number }[]): void;
  addFailure(runId: number, resource: string, at: number, detail: string): void;
  /** Everything a run sampled, in declaration order, series by name, points by time. */
  forRun(runId: number): RunResource[];
  /** Samples of every run taken in [fromAt, toAt): what the resources were at a time, whatever the run. */
  between(resource: string, fromAt: number, toAt: number): { runId: number; series: string; at: number; value: number }[];
}

export function createResourceSamplesRepo(db: WritableDb): ResourceSamplesRepo {
  const insertResource = db.prepare('INSERT OR REPLACE INTO load_run_resources (run_id, resource, title, unit, query, position) VALUES (?, ?, ?, ?, ?, ?)');
  const insertSample = db.prepare('INSERT INTO resource_samples (run_id, resource, series, at, value) VALUES (?, ?, ?, ?, ?)');
  const insertFailure = db.prepare('INSERT INTO resource_sample_failures (run_id, resource, at, detail) VALUES (?, ?, ?, ?)');
  const selectResources = db.prepare<[number], { resource: string; title: string; unit: string }>(
    'SELECT resource, title, unit FROM load_run_resources WHERE run_id = ? ORDER BY position',
  );
  const selectSamples = db.prepare<[number], { resource: string; series: string; at: number; value: number }>(
    'SELECT resource, series, at, value FROM resource_samples WHERE run_id = ? ORDER BY resource, series, at, id',
  );
  const selectFailures = db.prepare<[number], { resource: string; at: number; detail: string }>(
    'SELECT resource, at, detail FROM resource_sample_failures WHERE run_id = ? ORDER BY at, id',
  );
  const selectBetween = db.prepare<[string, number, number], { runId: number; series: string; at: number; value: number }>(
    'SELECT run_id AS runId, series, at, value FROM resource_samples WHERE resource = ? AND at >= ? AND at < ? ORDER BY at, id',
  );
  const declare = db.transaction((runId: number, resources: readonly SampledResource[]) => {
    resources.forEach((r, position) => insertResource.run(runId, r.resource, r.title, r.unit, r.query, position));
  });
  const addSample = db.transaction((runId: number, resource: string, at: number, values: readonly { series: string; value: number }[]) => {
    for (const { series, value } of values) insertSample.run(runId, resource, series, at, value);
  });

  return {
    declare: (runId, resources) => declare(runId, resources),
    addSample: (runId, resource, at, values) => addSample(runId, resource, at, values),
    addFailure(runId, resource, at, detail) {
      insertFailure.run(runId, resource, at, detail);
    },
    forRun(runId) {
      const byResource = new Map<string, RunResource>();
      for (const row of selectResources.all(runId)) {
        const unit = MetricUnitSchema.safeParse(row.unit);
        byResource.set(row.resource, { resource: row.resource, title: row.title, unit: unit.success ? unit.data : 'none', series: [], failures: [] });
      }
      for (const row of selectSamples.all(runId)) {
        const resource = byResource.get(row.resource);
        if (!resource) continue;
        let series = resource.series.at(-1);
        if (series?.name !== row.series) {
          series = { name: row.series, points: [] };
          resource.series.push(series);
        }
        series.points.push([row.at, row.value]);
      }
      for (const row of selectFailures.all(runId)) byResource.get(row.resource)?.failures.push({ at: row.at, detail: row.detail });
      return [...byResource.values()];
    },
    between: (resource, fromAt, toAt) => selectBetween.all(resource, fromAt, toAt),
  };
}
