/**
 * Samples the configured resource queries (CPU, memory, pool, cache…) from the environment's
 * Prometheus while a load run goes: once at the start, every `sampleInterval`, and once at the
 * end, each sample stored with the run. A failed sample is stored with its reason (a gap in the
 * chart that explains itself), never retried into the past, and never stops the run.
 */
import type { ResourceQuery } from '../../../shared/domain/monitoring.js';
import type { Clock, Timers } from '../clock.js';
import type { CoreProblems } from '../problems/problems.js';
import type { ResourceSamplesRepo } from '../store/repos/resource-samples-repo.js';
import { PrometheusError, seriesName, type PrometheusClient } from './prometheus-client.js';

export interface ResourceSampling {
  /** Takes the last sample and stops; never rejects. */
  stop(): Promise<void>;
}

export interface ResourceSampler {
  /** Starts sampling for a run; a no-op when nothing is configured. */
  start(runId: number): ResourceSampling;
}

export interface ResourceSamplerDeps {
  /** The watched environment's Prometheus; null when it has none (then nothing is sampled). */
  client: PrometheusClient | null;
  resources: Record<string, ResourceQuery>;
  intervalMs: number;
  clock: Clock;
  timers: Timers;
  repo: ResourceSamplesRepo;
  problems: CoreProblems;
}

export function createResourceSampler(deps: ResourceSamplerDeps): ResourceSampler {
  const entries = Object.entries(deps.resources);
  return {
    start(runId) {
      const client = deps.client;
      if (!client || entries.length === 0) return { stop: () => Promise.resolve() };
      deps.problems.attempt('monitoring.store', `declaring the resources of load run ${runId}`, () =>
        deps.repo.declare(
          runId,
          entries.map(([resource, spec]) => ({ resource, title: spec.title, unit: spec.unit, query: spec.query })),
        ),
      );
      let inFlight: Promise<void> = Promise.resolve();
      let busy = false;
      let stopped = false;

      const sampleOnce = async (): Promise<void> => {
        const at = deps.clock.now();
        await Promise.all(
          entries.map(async ([resource, spec]) => {
            try {
              const samples = await client.query(spec.query);
              deps.problems.attempt('monitoring.store', `storing a resource sample of load run ${runId}`, () =>
                samples.length === 0
                  ? deps.repo.addFailure(runId, resource, at, 'no data')
                  : deps.repo.addSample(runId, resource, at, samples.map((s) => ({ series: seriesName(s.labels), value: s.value }))),
              );
            } catch (error) {
              const detail = error instanceof PrometheusError ? error.message : `internal error: ${String(error)}`;
              deps.problems.attempt('monitoring.store', `storing a failed resource sample of load run ${runId}`, () => deps.repo.addFailure(runId, resource, at, detail));
            }
          }),
        );
      };
      // One sample at a time: a slow Prometheus makes gaps, never a pile of overlapping queries.
      const tick = () => {
        if (stopped || busy) return;
        busy = true;
        inFlight = sampleOnce().finally(() => (busy = false));
      };
      tick();
      const timer = deps.timers.every(deps.intervalMs, tick);
      return {
        async stop() {
          if (stopped) return inFlight;
          timer.cancel();
          stopped = true;
          inFlight = inFlight.then(sampleOnce);
          return inFlight;
        },
      };
    },
  };
}
