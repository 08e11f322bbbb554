/**
 * Warroom's own metrics in Prometheus text format, served at /metrics by the web shell so an
 * existing Prometheus can scrape the war room. Like every other caller it goes through the
 * contract: counters and histograms follow the event bus (probe results, action runs, load ticks),
 * gauges read the core at scrape time (service health, board score, alerts). Labels are bounded
 * by the config (service, probe and action ids, profiles), never by free text.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CommandInput, CommandName, CommandOutput } from '../../shared/contract/index.js';
import type { EventBus } from '../core/bus.js';
import type { Dispatch } from '../core/rpc/router.js';

export interface SelfMetrics {
  /** The exposition text; gauges are read from the core now. */
  render(): Promise<string>;
  readonly contentType: string;
  /** Stops following the bus. */
  close(): void;
}

const HEALTH_STATES = ['up', 'degraded', 'down', 'unknown'] as const;

export function createSelfMetrics(deps: { bus: EventBus; dispatch: Dispatch }): SelfMetrics {
  const registry = new Registry();
  const read = async <N extends CommandName>(name: N, input: CommandInput<N>): Promise<CommandOutput<N> | undefined> => {
    const answer = await deps.dispatch(name, input, { role: 'viewer', transport: 'http' });
    return answer.ok ? answer.value : undefined;
  };

  const probeResults = new Counter({
    name: 'warroom_probe_results_total',
    help: 'Probe results, by service, probe and outcome.',
    labelNames: ['service', 'probe', 'outcome'] as const,
    registers: [registry],
  });
  const probeLatency = new Histogram({
    name: 'warroom_probe_latency_seconds',
    help: 'Probe latency, by service.',
    labelNames: ['service'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const actionRuns = new Counter({
    name: 'warroom_action_runs_total',
    help: 'Action runs that ended, by action and final state.',
    labelNames: ['action', 'state'] as const,
    registers: [registry],
  });
  const loadRps = new Gauge({
    name: 'warroom_load_rps',
    help: 'Requests per second of the running load test in its last second (0 when none runs).',
    labelNames: ['profile'] as const,
    registers: [registry],
  });
  const loadLatency = new Gauge({
    name: 'warroom_load_latency_seconds',
    help: 'Latency quantiles of the running load test in its last second.',
    labelNames: ['profile', 'quantile'] as const,
    registers: [registry],
  });
  const loadRequests = new Counter({
    name: 'warroom_load_requests_total',
    help: 'Requests completed by load tests, by profile.',
    labelNames: ['profile'] as const,
    registers: [registry],
  });
  const loadErrors = new Counter({
    name: 'warroom_load_errors_total',
    help: 'Failed requests of load tests, by profile.',
    labelNames: ['profile'] as const,
    registers: [registry],
  });

  const profiles = new Map<number, string>();
  const offs = [
    deps.bus.on('probe.results', ({ results }) => {
      for (const result of results) {
        probeResults.inc({ service: result.service, probe: result.probeId, outcome: result.outcome });
        probeLatency.observe({ service: result.service }, result.latencyMs / 1000);
      }
    }),
    deps.bus.on('action.ended', (run) => actionRuns.inc({ action: run.actionId, state: run.state })),
    deps.bus.on('load.changed', (run) => {
      if (run.state === 'running') {
        profiles.set(run.id, run.profile);
        return;
      }
      profiles.delete(run.id);
      loadRps.set({ profile: run.profile }, 0);
      loadLatency.remove({ profile: run.profile, quantile: '0.5' });
      loadLatency.remove({ profile: run.profile, quantile: '0.95' });
      loadLatency.remove({ profile: run.profile, quantile: '0.99' });
    }),
    deps.bus.on('load.tick', ({ runId, tick }) => {
      const profile = profiles.get(runId) ?? 'unknown';
      loadRps.set({ profile }, tick.total.rps);
      loadLatency.set({ profile, quantile: '0.5' }, tick.total.p50Ms / 1000);
      loadLatency.set({ profile, quantile: '0.95' }, tick.total.p95Ms / 1000);
      loadLatency.set({ profile, quantile: '0.99' }, tick.total.p99Ms / 1000);
      loadRequests.inc({ profile }, tick.total.requests);
      loadErrors.inc({ profile }, tick.total.errorCount);
    }),
  ];

  new Gauge({
    name: 'warroom_service_health',
    help: 'Each service’s current health as Warroom derived it: 1 for its status, 0 for the others.',
    labelNames: ['service', 'status'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const health = await read('health.list', {});
      for (const service of health?.services ?? []) {
        for (const status of HEALTH_STATES) this.set({ service: service.service, status }, service.status === status ? 1 : 0);
      }
    },
  });
  new Gauge({
    name: 'warroom_board_score_percent',
    help: 'The go/no-go board’s readiness score (0–100).',
    registers: [registry],
    async collect() {
      const board = await read('board.get', {});
      if (board) this.set(board.score);
    },
  });
  new Gauge({
    name: 'warroom_board_go',
    help: '1 when the board says GO, 0 for NO-GO.',
    registers: [registry],
    async collect() {
      const board = await read('board.get', {});
      if (board) this.set(board.verdict === 'GO' ? 1 : 0);
    },
  });
  new Gauge({
    name: 'warroom_alerts_firing',
    help: 'Alerts Alertmanager holds as Warroom last read them, by state (active, suppressed).',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const alerts = await read('alerts.list', {});
      if (!alerts || alerts.source.state !== 'ok') return;
      this.set({ state: 'active' }, alerts.alerts.filter((a) => a.status === 'active').length);
      this.set({ state: 'suppressed' }, alerts.alerts.filter((a) => a.status === 'suppressed').length);
    },
  });

  return {
    render: () => registry.metrics(),
    contentType: registry.contentType,
    close: () => offs.forEach((off) => off()),
  };
}
